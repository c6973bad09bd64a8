// What a person may do at all: the domain Actor derived from the Person the caller resolved (no second read of
// their Staff stream). A button pressed in a forwarded or replayed message acts as whoever pressed it, with
// the role and status they had when their update arrived; the deciders check role and relation.
import type { Actor, AssigneeSnapshot, Refusal } from '../domain/index.js';
import { SYSTEM_ACTOR_ID } from '../domain/index.js';
import type { Person } from './people.js';
import { resolvePerson } from './people.js';
import type { EventStore } from './ports/eventStore.js';

export const systemActor: Actor = { id: SYSTEM_ACTOR_ID, role: 'system', active: true, categories: [] };

export type ActorLookup = { ok: true; actor: Actor } | { ok: false; refusal: Refusal };

/** The actor of a command, refusing unknown, pending and deactivated people. */
export function actorOf(person: Person): ActorLookup {
  const actorId = person.telegramId;
  if (actorId === SYSTEM_ACTOR_ID) {
    return { ok: false, refusal: { code: 'not_permitted', message: 'the system actor is not a person', details: {} } };
  }
  const refused = (code: Refusal['code'], message: string): ActorLookup => ({
    ok: false,
    refusal: { code, message, details: { actorId } },
  });
  if (person.status === 'none') return refused('actor_unknown', 'not registered');
  if (person.status === 'pending' || person.role === null) return refused('actor_pending', 'waiting for approval');
  if (person.status === 'inactive') return refused('actor_inactive', 'deactivated');
  return { ok: true, actor: { id: actorId, role: person.role, active: true, categories: person.categories } };
}

/** Someone a ticket or task is given to, as the deciders check them: read from their own Staff stream. */
export async function loadAssignee(
  store: EventStore,
  telegramId: string,
  adminIds: readonly string[],
): Promise<AssigneeSnapshot> {
  const found = actorOf(await resolvePerson(store, telegramId, adminIds));
  if (found.ok && found.actor.role !== 'system') return { id: telegramId, role: found.actor.role, active: true };
  return { id: telegramId, role: 'guest', active: false };
}
