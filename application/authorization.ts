// Who is asking. Every command loads its actor from the Staff stream (the event store is the truth) on every
// call (once per request inside requestScope.withinRequest), so a button pressed in a forwarded or replayed message acts as whoever pressed it, with the role
// and status they have now. Ids in ADMIN_TELEGRAM_IDS are active admins even before any staff event: that
// is how the first admins approve everyone else, and how an operator recovers a locked-out school.
import type { Actor, AssigneeSnapshot, Refusal, StaffState } from '../domain/index.js';
import { SYSTEM_ACTOR_ID } from '../domain/index.js';
import type { EventStore } from './ports/eventStore.js';
import { loadStaffStream } from './requestScope.js';

export const systemActor: Actor = { id: SYSTEM_ACTOR_ID, role: 'system', active: true, categories: [] };

export type ActorLookup = { ok: true; actor: Actor; staff: StaffState } | { ok: false; refusal: Refusal };

/** The actor as commands see it, from their staff state and the configured admins. */
export function actorFromStaff(actorId: string, staff: StaffState, adminIds: readonly string[]): ActorLookup {
  if (adminIds.includes(actorId))
    return { ok: true, staff, actor: { id: actorId, role: 'admin', active: true, categories: [] } };
  const refused = (code: Refusal['code'], message: string): ActorLookup => ({
    ok: false,
    refusal: { code, message, details: { actorId } },
  });
  if (staff.status === 'none') return refused('actor_unknown', 'not registered');
  if (staff.status === 'pending' || staff.role === null) return refused('actor_pending', 'waiting for approval');
  if (staff.status === 'inactive') return refused('actor_inactive', 'deactivated');
  return { ok: true, staff, actor: { id: actorId, role: staff.role, active: true, categories: staff.categories } };
}

export async function loadStaffState(store: EventStore, telegramId: string): Promise<StaffState> {
  return (await loadStaffStream(store, telegramId)).state;
}

/** Loads the actor of a command, refusing unknown, pending and deactivated people. */
export async function authorize(store: EventStore, actorId: string, adminIds: readonly string[]): Promise<ActorLookup> {
  if (actorId === SYSTEM_ACTOR_ID) {
    return { ok: false, refusal: { code: 'not_permitted', message: 'the system actor is not a person', details: {} } };
  }
  return actorFromStaff(actorId, await loadStaffState(store, actorId), adminIds);
}

/** Someone a ticket or task is given to, as the deciders check them. */
export async function loadAssignee(
  store: EventStore,
  telegramId: string,
  adminIds: readonly string[],
): Promise<AssigneeSnapshot> {
  const found = await authorize(store, telegramId, adminIds);
  if (found.ok && found.actor.role !== 'system') return { id: telegramId, role: found.actor.role, active: true };
  return { id: telegramId, role: 'guest', active: false };
}
