// Who hears about what (DOMAIN.md, Notifications). The reaction records each notification in the outbox,
// inside the transaction that advances its checkpoint, under an id derived from the event and the
// recipient: a replay after a crash records nothing twice. Rendering (Russian text, buttons) and delivery
// belong to the Telegram sender; payloads here carry facts only.
import type { TicketParties } from '../../domain/index.js';
import type { RecordedEvent } from '../ports/eventStore.js';
import type { Reaction } from './reaction.js';
import type { StaffQueries, TicketQueries } from '../ports/readModels.js';
import type { SqlQueryable } from '../ports/sql.js';

export const NOTIFICATIONS_REACTION = 'notifications';
/** The recipient standing for the technicians' group chat (TECH_CHAT_ID, topic per category). */
export const TECH_CHAT_RECIPIENT = 'tech-chat';
/** Reminders before a task's deadline, in hours. */
export const REMINDER_HOURS = [24, 2] as const;

export type NotificationKind =
  | 'ticket_opened'
  | 'ticket_assigned'
  | 'ticket_resolved'
  | 'ticket_reopened'
  | 'ticket_commented'
  | 'ticket_cancelled'
  | 'task_assigned'
  | 'task_due_soon'
  | 'task_missed'
  | 'task_completed'
  | 'task_returned'
  | 'task_cancelled'
  | 'digest';

export interface NotificationDirectory {
  /** Active, reachable technicians for a category (those with no categories take all). */
  techniciansFor(category: string): Promise<string[]>;
  /**
   * A ticket's author and current assignee (comments and cancellations carry neither). Read from the tickets
   * read model, which may lag a moment behind the log: an assignee set within that moment can be missed.
   */
  ticketParties?(number: number, now: Date): Promise<{ authorId: string; assigneeId: string | null } | undefined>;
}

export interface NotificationSettings {
  /** True when new tickets go to the technicians' group chat instead of each technician. */
  techChat: boolean;
}

const HOUR_MS = 3_600_000;
type Data = Record<string, unknown>;
const dataOf = (event: RecordedEvent) => event.data as Data;
const str = (value: unknown) => String(value);

/**
 * `directoryFor` binds the staff lookup to the reaction's transaction: on PGlite (one connection) a query
 * outside the open transaction would wait for it forever.
 */
