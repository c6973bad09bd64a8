// Turns outbox rows into the messages a person reads, with the buttons they need next. Reads the current
// state where the row carries only a number, and drops what no longer applies (a reminder past, a new ticket
// someone already took). Several rows waiting for one chat become as few messages as reads well on a phone
// (renderNoticeBatch). The row's payload was parsed by its kind's schema when it was claimed
// (application/notifications/kinds.ts).
import { DateTime } from 'luxon';
import type { ReadModels, TicketView } from '../../application/ports/readModels.js';
import { HOUR_MS } from '../../domain/index.js';
import type { OutboxQueue, PendingMessage } from '../../application/ports/outbox.js';
import type { RenderedMessage } from '../../application/notifications/kinds.js';
import type { QuietMark } from '../../application/notifications/quietHours.js';
import { REMINDER_HOURS, TECH_CHAT_RECIPIENT } from '../../application/reactions/notifications.js';
import { encodeCallback } from './callbackData.js';
import { newTicketsCard, type Card } from './cards.js';
import { formatDeadline } from './deadline.js';
import { kpiChartPages, kpiLines, kpiRatingLines, slaKpiLines } from './flows/kpi.js';
import { currentTickets, TECH_LIST_SPAN, techCardEdit } from './groupCard.js';
import { heldSummary } from './heldSummary.js';
import { isMatrixNotice, renderMatrixNotice } from './matrixNotices.js';
import { isAuthorNotice, renderAuthorNotice } from './authorNotices.js';
import { isFollowerNotice, renderFollowerNotice } from './followerNotices.js';
import { isSlaNotice, renderSlaNotice } from './slaNotices.js';
import { isRoomNotice, renderRoomNotice } from './roomNotices.js';
import { isOrderNotice, latestProgressOnly, renderOrderNotice } from './orderNotices.js';
import { isAccessRequest, renderAccessRequests } from './accessRequests.js';
import type { InlineButton, OutgoingMessage } from './sendQueue.js';
import { TEXT_LIMIT } from './splitText.js';
import { texts } from './texts.js';
import { button } from './turn.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';

export type Rendered = { kind: 'send'; message: Omit<OutgoingMessage, 'chatId'> } | { kind: 'drop'; reason: string };

export interface RenderContext {
  read: ReadModels;
  zone: string;
  now: Date;
  /** For the summary of held notices (reachable_again) and the group card's message id (tech_card_taken). */
  outbox?: Pick<OutboxQueue, 'takeHeld' | 'sentMessageIds'> | undefined;
  /** The school calendar, for the digest's SLA figures in school time (absent: left out). */
  calendar?: SchoolCalendar;
}

/** Everything waiting for one chat is rendered together. */
export interface NoticeContext extends RenderContext {
  /** The outbox recipient of these messages (a person's Telegram id, or TECH_CHAT_RECIPIENT). */
  recipient: string;
}

