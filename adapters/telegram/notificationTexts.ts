// Turns an outbox row into the message a person reads, with the buttons they need next. Reads the current
// state where the row carries only a number, and drops reminders that no longer apply.
import { DateTime } from 'luxon';
import type { ReadModels, TicketView } from '../../application/ports/readModels.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { REMINDER_HOURS } from '../../application/reactions/notifications.js';
import { encodeCallback } from './callbackData.js';
import { formatDeadline } from './deadline.js';
import { kpiChartOf, kpiLines } from './flows/kpi.js';
import type { OutgoingMessage } from './sendQueue.js';
import { categoryName, texts } from './texts.js';
import { button } from './turn.js';

export type Rendered = { kind: 'send'; message: Omit<OutgoingMessage, 'chatId'> } | { kind: 'drop'; reason: string };

interface RenderContext {
  read: ReadModels;
  zone: string;
  now: Date;
}

/**
 * Whether the ticket has moved on from the resolution a notification announces (confirmed, cancelled, or
 * reopened since). A ticket still "in progress" may only mean the read model has not applied the resolution
 * yet: that is not a reason to keep the news from its author. Older rows carry no resolvedAt; then only a
 * closed or cancelled ticket counts.
 */
function isPastResolution(ticket: TicketView, resolvedAt: unknown): boolean {
  if (ticket.status === 'resolved') return false;
  if (ticket.status === 'closed' || ticket.status === 'cancelled') return true;
  const at = typeof resolvedAt === 'string' ? Date.parse(resolvedAt) : Number.NaN;
  return ticket.reopenCount > 0 && Number.isFinite(at) && ticket.updatedAt.getTime() > at;
}

const n = texts.notifications;
const send = (text: string, keyboard?: OutgoingMessage['keyboard']): Rendered => ({ kind: 'send', message: { text, ...(keyboard ? { keyboard } : {}) } });
const openTicket = (number: number) => button(texts.lists.open(`№${number}`), encodeCallback('showTicket', number));
const openTask = (number: number) => button(texts.lists.open(`п${number}`), encodeCallback('showTask', number));

export async function renderNotification(message: PendingMessage, context: RenderContext): Promise<Rendered> {
  const p = message.payload;
  const number = Number(p.number);
  const { read, zone, now } = context;
  switch (message.kind) {
    case 'ticket_opened':
      return send(n.ticketOpened(number, String(p.title), categoryName(String(p.category)), String(p.location)), [
        [button(texts.ticketCard.buttons.take, encodeCallback('takeTicket', number)), openTicket(number)],
      ]);
    case 'ticket_assigned': {
      const ticket = await read.ticketByNumber(number, now);
      return send(n.ticketAssigned(number, ticket?.title ?? ''), [[openTicket(number)]]);
    }
    case 'ticket_resolved': {
      const ticket = await read.ticketByNumber(number, now);
      if (ticket && isPastResolution(ticket, p.resolvedAt)) return { kind: 'drop', reason: `ticket is ${ticket.status} now` };
      return send(n.ticketResolved(number, ticket?.title ?? '', String(p.resolution)), [
        [
          button(texts.ticketCard.buttons.confirm, encodeCallback('confirmTicket', number)),
          button(texts.ticketCard.buttons.reopen, encodeCallback('reopenTicket', number)),
        ],
      ]);
    }
    case 'ticket_reopened':
      return send(n.ticketReopened(number, String(p.reason)), [[openTicket(number)]]);
    case 'ticket_commented': {
      const [ticket, names] = await Promise.all([read.ticketByNumber(number, now), read.staffNames([String(p.commenterId)])]);
      const words = p.hasPhoto ? `${String(p.text)} 📷` : String(p.text);
      return send(n.ticketCommented(number, ticket?.title ?? '', names.get(String(p.commenterId)) ?? String(p.commenterId), words), [
        [button(texts.ticketCard.buttons.comment, encodeCallback('commentTicket', number)), openTicket(number)],
      ]);
    }
    case 'ticket_cancelled': {
      const ticket = await read.ticketByNumber(number, now);
      return send(n.ticketCancelled(number, ticket?.title ?? '', String(p.reason)));
    }
    case 'task_assigned':
      return send(n.taskAssigned(number, String(p.title), formatDeadline(String(p.deadline), zone)), [
        [button(texts.task.buttons.accept, encodeCallback('acceptTask', number)), openTask(number)],
      ]);
    case 'task_due_soon': {
      const [task, person] = await Promise.all([read.taskByNumber(number, now), read.staffById(message.recipient)]);
      if (!task || !['assigned', 'accepted'].includes(task.status)) return { kind: 'drop', reason: 'task no longer open' };
      if (task.deadline.getTime() !== Date.parse(String(p.deadline))) return { kind: 'drop', reason: 'deadline changed' };
      if (task.deadline.getTime() <= now.getTime()) return { kind: 'drop', reason: 'deadline already passed' };
      // A late sender (after downtime) sends only the nearest reminder, not every one that fell due.
      const nearer = Math.min(...REMINDER_HOURS.filter((h) => h < Number(p.hours)));
      if (Number.isFinite(nearer) && task.deadline.getTime() - nearer * 3_600_000 <= now.getTime()) {
        return { kind: 'drop', reason: 'a nearer reminder supersedes it' };
      }
      if (person && !person.reachable) return { kind: 'drop', reason: 'recipient unreachable' };
      return send(n.taskDueSoon(number, task.title, formatDeadline(task.deadline, zone), Number(p.hours)), [[openTask(number)]]);
    }
    case 'task_missed': {
      const title = String(p.title);
      if (p.as === 'assignee') return send(n.taskMissedAssignee(number, title), [[openTask(number)]]);
      const names = await read.staffNames([String(p.assigneeId)]);
      return send(n.taskMissedIssuer(number, title, names.get(String(p.assigneeId)) ?? String(p.assigneeId)), [[openTask(number)]]);
    }
    case 'task_completed': {
      const [task, names] = await Promise.all([read.taskByNumber(number, now), read.staffNames([String(p.assigneeId)])]);
      return send(n.taskCompleted(number, task?.title ?? '', names.get(String(p.assigneeId)) ?? String(p.assigneeId), String(p.report)), [
        [
          button(texts.task.buttons.approve, encodeCallback('approveTask', number)),
          button(texts.task.buttons.return, encodeCallback('returnTask', number)),
        ],
      ]);
    }
    case 'task_returned':
      return send(n.taskReturned(number, String(p.reason)), [[openTask(number)]]);
    case 'task_cancelled': {
      const task = await read.taskByNumber(number, now);
      return send(n.taskCancelled(number, task?.title ?? '', String(p.reason)));
    }
    case 'digest': {
      const today = DateTime.fromJSDate(now, { zone }).startOf('day');
      const yesterday = { from: today.minus({ days: 1 }).toJSDate(), to: today.toJSDate() };
      const [overall, daily, people] = await Promise.all([read.kpiOverall(now), read.kpiOverall(now, yesterday), read.kpiByPerson(now)]);
      const text = [
        n.digest(today.setLocale('ru').toFormat('d MMMM yyyy')),
        '',
        n.digestYesterday,
        kpiLines(daily),
        '',
        n.digestToday,
        kpiLines(overall),
      ].join('\n');
      return { kind: 'send', message: { text, photo: { png: kpiChartOf(people), filename: 'kpi.png' } } };
    }
    default:
      return { kind: 'drop', reason: `unknown notification kind ${message.kind}` };
  }
}
