// Turns an outbox row into the message a person reads, with the buttons they need next. Reads the current
// state where the row carries only a number, and drops reminders that no longer apply. The row's payload was
// parsed by its kind's schema when it was claimed (application/notifications/kinds.ts).
import { DateTime } from 'luxon';
import type { ReadModels, TicketView } from '../../application/ports/readModels.js';
import { HOUR_MS } from '../../domain/index.js';
import type { OutboxQueue, PendingMessage } from '../../application/ports/outbox.js';
import type { RenderedMessage } from '../../application/notifications/kinds.js';
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

/** What the sender knows when it renders the notices waiting for one chat. */
export interface NoticeContext extends RenderContext {
  recipient: string;
  outbox?: Pick<OutboxQueue, 'takeHeld' | 'sentMessageIds'>;
}

export interface NoticeBatch {
  /** The messages to send, each with the outbox ids it carries. */
  send: Array<{ message: Omit<OutgoingMessage, 'chatId' | 'threadId'>; ids: string[] }>;
  drop: Array<{ id: string; reason: string }>;
}

/** The notices waiting for one chat, rendered (for now one message each). */
export async function renderNoticeBatch(messages: readonly PendingMessage[], context: NoticeContext): Promise<NoticeBatch> {
  const batch: NoticeBatch = { send: [], drop: [] };
  for (const message of messages) {
    const rendered = await renderNotification(message, context);
    if (rendered.kind === 'drop') batch.drop.push({ id: message.id, reason: rendered.reason });
    else batch.send.push({ message: rendered.message, ids: [message.id] });
  }
  return batch;
}

/**
 * Whether the ticket has moved on from the resolution a notification announces (confirmed, cancelled, or
 * reopened since). A ticket still "in progress" may only mean the read model has not applied the resolution
 * yet: that is not a reason to keep the news from its author. Older rows carry no resolvedAt; then only a
 * closed or cancelled ticket counts.
 */
function isPastResolution(ticket: TicketView, resolvedAt: string | undefined): boolean {
  if (ticket.status === 'resolved') return false;
  if (ticket.status === 'closed' || ticket.status === 'cancelled') return true;
  const at = resolvedAt === undefined ? Number.NaN : Date.parse(resolvedAt);
  return ticket.reopenCount > 0 && Number.isFinite(at) && ticket.updatedAt.getTime() > at;
}

/** A stored reply as the send queue takes it (a generated photo travels as base64 in the row). */
export function outgoingOf(stored: RenderedMessage): Omit<OutgoingMessage, 'chatId'> {
  const { photo, ...rest } = stored;
  if (!photo) return rest;
  return { ...rest, photo: 'fileId' in photo ? photo : { png: Buffer.from(photo.pngBase64, 'base64'), filename: photo.filename } };
}

/** The stored form of a message: a generated photo as base64. */
export function storedOf(message: Omit<OutgoingMessage, 'chatId'>): RenderedMessage {
  const { photo, ...rest } = message;
  if (!photo) return rest;
  return { ...rest, photo: 'fileId' in photo ? photo : { pngBase64: Buffer.from(photo.png).toString('base64'), filename: photo.filename } };
}

const n = texts.notifications;
const send = (text: string, keyboard?: OutgoingMessage['keyboard']): Rendered => ({ kind: 'send', message: { text, ...(keyboard ? { keyboard } : {}) } });
const drop = (reason: string): Rendered => ({ kind: 'drop', reason });
const openTicket = (number: number) => button(texts.lists.open(`№${number}`), encodeCallback('showTicket', number));
const openTask = (number: number) => button(texts.lists.open(`п${number}`), encodeCallback('showTask', number));