/** What to send (each message with the outbox ids it carries) and what to drop; every id given appears once. */
export interface NoticeBatch {
  send: Array<{ message: Omit<OutgoingMessage, 'chatId' | 'threadId'>; ids: string[] }>;
  drop: Array<{ id: string; reason: string }>;
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

/** A stored reply as the send queue takes it (a generated photo or document travels as base64 in the row). */
export function outgoingOf(stored: RenderedMessage): Omit<OutgoingMessage, 'chatId'> {
  const { photo, document, ...rest } = stored;
  const withDocument = document ? { ...rest, document: { bytes: Buffer.from(document.base64, 'base64'), filename: document.filename } } : rest;
  if (!photo) return withDocument;
  return { ...withDocument, photo: 'fileId' in photo ? photo : { png: Buffer.from(photo.pngBase64, 'base64'), filename: photo.filename } };
}

/** The stored form of a message: a generated photo or document as base64. */
export function storedOf(message: Omit<OutgoingMessage, 'chatId'>): RenderedMessage {
  const { photo, document, ...rest } = message;
  const withDocument = document ? { ...rest, document: { base64: Buffer.from(document.bytes).toString('base64'), filename: document.filename } } : rest;
  if (!photo) return withDocument;
  return { ...withDocument, photo: 'fileId' in photo ? photo : { pngBase64: Buffer.from(photo.png).toString('base64'), filename: photo.filename } };
}

const n = texts.notifications;
const send = (text: string, keyboard?: OutgoingMessage['keyboard'], editMessageId?: number): Rendered => ({
  kind: 'send',
  message: { text, ...(keyboard && keyboard.length > 0 ? { keyboard } : {}), ...(editMessageId !== undefined ? { editMessageId } : {}) },
});
const sendCard = (card: Card, editMessageId?: number): Rendered => send(card.text, card.keyboard, editMessageId);
const drop = (reason: string): Rendered => ({ kind: 'drop', reason });
const openTicket = (number: number) => button(texts.lists.open(`№${number}`), encodeCallback('showTicket', number));
const openTask = (number: number) => button(texts.lists.open(`п${number}`), encodeCallback('showTask', number));

/** A notice as it is sent: its words and buttons, and the photos it carries (photosOf). */
export async function renderNotification(message: PendingMessage, context: RenderContext): Promise<Rendered> {
  return withPhotos(await renderWords(message, context), photosOf(message));
}

/**
 * The photos a notice carries, by file_id: a new ticket's (the technicians see the broken thing), a comment's
 * (the other side sees it), a task report's (the issuer sees the work). Rows recorded before carry none.
 */
export function photosOf(message: PendingMessage): { fileId: string }[] {
  switch (message.kind) {
    case 'ticket_opened':
      return (message.payload.photos ?? []).map((photo) => ({ fileId: photo.fileId }));
    case 'ticket_commented':
    case 'task_completed':
      return message.payload.photo ? [{ fileId: message.payload.photo.fileId }] : [];
    default:
      return [];
  }
}

const withPhotos = (rendered: Rendered, photos: { fileId: string }[]): Rendered =>
  rendered.kind === 'send' && photos.length > 0 ? { kind: 'send', message: { ...rendered.message, photos } } : rendered;

/** A message that must go on its own, never merged into another's text: it carries photos. */
const carriesPhotos = (message: Omit<OutgoingMessage, 'chatId'>): boolean =>
  message.photo !== undefined || (message.photos?.length ?? 0) > 0 || message.document !== undefined;

/** One case per notification kind: a kind without its Russian text fails the type check (the `never` below). */
async function renderWords(message: PendingMessage, context: RenderContext): Promise<Rendered> {
  if (isMatrixNotice(message)) return renderMatrixNotice(message, context);
  if (isAuthorNotice(message)) return renderAuthorNotice(message, context);
  if (isSlaNotice(message)) return renderSlaNotice(message, context);
  if (isFollowerNotice(message)) return renderFollowerNotice(message, context);
  if (isRoomNotice(message)) return renderRoomNotice(message, context);
  if (isOrderNotice(message)) return renderOrderNotice(message, context);
  const { read, zone, now } = context;
  const { kind, payload: p } = message;
  switch (kind) {
    case 'ticket_opened': {
      const ticket = await read.ticketByNumber(p.number, now);
      if (ticket && ticket.status !== 'open') return drop(`ticket is ${ticket.status} now`);
      return sendCard(newTicketsCard([p]));
    }
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
      const until = formatDeadline(task.deadline, zone, 'genitive');
      // Moved by quiet hours, it comes at another moment than "через N ч" said: the deadline alone is true.
      const words = message.quiet ? texts.quietHours.taskDueAhead(p.number, task.title, until) : n.taskDueSoon(p.number, task.title, until, p.hours);
      return send(words, [[openTask(p.number)]]);
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
        ...(context.calendar ? ['', ...(await slaKpiLines(read, context.calendar))] : []),
        ...(kpiRatingLines(people) ? ['', kpiRatingLines(people)] : []),
      ].join('\n');
      // A row per page of the chart (planned by the sender): the figures and page 1, then each further page on
      // its own, the people with overdue tasks first.
      const number = p.page ?? 1;
      const page = (await kpiChartPages(people, now, zone))[number - 1];
      if (!page) return number === 1 ? { kind: 'send', message: { text } } : drop(`the chart has no page ${number} now`);
      const words = number === 1 ? `${text}\n\n${page.text}` : page.text;
      return { kind: 'send', message: { text: words, photo: { png: page.png, filename: `kpi-${number}.png` } } };
    }
    case 'reply':
      return { kind: 'send', message: outgoingOf(p) };
    case 'reachable_again': {
      if (!context.outbox) return drop('no outbox to take held notices from');
      const summary = heldSummary(await context.outbox.takeHeld(message.recipient, now));
      return summary ? sendCard(summary) : drop('nothing was held');
    }
    case 'tech_card_taken': {
      const edit = await techCardEdit(p.number, context);
      return 'reason' in edit ? drop(edit.reason) : sendCard(edit.card, edit.messageId);
    }
    case 'command_menu':
      return drop('a command menu is set by the sender, not sent');
    case 'staff_request': {
      const [sent] = (await renderAccessRequests([message], context)).send;
      return sent ? { kind: 'send', message: sent.message } : drop('the request was decided');
    }
    default: {
      const withoutText: never = kind;
      return withoutText;
    }
  }
}

