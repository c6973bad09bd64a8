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

// What a person may see (docs/access.md). Pure rules over the Person and the item's parties, used by every
// adapter that shows a card; a refused view appends nothing and says so politely.

/** Deputy, director and admin: they run the school's work, so they see all of it. */
const MANAGER_ROLES: ReadonlySet<string> = new Set(['deputy', 'director', 'admin']);
const activeWith = (person: Person, roles: ReadonlySet<string>): boolean =>
  person.status === 'active' && person.role !== null && roles.has(person.role);
/** Managers and auditors: they may read anything (an auditor reads and changes nothing). */
const OVERSEERS: ReadonlySet<string> = new Set([...MANAGER_ROLES, 'auditor']);

/** The people a task concerns. */
export interface TaskParties {
  readonly issuerId: string;
  readonly assigneeId: string;
}

/** The people a ticket concerns. */
export interface TicketParties {
  readonly authorId: string;
  readonly assigneeId: string | null;
}

/** A task card (title, issuer, assignee, deadline): its issuer, its assignee, managers and auditors. */
export function mayViewTask(person: Person, task: TaskParties): boolean {
  if (person.status !== 'active') return false;
  return person.telegramId === task.issuerId || person.telegramId === task.assigneeId || activeWith(person, OVERSEERS);
}

/**
 * A ticket card (what is broken, where, who works on it): any active staff member. Tickets are about shared
 * rooms and things; a teacher who finds the projector in 204 dead should see that it is already reported.
 */
export function mayViewTicket(person: Person, _ticket: TicketParties): boolean {
  return person.status === 'active';
}

/**
 * A ticket's comments (a conversation between the author and whoever fixes it, which may name people or
 * problems): the author, the assignee, technicians (they may take it over), managers and auditors.
 */
export function mayViewTicketComments(person: Person, ticket: TicketParties): boolean {
  if (person.status !== 'active') return false;
  return (
    person.telegramId === ticket.authorId ||
    person.telegramId === ticket.assigneeId ||
    person.role === 'technician' ||
    activeWith(person, OVERSEERS)
  );
}

/** Who may assign a ticket to someone (the card's "Назначить"): deputy, director, admin. */
export const mayAssignTickets = (person: Person): boolean => activeWith(person, MANAGER_ROLES);

/** Who may take the school's data away as a spreadsheet (/export): managers and auditors, as for KPI and history. */
export const mayExport = (person: Person): boolean => activeWith(person, OVERSEERS);
