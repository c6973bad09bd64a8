// Who hears about what (the whole matrix, with chats and buttons: docs/notifications.md). Nobody hears of
// their own action: they got a reply. New ticket → the technicians of its category (or the technicians'
// group chat); taken or assigned → the assignee, unless they took it themselves, and the author (the creation
// reply promises it), and on a reassignment the technician it was taken from; priority changed → the
// assignee; resolved → the author; confirmed → the assignee; auto-closed → the author (who may still reopen
// it) and the assignee; reopened → the assignee, and the author when an admin reopened it; a comment or a
// cancellation → everyone on the ticket but the one who acted. Task assigned → the assignee, with reminders
// REMINDER_HOURS before the deadline (planned again when it is extended); accepted → the issuer; extended →
// the assignee (and the issuer when an admin moved it); deadline missed → assignee and issuer; completed →
// the issuer; approved or returned → the assignee; cancelled → the assignee (and the issuer when an admin
// cancelled it). A person reachable again (they wrote after blocking the bot) → themselves: what was held
// meanwhile is summarised. With the technicians' group, a ticket taken → the group, whose card of that ticket
// is edited to say by whom.
//
// The reaction records each notification in the outbox, inside the transaction that advances its
// checkpoint, under an id derived from the event and the recipient: a replay after a crash records nothing
// twice. Rendering (Russian text, buttons) and delivery belong to the Telegram sender; payloads here carry
// facts only (application/notifications/kinds.ts). With the school calendar, each row is planned by the quiet
// hours rule (application/notifications/quietHours.ts): what is not urgent waits for school time.
import { HOUR_MS, type TicketParties } from '../../domain/index.js';
import type { Notification } from '../notifications/kinds.js';
import { mayWait, plannedNotice, plannedReminders, type PlannedMoment } from '../notifications/quietHours.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { domainEventOf } from '../recordedEvents.js';
import type { Reaction } from './reaction.js';
import { followerNotices } from './followerNotices.js';
import type { StaffQueries, TicketQueries } from '../ports/readModels.js';
import type { SqlQueryable } from '../ports/sql.js';

export const NOTIFICATIONS_REACTION = 'notifications';
/** The recipient standing for the technicians' group chat (TECH_CHAT_ID, topic per category). */
export const TECH_CHAT_RECIPIENT = 'tech-chat';
/** Reminders before a task's deadline, in hours. */
export const REMINDER_HOURS = [24, 2] as const;
/**
 * An event the reaction meets this long after it happened tells nobody: the reaction's first start on a school's
 * existing log (a restore into an empty read database, a rebuilt outbox) must not send months of history — on
 * 10,000 tickets that was about 88,000 notices, which the sender then worked through for hours. Long enough for a
 * worker that was down over a long weekend to tell what happened meanwhile. Two things are still recorded for an
 * old event: a request for access (a person still waits for the admins) and a deadline reminder still ahead.
 */
export const NOTICE_STALE_MS = 3 * 24 * HOUR_MS;
/**
 * The outbox id of a ticket's card in the technicians' group: by number, so that the notice of its taking
 * can find the Telegram message to edit (OutboxQueue.sentMessageIds).
 */
export const techCardId = (number: number): string => `ticket_opened:${TECH_CHAT_RECIPIENT}:${number}`;

export interface NotificationDirectory {
  /**
   * Active technicians for a category (those with no categories take all), reachable or not: the sender
   * holds the notices of someone who blocked the bot and summarises them when they write again.
   */
  techniciansFor(category: string): Promise<string[]>;
  /**
   * A ticket's author and current assignee, for comments and cancellations recorded before 2026-11-30 (later
   * ones carry their `parties`). Read from the tickets read model, which may lag a moment behind the log: an
   * assignee set within that moment can be missed.
   */
  ticketParties?(number: number, now: Date): Promise<{ authorId: string; assigneeId: string | null } | undefined>;
  /** A ticket's priority, for quiet hours (an urgent ticket's notices do not wait); unknown: they do not wait. */
  ticketPriority?(number: number, now: Date): Promise<string | undefined>;
  /** Telegram ids of the active leads of a category (set by an admin in /staff): the escalation ladder's first step. */
  categoryLeads(category: string): Promise<string[]>;
  /** The active director(s): told instead of the leads when a category has none (as the escalation ladder does). */
  directors?(): Promise<string[]>;
  /** The active admins: asked to decide a request for access (with the configured ones, `adminIds`). */
  admins?(): Promise<string[]>;
}