/**
 * Quiet hours moved some of a message's notices: it says why it arrives now, once (held for the morning
 * rather than sent ahead, when it carries both). An edit keeps its text.
 */
export function withQuietLine<M extends Omit<OutgoingMessage, 'chatId' | 'threadId'>>(message: M, marks: ReadonlyArray<QuietMark | undefined>): M {
  if (message.editMessageId !== undefined) return message;
  const line = marks.includes('held') ? texts.quietHours.held : marks.includes('early') ? texts.quietHours.early : undefined;
  return line ? { ...message, text: `${message.text}\n\n${line}` } : message;
}

/** New tickets in one list message, at most. */
export const TICKETS_PER_LIST = 20;
/** Button rows in a message that merges several notices. */
const MERGED_ROWS_MAX = 20;
/** Room left in a merged message for the line breaks between notices. */
const MERGE_SEPARATOR = '\n\n';
type Pending<K extends PendingMessage['kind']> = Extract<PendingMessage, { kind: K }>;
const isKind =
  <K extends PendingMessage['kind']>(kind: K) =>
  (message: PendingMessage): message is Pending<K> =>
    message.kind === kind;

/**
 * New tickets into lists of at most TICKETS_PER_LIST, as even as possible (21 become 11 and 10, never 20
 * and 1), in the order of their numbers; in the technicians' group also within TECH_LIST_SPAN.
 */
function ticketLists(opened: readonly Pending<'ticket_opened'>[], techChat: boolean): Pending<'ticket_opened'>[][] {
  const sorted = [...opened].sort((a, b) => a.payload.number - b.payload.number);
  const runs: Pending<'ticket_opened'>[][] = [];
  for (const message of sorted) {
    const run = runs.at(-1);
    const first = run?.[0];
    if (run && first && (!techChat || message.payload.number - first.payload.number <= TECH_LIST_SPAN)) run.push(message);
    else runs.push([message]);
  }
  return runs.flatMap((run) => {
    const parts = Math.ceil(run.length / TICKETS_PER_LIST);
    const lists: Pending<'ticket_opened'>[][] = [];
    for (let i = 0, start = 0; i < parts; i += 1) {
      const size = Math.floor(run.length / parts) + (i < run.length % parts ? 1 : 0);
      lists.push(run.slice(start, start + size));
      start += size;
    }
    return lists;
  });
}

/** A ticket's or task's reference ("№7", "п3") for the buttons of a notice merged with others. */
function refOf(message: PendingMessage): string | undefined {
  if (message.kind === 'digest' || message.kind === 'reply' || message.kind === 'reachable_again' || message.kind === 'command_menu') return undefined;
  if (message.kind === 'order_progress' || message.kind === 'staff_request') return undefined;
  if (message.kind === 'order_reminder') return n.taskRef(message.payload.number);
  return message.kind.startsWith('task_') ? n.taskRef(message.payload.number) : n.ticketRef(message.payload.number);
}

interface Piece {
  id: string;
  message: Omit<OutgoingMessage, 'chatId'>;
  ref: string | undefined;
  /** A photo, an edit, a stored reply or a group card stays a message of its own. */
  alone: boolean;
}

const numbered = (rows: InlineButton[][] | undefined, ref: string | undefined): InlineButton[][] =>
  (rows ?? []).map((row) => row.map((b) => (ref && !b.text.includes(ref) ? { ...b, text: n.numberedButton(b.text, ref) } : b)));

/**
 * Everything waiting for one chat, as few messages as read well: one notice exactly as renderNotification
 * renders it; new tickets as lists ("Новые заявки (5):", a Take button each); the other notices merged into
 * one message (texts apart by a blank line, each button naming its ticket or task); a summary of held
 * notices first. New tickets someone already took, and stale reminders, are dropped.
 */
