// Helpers every flow shares: who may go on, turning a refusal into a polite sentence, showing cards, asking
// for words.
import { mayViewTask, mayViewTicket, mayViewTicketComments } from '../../../application/authorization.js';
import type { RequestMeta } from '../../../application/commands/schoolCommands.js';
import type { Refusal } from '../../../domain/shared/refusal.js';
import type { HistoryEntryOf } from '../../../application/history.js';
import { isActive, taskCard, ticketCard } from '../cards.js';
import { ticketRoomRow } from '../roomButtons.js';
import { texts } from '../texts.js';
import type { Turn } from '../turn.js';
import { continuePrivately, inGroup } from './groupHandoff.js';

/** The request a command of this update is part of: its id comes from the update, so a redelivery applies once. */
export const request = (turn: Turn, step?: string): RequestMeta => ({ commandId: turn.commandId(step), source: 'telegram' });

export function refusalText(refusal: Refusal): string {
  return texts.refusals[refusal.code] ?? texts.common.failed;
}

type Decided = { readonly ok: true } | { readonly ok: false; readonly refusal: Refusal };

/** Replies with the refusal's sentence and returns false, or returns true when the command went through. */
export function succeeded<Result extends Decided>(turn: Turn, result: Result): result is Extract<Result, { ok: true }> {
  if (!result.ok) turn.reply(refusalText(result.refusal));
  return result.ok;
}

/** An approved, active person may go on; anyone else is told why not. */
export function requireActive(turn: Turn): boolean {
  const person = turn.person;
  if (isActive(person)) return true;
  if (person.status === 'none') turn.reply(texts.common.notRegistered);
  else if (person.status === 'pending') turn.reply(texts.registration.alreadyPending);
  else turn.reply(texts.registration.deactivated);
  return false;
}

export const parseNumber = (text: string | undefined): number | undefined => {
  const match = /^\s*(?:№|n|#)?\s*(\d{1,9})\s*$/i.exec(text ?? '');
  return match ? Number(match[1]) : undefined;
};

/** A ticket's card, to anyone active; its comments only to those docs/access.md names (mayViewTicketComments). */
export async function showTicket(turn: Turn, number: number): Promise<void> {
  const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
  if (!ticket) return turn.reply(texts.ticketCard.notFound(number));
  if (!mayViewTicket(turn.person, ticket)) return turn.reply(texts.refusals.not_permitted);
  const commentsVisible = mayViewTicketComments(turn.person, ticket);
  const comments = ticket.commentCount > 0 && commentsVisible ? await latestComments(turn, number) : [];
  const names = await turn.deps.read.staffNames([ticket.authorId, ...(ticket.assigneeId ? [ticket.assigneeId] : []), ...comments.map((c) => c.actorId)]);
  const shown = comments.map((c) => ({ at: new Date(c.at), who: names.get(c.actorId) ?? c.actorId, text: c.data.text }));
  const card = ticketCard(ticket, turn.person, names, turn.deps.zone, commentsVisible ? shown : 'hidden');
  const keyboard = [...card.keyboard, ...(await ticketRoomRow(turn, ticket))];
  turn.reply(card.text, keyboard.length > 0 ? keyboard : undefined);
}

const CARD_COMMENTS = 3;

/** The last few comments on a ticket, from its history in the event log (when the bot has it). */
async function latestComments(turn: Turn, number: number): Promise<HistoryEntryOf<'TicketCommented'>[]> {
  const entries = (await turn.deps.history?.history('ticket', number)) ?? [];
  return entries.filter((e): e is HistoryEntryOf<'TicketCommented'> => e.type === 'TicketCommented').slice(-CARD_COMMENTS);
}

export async function showTask(turn: Turn, number: number): Promise<void> {
  const task = await turn.deps.read.taskByNumber(number, turn.now);
  if (!task) return turn.reply(texts.task.notFound(number));
  // Task numbers are sequential: a crafted button must not show someone else's task.
  if (!mayViewTask(turn.person, task)) return turn.reply(texts.visibility.task);
  const names = await turn.deps.read.staffNames([task.issuerId, task.assigneeId]);
  const card = taskCard(task, turn.person, names, turn.deps.zone);
  turn.reply(card.text, card.keyboard.length > 0 ? card.keyboard : undefined);
}

/** Text typed into a wizard step, trimmed; undefined (and a reply) when there is none. */
export function typedText(turn: Turn, text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) {
    turn.reply(texts.common.emptyText);
    return undefined;
  }
  return value;
}

/** The ticket or task number a button carries; a garbled one gets the "stale button" reply. */
export function buttonNumber(turn: Turn, args: string[]): number | undefined {
  const number = parseNumber(args[0]);
  if (number === undefined) turn.reply(texts.common.staleButton);
  return number;
}

/** Before asking for words: the refusal to show this person for this item, or undefined to go on. */
export type WordsCheck = (turn: Turn, number: number) => Promise<string | undefined>;

/**
 * A button that needs words (a reason, a report): asks for them and keeps the number in the flow's draft.
 * With a check, someone who may not do it is told so at once instead of being asked for words first.
 * Pressed in a group, it goes on in the person's private chat with the bot (./groupHandoff.ts).
 */
export function askForText(flow: string, step: string, prompt: (n: number) => string, check?: WordsCheck) {
  return async (turn: Turn, args: string[]) => {
    const number = buttonNumber(turn, args);
    if (number === undefined || !requireActive(turn)) return;
    const refusal = check ? await check(turn, number) : undefined;
    if (refusal) return turn.reply(refusal);
    const draft = { flow, step, data: { number } };
    if (inGroup(turn)) return continuePrivately(turn, draft, number, prompt(number));
    await turn.saveDraft(draft);
    turn.reply(prompt(number));
  };
}