export interface NotificationSettings {
  /** True when new tickets go to the technicians' group chat instead of each technician. */
  techChat: boolean;
  /** Quiet hours follow it (application/notifications/quietHours.ts); without one nothing waits. */
  calendar?: SchoolCalendar;
  /** ADMIN_TELEGRAM_IDS: asked about requests for access too, registered or not (and never asked about themselves). */
  adminIds?: readonly string[];
  /** The window requests for access are gathered in (default ACCESS_REQUEST_WINDOW_MS; 0: each is due at once). */
  accessRequestWindowMs?: number;
}

/**
 * Requests for access are due at the end of the window they were made in (on the clock, not per request): those
 * made close together are claimed together and reach each admin as one message, at the price of a few seconds'
 * wait. (The sender's own merge window, NOTICE_SPACING_MS, would send the first request of a burst alone.)
 */
export const ACCESS_REQUEST_WINDOW_MS = 10_000;
const accessRequestDue = (registeredAt: string, windowMs: number): Date => {
  const at = Date.parse(registeredAt);
  return new Date(windowMs > 0 ? (Math.floor(at / windowMs) + 1) * windowMs : at);
};

const NOTIFIED_EVENT_TYPES = [
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
  'StaffReachable',
  'TicketPriorityChanged',
  'TicketClosed',
  'TaskAccepted',
  'TaskApproved',
  'TicketInfoRequested',
  'TicketInfoProvided',
  'TicketInfoReminded',
  'TicketRated',
  'TicketEscalated',
  'TaskEscalated',
  'TicketMerged',
  'StaffRegistered',
] as const;

/**
 * `directoryFor` binds the staff lookup to the reaction's transaction: on PGlite (one connection) a query
 * outside the open transaction would wait for it forever.
 */