export function notificationsReaction(directoryFor: (tx: SqlQueryable) => NotificationDirectory, settings: NotificationSettings): Reaction {
  return {
    name: NOTIFICATIONS_REACTION,
    eventTypes: [
      'TicketOpened',
      'TicketAssigned',
      'TicketResolved',
      'TicketReopened',
      'TicketCommented',
      'TicketCancelled',
      'TaskAssigned',
      'TaskDeadlineExtended',
      'TaskDeadlineMissed',
      'TaskCompleted',
      'TaskReturned',
      'TaskCancelled',
    ],
    async handle(event, { outbox, now, tx }) {
      const d = dataOf(event);
      const notify = (kind: NotificationKind, recipient: string, payload: Data, notBefore?: Date, id?: string) =>
        outbox.enqueue({
          id: id ?? `${kind}:${event.id}:${recipient}`,
          source: NOTIFICATIONS_REACTION,
          kind,
          recipient,
          payload,
          // Explicit, so "due" is judged by our Clock rather than the database's.
          notBefore: notBefore ?? now,
        });
      const reminders = async (number: number, assigneeId: string, deadline: string, title: unknown) => {
        const at = Date.parse(deadline);
        const decidedAt = Date.parse(event.metadata.occurredAt);
        for (const hours of REMINDER_HOURS) {
          const when = at - hours * HOUR_MS;
          // A reminder whose moment had already passed when the deadline was set would only be noise.
          if (when <= decidedAt) continue;
          const id = `task_due_soon:${number}:${deadline}:${hours}`;
          await notify('task_due_soon', assigneeId, { number, deadline, hours, ...(title ? { title } : {}) }, new Date(when), id);
        }
      };
      const actor = event.metadata.actorId;
      switch (event.type) {
        case 'TicketOpened': {
          const payload = { number: d.number, title: d.title, category: d.category, location: d.location };
          if (settings.techChat) return void (await notify('ticket_opened', TECH_CHAT_RECIPIENT, payload));
          for (const technician of await directoryFor(tx).techniciansFor(str(d.category))) {
            if (technician !== str(d.authorId)) await notify('ticket_opened', technician, payload);
          }
          return;
        }
        case 'TicketAssigned':
          if (str(d.assigneeId) !== actor) await notify('ticket_assigned', str(d.assigneeId), { number: d.number });
          return;
        case 'TicketResolved':
          await notify('ticket_resolved', str(d.authorId), { number: d.number, resolution: d.resolution, resolvedAt: d.resolvedAt });
          return;
        case 'TicketReopened':
          if (d.assigneeId && str(d.assigneeId) !== actor) {
            await notify('ticket_reopened', str(d.assigneeId), { number: d.number, reason: d.reason });
          }
          return;
        case 'TicketCommented':
        case 'TicketCancelled': {
          // Everyone on the ticket but the one who acted: the author hears the technician's comment and back.
          // Recorded in the event since 2026-11-30; older events fall back to the read model.
          const recorded = d.parties as TicketParties | undefined;
          const parties = recorded ?? (await directoryFor(tx).ticketParties?.(Number(d.number), now));
          const recipients = new Set([parties?.authorId, parties?.assigneeId].filter((id): id is string => !!id && id !== actor));
          for (const recipient of recipients) {
            if (event.type === 'TicketCommented') {
              await notify('ticket_commented', recipient, { number: d.number, commenterId: actor, text: d.text, hasPhoto: d.photo !== null });
            } else {
              await notify('ticket_cancelled', recipient, { number: d.number, reason: d.reason });
            }
          }
          return;
        }
        case 'TaskAssigned':
          await notify('task_assigned', str(d.assigneeId), { number: d.number, title: d.title, deadline: d.deadline });
          await reminders(Number(d.number), str(d.assigneeId), str(d.deadline), d.title);
          return;
        case 'TaskDeadlineExtended':
          await reminders(Number(d.number), str(d.assigneeId), str(d.newDeadline), undefined);
          return;
        case 'TaskDeadlineMissed': {
          const payload = { number: d.number, title: d.title, deadline: d.deadline, assigneeId: d.assigneeId };
          await notify('task_missed', str(d.assigneeId), { ...payload, as: 'assignee' });
          if (str(d.issuerId) !== str(d.assigneeId)) await notify('task_missed', str(d.issuerId), { ...payload, as: 'issuer' });
          return;
        }
        case 'TaskCompleted':
          await notify('task_completed', str(d.issuerId), { number: d.number, assigneeId: d.assigneeId, report: d.report });
          return;
        case 'TaskReturned':
          await notify('task_returned', str(d.assigneeId), { number: d.number, reason: d.reason });
          return;
        case 'TaskCancelled':
          if (str(d.assigneeId) !== actor) await notify('task_cancelled', str(d.assigneeId), { number: d.number, reason: d.reason });
          return;
        default:
          return;
      }
    },
  };
}

/** The directory over the read models: active, reachable technicians of the category (or of all); ticket parties. */
export function staffDirectory(read: StaffQueries & Pick<TicketQueries, 'ticketByNumber'>): NotificationDirectory {
  return {
    async ticketParties(number, now) {
      const ticket = await read.ticketByNumber(number, now);
      return ticket ? { authorId: ticket.authorId, assigneeId: ticket.assigneeId } : undefined;
    },
    async techniciansFor(category) {
      const technicians = await read.staffByRole(['technician'], { category });
      return technicians
        .filter((t) => t.status === 'active' && t.reachable && (t.categories.length === 0 || t.categories.includes(category)))
        .map((t) => t.telegramId);
    },
  };
}
