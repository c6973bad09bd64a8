// The notices added with the notification matrix (docs/notifications.md), rendered apart from the older ones
// in notificationTexts.ts: a ticket taken (to its author), handed to someone else (to the technician it was
// taken from), its priority changed (to its assignee), its resolution confirmed (to the technician), its
// auto-close (to the author, with a way back while REOPEN_DAYS last, and to the assignee); a task accepted
// (to the issuer), approved (to the assignee), its deadline moved (to the assignee, and to the issuer when an
// admin moved it).
import { DateTime } from 'luxon';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import { formatDeadline } from './deadline.js';
import type { Rendered, RenderContext } from './notificationTexts.js';
import type { InlineButton } from './sendQueue.js';
import { texts } from './texts.js';
import { button } from './turn.js';

export const MATRIX_KINDS = [
  'ticket_taken',
  'ticket_reassigned',
  'ticket_priority_changed',
  'ticket_confirmed',
  'ticket_auto_closed',
  'task_accepted',
  'task_approved',
  'task_extended',
] as const satisfies ReadonlyArray<PendingMessage['kind']>;

type MatrixKind = (typeof MATRIX_KINDS)[number];
export type MatrixNotice = Extract<PendingMessage, { kind: MatrixKind }>;

export const isMatrixNotice = (message: PendingMessage): message is MatrixNotice => (MATRIX_KINDS as readonly string[]).includes(message.kind);

const t = texts.notices;
const send = (text: string, keyboard: InlineButton[][] = []): Rendered => ({
  kind: 'send',
  message: { text, ...(keyboard.length > 0 ? { keyboard } : {}) },
});
const openTicket = (number: number) => button(texts.lists.open(texts.notifications.ticketRef(number)), encodeCallback('showTicket', number));
const openTask = (number: number) => button(texts.lists.open(texts.notifications.taskRef(number)), encodeCallback('showTask', number));

/** One case per matrix kind; the `never` below makes a new one without its text fail the type check. */
export async function renderMatrixNotice(message: MatrixNotice, context: RenderContext): Promise<Rendered> {
  const { read, zone, now } = context;
  const nameOf = async (id: string) => (await read.staffNames([id])).get(id) ?? id;
  const ticketTitle = async (number: number) => (await read.ticketByNumber(number, now))?.title ?? '';
  const taskTitle = async (number: number) => (await read.taskByNumber(number, now))?.title ?? '';
  switch (message.kind) {
    case 'ticket_taken': {
      const p = message.payload;
      const [title, name] = await Promise.all([ticketTitle(p.number), nameOf(p.assigneeId)]);
      const text = p.previousAssigneeId ? t.ticketAssigneeChanged(p.number, title, name) : t.ticketTaken(p.number, title, name);
      return send(text, [[openTicket(p.number)]]);
    }
    case 'ticket_reassigned': {
      const p = message.payload;
      const [title, name] = await Promise.all([ticketTitle(p.number), nameOf(p.assigneeId)]);
      return send(t.ticketReassignedAway(p.number, title, name), [[openTicket(p.number)]]);
    }
    case 'ticket_priority_changed': {
      const p = message.payload;
      const [title, name] = await Promise.all([ticketTitle(p.number), nameOf(p.changedBy)]);
      const priority = (slug: string) => texts.priorities[slug] ?? slug;
      return send(t.ticketPriorityChanged(p.number, title, priority(p.from), priority(p.to), name, formatDeadline(p.dueAt, zone)), [[openTicket(p.number)]]);
    }
    case 'ticket_confirmed': {
      const p = message.payload;
      const ticket = await read.ticketByNumber(p.number, now);
      const author = ticket ? await nameOf(ticket.authorId) : texts.common.none;
      return send(t.ticketConfirmed(p.number, ticket?.title ?? '', author));
    }
    case 'ticket_auto_closed': {
      const p = message.payload;
      const title = await ticketTitle(p.number);
      if (p.as === 'assignee') return send(t.ticketAutoClosedAssignee(p.number, title));
      const until = p.reopenableUntil === undefined ? undefined : DateTime.fromISO(p.reopenableUntil, { zone });
      // Past the window the button would only be refused: the notice then says what happened, without it.
      if (until && until.toMillis() <= now.getTime()) return send(t.ticketAutoClosedAuthor(p.number, title));
      const way = until ? t.ticketAutoClosedReopenUntil(until.setLocale('ru').toFormat(t.momentFormat)) : t.ticketAutoClosedReopen;
      return send(`${t.ticketAutoClosedAuthor(p.number, title)}\n${way}`, [
        [button(texts.ticketCard.buttons.reopen, encodeCallback('reopenTicket', p.number))],
      ]);
    }
    case 'task_accepted': {
      const p = message.payload;
      const [title, name] = await Promise.all([taskTitle(p.number), nameOf(p.assigneeId)]);
      return send(t.taskAccepted(p.number, title, name), [[openTask(p.number)]]);
    }
    case 'task_approved': {
      const p = message.payload;
      return send(t.taskApproved(p.number, await taskTitle(p.number), p.onTime));
    }
    case 'task_extended': {
      const p = message.payload;
      const title = await taskTitle(p.number);
      const deadline = formatDeadline(p.newDeadline, zone);
      if (p.as === 'issuer') return send(t.taskExtendedIssuer(p.number, title, await nameOf(p.extendedBy), deadline, p.reason), [[openTask(p.number)]]);
      return send(t.taskExtendedAssignee(p.number, title, deadline, formatDeadline(p.previousDeadline, zone), p.reason), [[openTask(p.number)]]);
    }
    default: {
      const withoutText: never = message;
      return withoutText;
    }
  }
}