export function notificationsReaction(directoryFor: (tx: SqlQueryable) => NotificationDirectory, settings: NotificationSettings): Reaction {
  return {
    name: NOTIFICATIONS_REACTION,
    eventTypes: NOTIFIED_EVENT_TYPES,
    async handle(recorded, { outbox, now, tx }) {
      const event = domainEventOf(recorded, NOTIFIED_EVENT_TYPES);
      if (!event) return;
      const stale = now.getTime() - Date.parse(recorded.metadata.occurredAt) > NOTICE_STALE_MS;
      /** Records a row at the moment quiet hours planned for it. */
      const record = (recipient: string, notification: Notification, planned: PlannedMoment, id?: string) =>
        outbox.enqueue({
          id: id ?? `${notification.kind}:${recorded.id}:${recipient}`,
          source: NOTIFICATIONS_REACTION,
          recipient,
          ...notification,
          // Explicit, so "due" is judged by our Clock rather than the database's.
          notBefore: planned.at,
          ...(planned.quiet ? { quiet: planned.quiet } : {}),
        });
      /** Quiet hours: is this event's ticket urgent? Told by the event when it can, else by the read model. */
      const urgentTicket = async (notification: Notification): Promise<boolean> => {
        if (!('number' in notification.payload) || !notification.kind.startsWith('ticket_')) return false;
        const told = event.type === 'TicketOpened' ? event.data.priority : event.type === 'TicketPriorityChanged' ? event.data.to : undefined;
        // Unknown (the read model has not seen the ticket yet): sent rather than held, as urgent ones must be.
        const priority = told ?? (await directoryFor(tx).ticketPriority?.(notification.payload.number, now)) ?? 'urgent';
        return priority === 'urgent';
      };
      const notify = async (recipient: string, notification: Notification, notBefore?: Date, id?: string) => {
        if (stale && notification.kind !== 'staff_request') return;
        const wanted = notBefore ?? now;
        // The read model is asked for urgency only when the notice could wait at all.
        const planned =
          settings.calendar && mayWait(settings.calendar, notification.kind, wanted)
            ? plannedNotice(settings.calendar, notification.kind, wanted, await urgentTicket(notification))
            : { at: wanted };
        return record(recipient, notification, planned, id);
      };
      const reminders = async (number: number, assigneeId: string, deadline: string, title: string | undefined) => {
        const at = Date.parse(deadline);
        const decidedAt = Date.parse(recorded.metadata.occurredAt);
        // Planned in school time when there is a calendar (quietHours.ts: a reminder due at night waits for the
        // morning, or comes the evening before when the morning is too late); never before the deadline was set.
        const planned = settings.calendar
          ? plannedReminders(settings.calendar, at, decidedAt, REMINDER_HOURS)
          : REMINDER_HOURS.filter((hours) => at - hours * HOUR_MS > decidedAt).map((hours) => ({ hours, at: new Date(at - hours * HOUR_MS) }));
        for (const { hours, ...moment } of planned) {
          if (stale && moment.at.getTime() <= now.getTime()) continue;
          const id = `task_due_soon:${number}:${deadline}:${hours}`;
          await record(assigneeId, { kind: 'task_due_soon', payload: { number, deadline, hours, ...(title ? { title } : {}) } }, moment, id);
        }
      };
      const actor = recorded.metadata.actorId;
      /** Who is on the ticket: recorded in the event since 2026-11-30 or 2026-12-03; older events ask the read model. */
      const partiesOf = async (number: number, recordedParties: TicketParties | undefined) =>
        recordedParties ?? (await directoryFor(tx).ticketParties?.(number, now));
      /** Tells `recipient` unless they did it themselves. */
      const tell = async (recipient: string | null | undefined, notification: Notification) => {
        if (recipient && recipient !== actor) await notify(recipient, notification);
      };
      // Followers (issue 15, item 6) hear what the author hears; the event names them (followerNotices.ts).
      if (event.type.startsWith('Ticket')) {
        for (const { recipient, notification } of followerNotices(event as Extract<typeof event, { type: `Ticket${string}` }>, actor)) {
          await notify(recipient, notification);
        }
      }
      switch (event.type) {
        case 'TicketOpened': {
          const { number, title, category, location, authorId } = event.data;
          // Read defensively: an event built by hand (tests, tools) may leave the list out.
          const photos = (event.data.photos as typeof event.data.photos | undefined) ?? [];
          const opened: Notification = { kind: 'ticket_opened', payload: { number, title, category, location, ...(photos.length > 0 ? { photos } : {}) } };
          if (settings.techChat) return void (await notify(TECH_CHAT_RECIPIENT, opened, undefined, techCardId(number)));
          for (const technician of await directoryFor(tx).techniciansFor(category)) {
            if (technician !== authorId) await notify(technician, opened);
          }
          return;
        }
        case 'TicketAssigned': {
          const { number, assigneeId, previousAssigneeId } = event.data;
          await tell(assigneeId, { kind: 'ticket_assigned', payload: { number } });
          // The technician it was taken from: who has it now.
          if (previousAssigneeId !== assigneeId) await tell(previousAssigneeId, { kind: 'ticket_reassigned', payload: { number, assigneeId } });
          // The author, as the creation reply promised (not when they are the one who now has it).
          const authorId = event.data.authorId ?? (await partiesOf(number, undefined))?.authorId;
          if (authorId !== assigneeId) await tell(authorId, { kind: 'ticket_taken', payload: { number, assigneeId, previousAssigneeId } });
          if (settings.techChat) await notify(TECH_CHAT_RECIPIENT, { kind: 'tech_card_taken', payload: { number, assigneeId } });
          return;
        }
        case 'TicketPriorityChanged': {
          const { number, from, to, dueAt, changedBy } = event.data;
          const parties = await partiesOf(number, event.data.parties);
          await tell(parties?.assigneeId, { kind: 'ticket_priority_changed', payload: { number, from, to, dueAt, changedBy } });
          return;
        }
        case 'TicketClosed': {
          const { number, auto, reopenableUntil } = event.data;
          const parties = await partiesOf(number, event.data.parties);
          if (event.data.unanswered) {
            // Its question went unanswered through the reminder: nothing was resolved, so nothing to rate.
            const until = reopenableUntil ? { reopenableUntil } : {};
            await tell(parties?.authorId, { kind: 'ticket_closed_unanswered', payload: { number, ...until, as: 'author' } });
            if (parties?.assigneeId !== parties?.authorId) {
              await tell(parties?.assigneeId, { kind: 'ticket_closed_unanswered', payload: { number, as: 'assignee' } });
            }
            return;
          }
          // The author is asked to rate the resolution, after what else they hear of the close (issue 14, item 6).
          const rateRequest = async () => {
            if (parties?.authorId) await notify(parties.authorId, { kind: 'ticket_rate_request', payload: { number } });
          };
          if (!auto) {
            await tell(parties?.assigneeId, { kind: 'ticket_confirmed', payload: { number } });
            return rateRequest();
          }
          const until = reopenableUntil ? { reopenableUntil } : {};
          await tell(parties?.authorId, { kind: 'ticket_auto_closed', payload: { number, ...until, as: 'author' } });
          if (parties?.assigneeId !== parties?.authorId) {
            await tell(parties?.assigneeId, { kind: 'ticket_auto_closed', payload: { number, as: 'assignee' } });
          }
          return rateRequest();
        }
        case 'TicketInfoRequested': {
          const { number, question, askedBy } = event.data;
          const parties = await partiesOf(number, event.data.parties);
          await tell(parties?.authorId, { kind: 'ticket_question', payload: { number, question, askedBy } });
          return;
        }
        case 'TicketInfoProvided': {
          const { number, answer, providedBy, dueAt, askedBy, withoutAnswer } = event.data;
          const parties = await partiesOf(number, event.data.parties);
          if (withoutAnswer) return void (await tell(parties?.authorId, { kind: 'ticket_resumed', payload: { number } }));
          // The one who asked, and the technician on the ticket when a manager asked.
          for (const recipient of new Set([askedBy ?? parties?.assigneeId, parties?.assigneeId])) {
            await tell(recipient, { kind: 'ticket_answer', payload: { number, answer, providedBy, dueAt } });
          }
          return;
        }
        case 'TicketInfoReminded': {
          const { number, closesAt, authorId, question } = event.data;
          await notify(authorId, { kind: 'ticket_question_reminder', payload: { number, closesAt, ...(question ? { question } : {}) } });
          return;
        }
        case 'TicketRated': {
          const { number, rating, comment, resolvedBy, previousRating, category } = event.data;
          // A low rating (1–2) tells the category's leads (the director without one): when it becomes low, and again
          // when a comment comes.
          const becameLow = rating <= 2 && (previousRating === undefined || previousRating > 2 || comment !== undefined);
          if (!becameLow || !category) return;
          const directory = directoryFor(tx);
          const leads = await directory.categoryLeads(category);
          const told = leads.length > 0 ? leads : ((await directory.directors?.()) ?? []);
          for (const lead of told) {
            await tell(lead, { kind: 'ticket_rated_low', payload: { number, rating, ...(comment ? { comment } : {}), ...(resolvedBy ? { resolvedBy } : {}) } });
          }
          return;
        }
        case 'TicketResolved': {
          const { number, resolution, resolvedAt, authorId } = event.data;
          await notify(authorId, { kind: 'ticket_resolved', payload: { number, resolution, resolvedAt } });
          return;
        }
        case 'TicketReopened': {
          const { number, reason, assigneeId, authorId } = event.data;
          await tell(assigneeId, { kind: 'ticket_reopened', payload: { number, reason } });
          // An admin reopened it on the author's behalf (older events do not say who the author is).
          if (authorId !== assigneeId) await tell(authorId, { kind: 'ticket_reopened', payload: { number, reason } });
          return;
        }
        case 'TicketCommented':
        case 'TicketCancelled': {
          // Everyone on the ticket but the one who acted: the author hears the technician's comment and back.
          // Recorded in the event since 2026-11-30; older events fall back to the read model.
          const { number } = event.data;
          const parties = event.data.parties ?? (await directoryFor(tx).ticketParties?.(number, now));
          const recipients = new Set([parties?.authorId, parties?.assigneeId].filter((id): id is string => !!id && id !== actor));
          const notification: Notification =
            event.type === 'TicketCommented'
              ? {
                  kind: 'ticket_commented',
                  payload: { number, commenterId: actor, text: event.data.text, hasPhoto: Boolean(event.data.photo), ...(event.data.photo ? { photo: event.data.photo } : {}) },
                }
              : { kind: 'ticket_cancelled', payload: { number, reason: event.data.reason } };
          for (const recipient of recipients) await notify(recipient, notification);
          return;
        }
        case 'TaskAssigned': {
          const { number, assigneeId, title, deadline } = event.data;
          await notify(assigneeId, { kind: 'task_assigned', payload: { number, title, deadline } });
          await reminders(number, assigneeId, deadline, title);
          return;
        }
        case 'TaskDeadlineExtended': {
          const { number, assigneeId, issuerId, previousDeadline, newDeadline, reason, extendedBy } = event.data;
          const facts = { number, previousDeadline, newDeadline, reason, extendedBy };
          await tell(assigneeId, { kind: 'task_extended', payload: { ...facts, as: 'assignee' } });
          // An admin moved somebody's task: its issuer hears too.
          if (issuerId !== assigneeId) await tell(issuerId, { kind: 'task_extended', payload: { ...facts, as: 'issuer' } });
          await reminders(number, assigneeId, newDeadline, undefined);
          return;
        }
        case 'TaskAccepted': {
          const { number, assigneeId, issuerId } = event.data;
          // A task of an order to many: its issuer follows the order's card (reactions/orders.ts) instead.
          if (event.data.orderId) return;
          await tell(issuerId, { kind: 'task_accepted', payload: { number, assigneeId } });
          return;
        }
        case 'TaskApproved': {
          const { number, assigneeId, onTime } = event.data;
          await tell(assigneeId, { kind: 'task_approved', payload: { number, onTime } });
          return;
        }
        case 'TaskDeadlineMissed': {
          const { number, title, deadline, assigneeId, issuerId } = event.data;
          const facts = { number, title, deadline, assigneeId };
          await notify(assigneeId, { kind: 'task_missed', payload: { ...facts, as: 'assignee' } });
          if (issuerId !== assigneeId && !event.data.orderId) await notify(issuerId, { kind: 'task_missed', payload: { ...facts, as: 'issuer' } });
          return;
        }
        case 'TaskCompleted': {
          const { number, assigneeId, issuerId, report } = event.data;
          const photo = event.data.photo as typeof event.data.photo | undefined;
          if (event.data.orderId) return;
          await notify(issuerId, { kind: 'task_completed', payload: { number, assigneeId, report, ...(photo ? { photo } : {}) } });
          return;
        }
        case 'TaskReturned': {
          const { number, assigneeId, reason } = event.data;
          await notify(assigneeId, { kind: 'task_returned', payload: { number, reason } });
          return;
        }
        case 'TaskCancelled': {
          const { number, assigneeId, issuerId, reason } = event.data;
          await tell(assigneeId, { kind: 'task_cancelled', payload: { number, reason } });
          // An admin cancelled somebody's task: its issuer hears too.
          if (issuerId !== assigneeId && !event.data.orderId) await tell(issuerId, { kind: 'task_cancelled', payload: { number, reason } });
          return;
        }
        case 'StaffReachable': {
          const { telegramId } = event.data;
          await notify(telegramId, { kind: 'reachable_again', payload: { telegramId } });
          return;
        }
        case 'TicketEscalated': {
          // Whom the ladder chose is recorded in the event (the category's leads or the director).
          const { number, target, dueAt, level, title, category, priority, notified } = event.data;
          for (const recipient of notified) await notify(recipient, { kind: 'ticket_escalated', payload: { number, target, dueAt, level, title, category, priority } });
          return;
        }
        case 'TaskEscalated': {
          const { number, title, deadline, assigneeId, notified } = event.data;
          for (const recipient of notified) await notify(recipient, { kind: 'task_escalated', payload: { number, title, deadline, assigneeId } });
          return;
        }
        case 'TicketMerged':
          // Its author and followers were told above.
          return;
        case 'StaffRegistered': {
          const { telegramId, fullName, username, telegram, registeredAt } = event.data;
          // Only a request made in Telegram asks the admins: it carries what Telegram said of the account (the
          // bot's /start always records it). One registered otherwise (by a tool, a test, an admin for someone)
          // has nobody waiting in a chat; a configured admin is approved by the same command.
          if (!telegram || settings.adminIds?.includes(telegramId)) return;
          const admins = new Set([...(settings.adminIds ?? []), ...((await directoryFor(tx).admins?.()) ?? [])]);
          const due = accessRequestDue(registeredAt, settings.accessRequestWindowMs ?? ACCESS_REQUEST_WINDOW_MS);
          const request: Notification = { kind: 'staff_request', payload: { telegramId, fullName, username, ...(telegram ? { telegram } : {}), registeredAt } };
          for (const admin of admins) {
            if (admin !== actor && admin !== telegramId) await notify(admin, request, due);
          }
          return;
        }
        default: {
          const unhandled: never = event;
          return unhandled;
        }
      }
    },
  };
}

/** The directory over the read models: active technicians of the category (or of all); ticket parties. */
export function staffDirectory(read: StaffQueries & Pick<TicketQueries, 'ticketByNumber'>): NotificationDirectory {
  return {
    async ticketParties(number, now) {
      const ticket = await read.ticketByNumber(number, now);
      return ticket ? { authorId: ticket.authorId, assigneeId: ticket.assigneeId } : undefined;
    },
    async ticketPriority(number, now) {
      return (await read.ticketByNumber(number, now))?.priority;
    },
    async techniciansFor(category) {
      const technicians = await read.staffByRole(['technician'], { category });
      return technicians
        .filter((t) => t.status === 'active' && (t.categories.length === 0 || t.categories.includes(category)))
        .map((t) => t.telegramId);
    },
    async categoryLeads(category) {
      return (await read.staffLeading(category)).map((lead) => lead.telegramId);
    },
    async directors() {
      return (await read.staffByRole(['director'])).map((director) => director.telegramId);
    },
    async admins() {
      return (await read.staffByRole(['admin'])).filter((admin) => admin.status === 'active').map((admin) => admin.telegramId);
    },
  };
}
