// A repeat problem (issue 15, item 5): the third ticket of one room and category within 30 days tells the
// category's leads (the director(s) when it has none) — «каб. 204, «ИТ и компьютеры» — третья заявка за месяц».
//
// The rule, decided here and in docs/rooms.md: when a ticket comes into a room (opened there, or given the room
// later by a technician), the reaction counts the room's tickets of its category opened in the 30 days up to that
// moment (the ticket itself among them; cancelled ones do not count). At three or more, the leads are told —
// unless they were told of this room and category within those 30 days: one notice per room and category a
// month, so the fourth and fifth ticket of the same month say nothing new; a ticket that again has two others
// within its own 30 days after that is news again. Moments are the events' own (never the wall clock), and the
// watch lives in the reaction's checkpoint transaction, so a replay or a redelivery decides exactly as the first
// run did; the outbox ids (ticket and recipient) and the notices' key (the ticket) make sure no ticket is ever
// told twice.
import { DAY_MS, roomOfPlace } from '../../domain/index.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import type { Notification } from '../notifications/kinds.js';
import { plannedNotice } from '../notifications/quietHours.js';
import type { SqlQueryable } from '../ports/sql.js';
import { domainEventOf } from '../recordedEvents.js';
import type { NotificationDirectory } from './notifications.js';
import type { Reaction } from './reaction.js';

export const REPEAT_PROBLEMS_REACTION = 'repeat-problems';
/** The window a repeat problem is counted in, and the quiet time after a notice for the same room and category. */
export const REPEAT_WINDOW_MS = 30 * DAY_MS;
/** The ticket that makes this many in the window is the repeat problem. */
export const REPEAT_THRESHOLD = 3;
/**
 * A repeat problem found this long after it happened is recorded but not told: the reaction's first start on a
 * school's existing log (or a rebuilt watch) must not wake the leads with last year's projectors.
 */
export const REPEAT_STALE_MS = DAY_MS;

/** A ticket as the watch keeps it. */
export interface WatchedTicket {
  number: number;
  room: string;
  category: string;
  openedAt: string;
}

/** The watch, bound to the reaction's transaction. */
export interface RepeatWatchWriter {
  /** Records a ticket in its room (again, when its room changed). */
  seen(ticket: WatchedTicket): Promise<void>;
  /** A cancelled ticket counts no more. */
  forget(number: number): Promise<void>;
  /** The tickets of a room and category opened from `from` to `to` (both included), oldest first. */
  ticketsBetween(room: string, category: string, from: string, to: string): Promise<number[]>;
  /** Whether a notice for the room and category was recorded at or after `since`. */
  noticedSince(room: string, category: string, since: string): Promise<boolean>;
  /** Records the notice a ticket made; false when that ticket already made one. */
  noticed(number: number, room: string, category: string, at: string): Promise<boolean>;
}

export interface RepeatWatch {
  watchFor(tx: SqlQueryable): RepeatWatchWriter;
}

// A merged duplicate (TicketMerged) is forgotten like a cancelled ticket: the same problem reported twice is one.
const WATCHED_EVENT_TYPES = ['TicketOpened', 'TicketRoomSet', 'TicketCancelled', 'TicketMerged'] as const;

export function repeatProblemsReaction(
  watch: RepeatWatch,
  directoryFor: (tx: SqlQueryable) => Pick<NotificationDirectory, 'categoryLeads' | 'directors'>,
  settings: { calendar?: SchoolCalendar } = {},
): Reaction {
  return {
    name: REPEAT_PROBLEMS_REACTION,
    eventTypes: WATCHED_EVENT_TYPES,
    async handle(recorded, { tx, outbox, now }) {
      const event = domainEventOf(recorded, WATCHED_EVENT_TYPES);
      if (!event) return;
      const writer = watch.watchFor(tx);
      if (event.type === 'TicketCancelled' || event.type === 'TicketMerged') return writer.forget(event.data.number);
      const d = event.data;
      const room = event.type === 'TicketOpened' ? (event.data.room ?? roomOfPlace(event.data.location)) : event.data.room;
      if (room === null) return;
      const ticket: WatchedTicket = { number: d.number, room, category: d.category, openedAt: d.openedAt };
      await writer.seen(ticket);
      // The moment the ticket came into the room: its opening, or when a technician gave it the room.
      const at = event.type === 'TicketOpened' ? event.data.openedAt : event.data.setAt;
      const since = new Date(Date.parse(at) - REPEAT_WINDOW_MS).toISOString();
      const numbers = await writer.ticketsBetween(room, ticket.category, since, at);
      if (numbers.length < REPEAT_THRESHOLD || !numbers.includes(ticket.number)) return;
      if (await writer.noticedSince(room, ticket.category, since)) return;
      if (!(await writer.noticed(ticket.number, room, ticket.category, at))) return;
      if (now.getTime() - Date.parse(at) > REPEAT_STALE_MS) return;
      const directory = directoryFor(tx);
      const leads = await directory.categoryLeads(ticket.category);
      const told = leads.length > 0 ? leads : ((await directory.directors?.()) ?? []);
      const title = event.type === 'TicketOpened' ? { title: event.data.title } : {};
      const notification: Notification = { kind: 'room_repeat_problem', payload: { number: ticket.number, room, category: ticket.category, numbers, ...title } };
      const planned = settings.calendar ? plannedNotice(settings.calendar, notification.kind, now, false) : { at: now };
      for (const recipient of new Set(told)) {
        await outbox.enqueue({
          id: `room_repeat_problem:${ticket.number}:${recipient}`,
          source: REPEAT_PROBLEMS_REACTION,
          recipient,
          ...notification,
          notBefore: planned.at,
          ...(planned.quiet ? { quiet: planned.quiet } : {}),
        });
      }
    },
  };
}