export async function renderNoticeBatch(all: readonly PendingMessage[], context: NoticeContext): Promise<NoticeBatch> {
  const batch: NoticeBatch = { send: [], drop: [] };
  const marks = new Map(all.map((m) => [m.id, m.quiet]));
  const emit = (rendered: Omit<OutgoingMessage, 'chatId'>, ids: string[]) => {
    const { threadId: _topic, ...message } = rendered;
    batch.send.push({ message: withQuietLine(message, ids.map((id) => marks.get(id))), ids });
  };
  // Requests for access go together, in messages of their own (accessRequests.ts).
  const requests = all.filter(isAccessRequest);
  if (requests.length > 0) {
    const rendered = await renderAccessRequests(requests, context);
    for (const { message, ids } of rendered.send) emit(message, ids);
    batch.drop.push(...rendered.drop);
  }
  const messages = all.filter((m) => !isAccessRequest(m));
  if (messages.length === 0) return batch;
  const [only] = messages;
  if (messages.length === 1 && only) {
    const rendered = await renderNotification(only, context);
    if (rendered.kind === 'send') emit(rendered.message, [only.id]);
    else batch.drop.push({ id: only.id, reason: rendered.reason });
    return batch;
  }
  const techChat = context.recipient === TECH_CHAT_RECIPIENT;

  // Held notices are summarised once, before anything new.
  const [returned, ...again] = messages.filter(isKind('reachable_again'));
  if (returned) {
    const rendered = await renderNotification(returned, context);
    if (rendered.kind === 'send') emit(rendered.message, [returned.id]);
    else batch.drop.push({ id: returned.id, reason: rendered.reason });
  }
  for (const message of again) batch.drop.push({ id: message.id, reason: 'summarised with an earlier return' });

  const opened = messages.filter(isKind('ticket_opened'));
  const views = await currentTickets(context.read, [...new Set(opened.map((m) => m.payload.number))], context.now);
  const fresh = opened.filter((message) => {
    const view = views.get(message.payload.number);
    if (view && view.status !== 'open') batch.drop.push({ id: message.id, reason: `ticket is ${view.status} now` });
    return !view || view.status === 'open';
  });
  const pieces: Piece[] = [];
  // A new ticket with photos is its own card (photo and caption, or album and card), never a line of a list.
  for (const message of fresh.filter((m) => photosOf(m).length > 0)) {
    const card = newTicketsCard([message.payload]);
    pieces.push({ id: message.id, message: { text: card.text, keyboard: card.keyboard, photos: photosOf(message) }, ref: refOf(message), alone: true });
  }
  for (const list of ticketLists(fresh.filter((m) => photosOf(m).length === 0), techChat)) {
    const [single] = list;
    if (list.length === 1 && single) {
      const card = newTicketsCard([single.payload]);
      pieces.push({ id: single.id, message: { text: card.text, keyboard: card.keyboard }, ref: refOf(single), alone: techChat });
    } else {
      const card = newTicketsCard(list.map((m) => m.payload));
      emit({ text: card.text, keyboard: card.keyboard }, list.map((m) => m.id));
    }
  }

  // Several progress notices of one order: the last one says it all (it is read at sending time anyway).
  const progress = latestProgressOnly(messages.filter((m) => m.kind !== 'ticket_opened' && m.kind !== 'reachable_again'));
  for (const message of progress.drop) batch.drop.push({ id: message.id, reason: 'a later progress notice of the order is sent' });
  const rest = progress.keep;
  const rendered = await Promise.all(rest.map((message) => renderNotification(message, context)));
  rest.forEach((message, i) => {
    const result = rendered[i]!;
    if (result.kind === 'drop') return void batch.drop.push({ id: message.id, reason: result.reason });
    const alone = message.kind === 'reply' || carriesPhotos(result.message) || result.message.editMessageId !== undefined;
    pieces.push({ id: message.id, message: result.message, ref: refOf(message), alone });
  });

  let group: Piece[] = [];
  const flush = () => {
    const [first] = group;
    if (group.length === 1 && first) emit(first.message, [first.id]);
    else if (group.length > 1) {
      const text = group.map((p) => p.message.text).join(MERGE_SEPARATOR);
      const keyboard = group.flatMap((p) => numbered(p.message.keyboard, p.ref));
      emit({ text, ...(keyboard.length > 0 ? { keyboard } : {}) }, group.map((p) => p.id));
    }
    group = [];
  };
  for (const piece of pieces) {
    if (piece.alone) {
      emit(piece.message, [piece.id]);
      continue;
    }
    const length = group.reduce((sum, p) => sum + p.message.text.length + MERGE_SEPARATOR.length, piece.message.text.length);
    const rows = group.reduce((sum, p) => sum + (p.message.keyboard?.length ?? 0), piece.message.keyboard?.length ?? 0);
    if (group.length > 0 && (length > TEXT_LIMIT || rows > MERGED_ROWS_MAX)) flush();
    group.push(piece);
  }
  flush();
  return batch;
}
