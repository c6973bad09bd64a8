// /ticket <number> and the card's buttons: Take, Resolve, Comment, Priority, Assign (managers), Confirm, Reopen,
// Cancel. Buttons that need words (a resolution, a comment, a reason) ask for them and keep the ticket number
// in a draft.
import { PRIORITIES, type Priority } from '../../../domain/shared/values.js';
import { encodeCallback } from '../callbackData.js';
import { texts } from '../texts.js';
import { button, type Flow } from '../turn.js';
import type { Refusal } from '../../../domain/shared/refusal.js';
import { listedTicketNumbers, nameOf, shortName, ticketWordsRefusal, type NewTicketState, type TicketWordsAction } from '../cards.js';
import { redrawnNewTicketsCard } from '../groupCard.js';
import { assignMenu, assignTo } from './assignTicket.js';
import type { Turn } from '../turn.js';
import {
  askForText,
  buttonNumber,
  parseNumber,
  refusalText,
  request,
  requireActive,
  showTicket,
  succeeded,
  typedText,
  type WordsCheck,
} from './common.js';

type Decided = { readonly ok: true } | { readonly ok: false; readonly refusal: Refusal };

const TICKET_TEXT = 'ticketText';
type TextStep = 'resolve' | 'comment' | 'reopen' | 'cancel';

/** Refuses at once someone the ticket's card would not offer this to; a ticket not yet projected goes on. */
const checkFor =
  (action: TicketWordsAction): WordsCheck =>
  async (turn, number) => {
    const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
    const { reopenWindowMs } = turn.deps;
    const reopen = reopenWindowMs === undefined ? undefined : { now: turn.now, windowMs: reopenWindowMs };
    return ticket ? ticketWordsRefusal(action, ticket, turn.person, reopen) : undefined;
  };

const isPriority = (value: string | undefined): value is Priority => (PRIORITIES as readonly (string | undefined)[]).includes(value);

/** The message a button under it was pressed on, when that was in a group (the technicians' chat). */
function pressedInGroup(turn: Turn): { messageId: number; text: string; isPhoto?: boolean } | undefined {
  const message = turn.ctx.callbackQuery?.message;
  if (!message || turn.ctx.chat?.type === 'private') return undefined;
  // A card with a photo carries its words as the caption (and is edited as one).
  if ('photo' in message) return { messageId: message.message_id, text: message.caption ?? '', isPhoto: true };
  return { messageId: message.message_id, text: 'text' in message ? message.text : '' };
}

/**
 * A ticket was taken from its card in the technicians' group: the card is drawn again (who took it, no Take
 * button) so that a second technician sees it is taken; the confirmation goes to the technician alone.
 * A refused take (someone was quicker) redraws the card too, since it was out of date.
 */
async function takeInGroup(turn: Turn, number: number, card: { messageId: number; text: string; isPhoto?: boolean }, result: Decided): Promise<void> {
  const listed = listedTicketNumbers(card.text);
  const numbers = listed.includes(number) ? listed : [number];
  // The read model may not have the take yet; this update knows it.
  const known = new Map<number, NewTicketState>(result.ok ? [[number, { status: 'in_progress', assignee: shortName(nameOf(turn.person)) }]] : []);
  // A refused take (someone was quicker) on a ticket the read model still shows open — it lags the log by a
  // moment — would redraw the card as new, with Take again: leave the card to the notice of that take.
  const lagging = !result.ok && (await turn.deps.read.ticketByNumber(number, turn.now))?.status === 'open';
  const redrawn = lagging ? undefined : await redrawnNewTicketsCard(turn.deps.read, numbers, turn.now, known);
  if (redrawn) turn.send({ editMessageId: card.messageId, text: redrawn.text, keyboard: redrawn.keyboard, ...(card.isPhoto ? { editCaption: true } : {}) });
  turn.send({ chatId: turn.userId, text: result.ok ? texts.ticketCard.taken(number) : refusalText(result.refusal) });
}

const askFor = (step: TextStep, prompt: (n: number) => string, action: TicketWordsAction) =>
  askForText(TICKET_TEXT, step, prompt, checkFor(action));

export const ticketCardFlow: Flow = {
  commands: {
    ticket: async (turn, args) => {
      if (!requireActive(turn)) return;
      const number = parseNumber(args);
      if (number === undefined) return turn.reply(texts.ticketCard.usage);
      await showTicket(turn, number);
    },
  },
  callbacks: {
    showTicket: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number !== undefined && requireActive(turn)) await showTicket(turn, number);
    },
    takeTicket: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const result = await turn.deps.school.takeTicket(turn.person, { number }, request(turn));
      const card = pressedInGroup(turn);
      if (card) await takeInGroup(turn, number, card, result);
      else if (succeeded(turn, result)) turn.reply(texts.ticketCard.taken(number));
    },
    confirmTicket: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      if (succeeded(turn, await turn.deps.school.confirmResolution(turn.person, { number }, request(turn)))) turn.reply(texts.ticketCard.confirmed(number));
    },
    priorityMenu: async (turn, args) => {
      const number = buttonNumber(turn, args);
      if (number === undefined || !requireActive(turn)) return;
      const refusal = await checkFor('priority')(turn, number);
      if (refusal) return turn.reply(refusal);
      const keyboard = [PRIORITIES.map((p) => button(texts.priorities[p] ?? p, encodeCallback('setPriority', number, p)))];
      turn.reply(texts.ticketCard.choosePriority(number), keyboard);
    },
    setPriority: async (turn, args) => {
      const number = buttonNumber(turn, args);
      const priority = args[1];
      if (number === undefined || !isPriority(priority)) return;
      if (!requireActive(turn)) return;
      const result = await turn.deps.school.changeTicketPriority(turn.person, { number, priority }, request(turn));
      if (succeeded(turn, result)) turn.reply(texts.ticketCard.priorityChanged(number, texts.priorities[priority] ?? priority));
    },
    assignMenu,
    assignTo,
    resolveTicket: askFor('resolve', texts.ticketCard.askResolution, 'resolve'),
    commentTicket: askFor('comment', texts.ticketCard.askComment, 'comment'),
    reopenTicket: askFor('reopen', texts.ticketCard.askReopenReason, 'reopen'),
    cancelTicket: askFor('cancel', texts.ticketCard.askCancelReason, 'cancel'),
  },
  steps: {
    [TICKET_TEXT]: async (turn, draft, input) => {
      const number = Number(draft.data.number);
      const text = input.photo && !input.text ? texts.common.none : typedText(turn, input.text);
      if (!text) return;
      const { school } = turn.deps;
      const { person } = turn;
      const req = request(turn);
      await turn.clearDraft();
      switch (draft.step as TextStep) {
        case 'resolve':
          if (succeeded(turn, await school.resolveTicket(person, { number, resolution: text }, req))) turn.reply(texts.ticketCard.resolved(number));
          return;
        case 'comment':
          if (succeeded(turn, await school.commentTicket(person, { number, text, photo: input.photo ?? null }, req))) turn.reply(texts.ticketCard.commented(number));
          return;
        case 'reopen':
          if (succeeded(turn, await school.reopenTicket(person, { number, reason: text }, req))) turn.reply(texts.ticketCard.reopened(number));
          return;
        case 'cancel':
          if (succeeded(turn, await school.cancelTicket(person, { number, reason: text }, req))) turn.reply(texts.ticketCard.cancelled(number));
          return;
        default:
          turn.reply(texts.common.expired);
      }
    },
  },
};