/** One case per notification kind: a kind without its Russian text fails the type check (the `never` below). */
export async function renderNotification(message: PendingMessage, context: RenderContext): Promise<Rendered> {
  const { read, zone, now } = context;
  const { kind, payload: p } = message;
  switch (kind) {
    case 'ticket_opened':
      return send(n.ticketOpened(p.number, p.title, categoryName(p.category), p.location), [
        [button(texts.ticketCard.buttons.take, encodeCallback('takeTicket', p.number)), openTicket(p.number)],
      ]);
    case 'ticket_assigned': {
      const ticket = await read.ticketByNumber(p.number, now);
      return send(n.ticketAssigned(p.number, ticket?.title ?? ''), [[openTicket(p.number)]]);
    }
    case 'ticket_resolved': {
      const ticket = await read.ticketByNumber(p.number, now);
      if (ticket && isPastResolution(ticket, p.resolvedAt)) return drop(`ticket is ${ticket.status} now`);
      return send(n.ticketResolved(p.number, ticket?.title ?? '', p.resolution), [
        [
          button(texts.ticketCard.buttons.confirm, encodeCallback('confirmTicket', p.number)),
          button(texts.ticketCard.buttons.reopen, encodeCallback('reopenTicket', p.number)),
        ],
      ]);
    }
    case 'ticket_reopened':
      return send(n.ticketReopened(p.number, p.reason), [[openTicket(p.number)]]);
    case 'ticket_commented': {
      const [ticket, names] = await Promise.all([read.ticketByNumber(p.number, now), read.staffNames([p.commenterId])]);
      const words = p.hasPhoto ? `${p.text} 📷` : p.text;
      return send(n.ticketCommented(p.number, ticket?.title ?? '', names.get(p.commenterId) ?? p.commenterId, words), [
        [button(texts.ticketCard.buttons.comment, encodeCallback('commentTicket', p.number)), openTicket(p.number)],
      ]);
    }
    case 'ticket_cancelled': {
      const ticket = await read.ticketByNumber(p.number, now);
      return send(n.ticketCancelled(p.number, ticket?.title ?? '', p.reason));
    }
    case 'task_assigned':
      return send(n.taskAssigned(p.number, p.title, formatDeadline(p.deadline, zone)), [
        [button(texts.task.buttons.accept, encodeCallback('acceptTask', p.number)), openTask(p.number)],
      ]);
    case 'task_due_soon': {
      const [task, person] = await Promise.all([read.taskByNumber(p.number, now), read.staffById(message.recipient)]);
      if (!task || !['assigned', 'accepted'].includes(task.status)) return drop('task no longer open');
      if (task.deadline.getTime() !== Date.parse(p.deadline)) return drop('deadline changed');
      if (task.deadline.getTime() <= now.getTime()) return drop('deadline already passed');
      // A late sender (after downtime) sends only the nearest reminder, not every one that fell due.
      const nearer = Math.min(...REMINDER_HOURS.filter((h) => h < p.hours));
      if (Number.isFinite(nearer) && task.deadline.getTime() - nearer * HOUR_MS <= now.getTime()) {
        return drop('a nearer reminder supersedes it');
      }
      if (person && !person.reachable) return drop('recipient unreachable');
      return send(n.taskDueSoon(p.number, task.title, formatDeadline(task.deadline, zone), p.hours), [[openTask(p.number)]]);
    }
    case 'task_missed': {
      if (p.as === 'assignee') return send(n.taskMissedAssignee(p.number, p.title), [[openTask(p.number)]]);
      const names = await read.staffNames([p.assigneeId]);
      return send(n.taskMissedIssuer(p.number, p.title, names.get(p.assigneeId) ?? p.assigneeId), [[openTask(p.number)]]);
    }
    case 'task_completed': {
      const [task, names] = await Promise.all([read.taskByNumber(p.number, now), read.staffNames([p.assigneeId])]);
      return send(n.taskCompleted(p.number, task?.title ?? '', names.get(p.assigneeId) ?? p.assigneeId, p.report), [
        [
          button(texts.task.buttons.approve, encodeCallback('approveTask', p.number)),
          button(texts.task.buttons.return, encodeCallback('returnTask', p.number)),
        ],
      ]);
    }
    case 'task_returned':
      return send(n.taskReturned(p.number, p.reason), [[openTask(p.number)]]);
    case 'task_cancelled': {
      const task = await read.taskByNumber(p.number, now);
      return send(n.taskCancelled(p.number, task?.title ?? '', p.reason));
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
    case 'reply':
      return { kind: 'send', message: outgoingOf(p) };
    default: {
      const withoutText: never = kind;
      return withoutText;
    }
  }
}
