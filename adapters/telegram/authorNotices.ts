// The notices of issue 14, items 5 and 6, rendered apart from the others: a question to a ticket's author
// (with Ответить), their answer to the one who asked, the technician going on without it, the reminder of an
// unanswered question and the close that follows; "Оцените решение" with 1–5 to the author of a closed
// ticket, and a low rating to the category's lead (docs/notifications.md).
import { DateTime } from 'luxon';
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import { formatDeadline } from './deadline.js';
import type { Rendered, RenderContext } from './notificationTexts.js';
import type { InlineButton } from './sendQueue.js';
import { texts } from './texts.js';
import { button } from './turn.js';

export const AUTHOR_KINDS = [
  'ticket_question',
  'ticket_answer',
  'ticket_resumed',
  'ticket_question_reminder',
  'ticket_closed_unanswered',
  'ticket_rate_request',
  'ticket_rated_low',
] as const satisfies ReadonlyArray<PendingMessage['kind']>;

type AuthorKind = (typeof AUTHOR_KINDS)[number];
export type AuthorNotice = Extract<PendingMessage, { kind: AuthorKind }>;

export const isAuthorNotice = (message: PendingMessage): message is AuthorNotice => (AUTHOR_KINDS as readonly string[]).includes(message.kind);

const a = texts.askAuthor;
const send = (text: string, keyboard: InlineButton[][] = []): Rendered => ({
  kind: 'send',
  message: { text, ...(keyboard.length > 0 ? { keyboard } : {}) },
});
const drop = (reason: string): Rendered => ({ kind: 'drop', reason });
const openTicket = (number: number) => button(texts.lists.open(texts.notifications.ticketRef(number)), encodeCallback('showTicket', number));
const answerButton = (number: number) => button(a.answerButton, encodeCallback('answerAuthor', number));

/**
 * The resolution a rating button names: its moment in seconds, base 36 (short ASCII). A button of an older
 * resolution (the ticket was reopened and resolved again since) is then refused rather than rating the new one.
 */
export const resolutionKey = (resolvedAt: Date): string => Math.floor(resolvedAt.getTime() / 1000).toString(36);

/** One row of 1–5: `rt:<number>:<rating>-<resolution>`. */
export const ratingKeyboard = (number: number, resolvedAt: Date): InlineButton[][] => [
  [1, 2, 3, 4, 5].map((rating) => button(String(rating), encodeCallback('rateTicket', number, `${rating}-${resolutionKey(resolvedAt)}`))),
];

/** One case per kind; the `never` below makes a new one without its text fail the type check. */
export async function renderAuthorNotice(message: AuthorNotice, context: RenderContext): Promise<Rendered> {
  const { read, zone, now } = context;
  const nameOf = async (id: string) => (await read.staffNames([id])).get(id) ?? id;
  const ticketTitle = async (number: number) => (await read.ticketByNumber(number, now))?.title ?? '';
  switch (message.kind) {
    case 'ticket_question': {
      const p = message.payload;
      const [title, who] = await Promise.all([ticketTitle(p.number), nameOf(p.askedBy)]);
      return send(a.question(p.number, title, who, p.question), [[answerButton(p.number)], [openTicket(p.number)]]);
    }
    case 'ticket_answer': {
      const p = message.payload;
      const [title, who] = await Promise.all([ticketTitle(p.number), nameOf(p.providedBy)]);
      return send(a.answer(p.number, title, who, p.answer, formatDeadline(p.dueAt, zone)), [[openTicket(p.number)]]);
    }
    case 'ticket_resumed': {
      const p = message.payload;
      return send(a.resumedNotice(p.number, await ticketTitle(p.number)), [[openTicket(p.number)]]);
    }
    case 'ticket_question_reminder': {
      const p = message.payload;
      const ticket = await read.ticketByNumber(p.number, now);
      // Answered (or closed) since the reminder was recorded: nothing to remind of.
      if (ticket && ticket.status !== 'waiting') return drop(`ticket is ${ticket.status} now`);
      const closes = DateTime.fromISO(p.closesAt, { zone }).setLocale('ru').toFormat(a.momentFormat);
      return send(a.reminder(p.number, ticket?.title ?? '', p.question ?? '—', closes), [[answerButton(p.number)]]);
    }
    case 'ticket_closed_unanswered': {
      const p = message.payload;
      const title = await ticketTitle(p.number);
      if (p.as === 'assignee') return send(a.closedTechnician(p.number, title));
      const open = p.reopenableUntil === undefined || Date.parse(p.reopenableUntil) > now.getTime();
      if (!open) return send(a.closedAuthor(p.number, title));
      return send(`${a.closedAuthor(p.number, title)}\n${a.closedReopen}`, [
        [button(texts.ticketCard.buttons.reopen, encodeCallback('reopenTicket', p.number))],
      ]);
    }
    case 'ticket_rate_request': {
      const p = message.payload;
      const ticket = await read.ticketByNumber(p.number, now);
      if (!ticket?.resolvedAt) return drop('the ticket has no resolution to rate');
      if (ticket.status !== 'closed' && ticket.status !== 'resolved') return drop(`ticket is ${ticket.status} now`);
      return send(texts.rating.ask(p.number, ticket.title), ratingKeyboard(p.number, ticket.resolvedAt));
    }
    case 'ticket_rated_low': {
      const p = message.payload;
      const [title, technician] = await Promise.all([ticketTitle(p.number), p.resolvedBy ? nameOf(p.resolvedBy) : Promise.resolve(texts.ticketCard.nobody)]);
      return send(texts.rating.low(p.number, title, p.rating, technician, p.comment), [[openTicket(p.number)]]);
    }
    default: {
      const withoutText: never = message;
      return withoutText;
    }
  }
}
