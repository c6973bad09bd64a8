// Who someone is, as the commands they issue see them: one read of their Staff stream (the event store is the
// truth, so a person approved a moment ago is recognised at once) plus the configured admins. The bot resolves
// the speaker once per update and passes the Person to every command of that update; nothing reads it again.
import type { Role, StaffState } from '../domain/index.js';
import { staffStreamName } from '../domain/index.js';
import { staffAggregate } from './aggregates.js';
import type { EventStore } from './ports/eventStore.js';
import { loadStream } from './streamLoader.js';

export interface Person {
  /** The Telegram user id (decimal string). */
  readonly telegramId: string;
  /** Null when they never registered (a configured admin may act before that). */
  readonly fullName: string | null;
  /** Null until approved. */
  readonly role: Role | null;
  /** Ticket categories a technician works on; empty means all. */
  readonly categories: readonly string[];
  /** The Staff stream's status; 'none' when they never registered. */
  readonly status: StaffState['status'];
  /** False after Telegram refused delivery to them (they blocked the bot). */
  readonly reachable: boolean;
}

/**
 * The scheduler (deadline watcher, auto-close, delivery status) as the issuer of a command. A symbol, not the
 * string 'system', so no Telegram id can turn into the system actor.
 */
export const SCHEDULER: unique symbol = Symbol('scheduler');
export type Scheduler = typeof SCHEDULER;

/**
 * A person from their staff state. Ids in ADMIN_TELEGRAM_IDS are active admins (with no categories) even
 * before any staff event: that is how the first admins approve everyone else, and how an operator recovers a
 * locked-out school.
 */
export function personFrom(telegramId: string, staff: StaffState, configuredAdmin: boolean): Person {
  const known = staff.status !== 'none';
  if (configuredAdmin) {
    return {
      telegramId,
      fullName: known ? staff.fullName : null,
      role: 'admin',
      categories: [],
      status: 'active',
      reachable: known ? staff.reachable : true,
    };
  }
  if (!known) return { telegramId, fullName: null, role: null, categories: [], status: 'none', reachable: true };
  return {
    telegramId,
    fullName: staff.fullName,
    role: staff.role,
    categories: staff.categories,
    status: staff.status,
    reachable: staff.reachable,
  };
}

/** Who `telegramId` is now: one read of their Staff stream. */
export async function resolvePerson(store: EventStore, telegramId: string, adminIds: readonly string[]): Promise<Person> {
  const { state } = await loadStream(store, staffStreamName(telegramId), staffAggregate);
  return personFrom(telegramId, state, adminIds.includes(telegramId));
}
