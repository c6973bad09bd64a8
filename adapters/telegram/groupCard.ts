// The card of new tickets in the technicians' group, drawn again as its tickets move on: who took which, and
// no Take button left for those. Found again after a take elsewhere through the outbox, which remembers the
// Telegram message each new ticket's row became.
import type { ReadModels, TicketView } from '../../application/ports/readModels.js';
import { techCardId } from '../../application/reactions/notifications.js';
import { clip, newTicketsCard, shortName, type Card, type NewTicketState } from './cards.js';
import type { RenderContext } from './notificationTexts.js';

/**
 * In the technicians' group, a list holds tickets whose numbers lie within this distance of each other, so
 * that the card of a ticket taken elsewhere is found again with its neighbours (techCardEdit).
 */
export const TECH_LIST_SPAN = 40;

/** The tickets the read model knows, by number, as they stand now. */
export async function currentTickets(read: ReadModels, numbers: readonly number[], now: Date): Promise<Map<number, TicketView>> {
  const views = await Promise.all(numbers.map((number) => read.ticketByNumber(number, now)));
  return new Map(views.filter((v): v is TicketView => v !== undefined).map((v) => [v.number, v]));
}

/**
 * The card of new tickets in the technicians' group as it stands now (who took which, no Take button left
 * for those), for the tickets `numbers` it shows; undefined when one of them is unknown to the read model.
 */
export async function redrawnNewTicketsCard(
  read: ReadModels,
  numbers: readonly number[],
  now: Date,
  /** What the caller knows better than the read model, which may lag a moment (a take just decided). */
  known: ReadonlyMap<number, NewTicketState> = new Map(),
): Promise<Card | undefined> {
  const views = await currentTickets(read, numbers, now);
  if (numbers.some((number) => !views.has(number))) return undefined;
  const assignees = [...views.values()].map((v) => v.assigneeId).filter((id): id is string => id !== null);
  const names = assignees.length > 0 ? await read.staffNames(assignees) : new Map<string, string>();
  const states = new Map<number, NewTicketState>();
  for (const view of views.values()) {
    const name = view.assigneeId ? names.get(view.assigneeId) : undefined;
    states.set(view.number, { status: view.status, ...(name ? { assignee: clip(shortName(name), 40) } : {}) });
  }
  for (const [number, state] of known) states.set(number, { ...state, ...(state.assignee ? { assignee: clip(state.assignee, 40) } : {}) });
  const facts = numbers.map((number) => views.get(number)!);
  return newTicketsCard(facts, states);
}

/**
 * Of the messages a card's row became, the one with its buttons, which an edit redraws: the last (a card with
 * photos is the album, or the photo, first; a card that is one photo with its caption is that photo).
 */
export const cardMessageOf = (messageIds: readonly number[] | undefined): number | undefined => messageIds?.at(-1);

/**
 * A ticket was taken: its card in the technicians' group is edited. The card may be a list; its other
 * tickets are those whose rows became the same Telegram message, all within TECH_LIST_SPAN of this one.
 */
export async function techCardEdit(number: number, context: RenderContext): Promise<{ card: Card; messageId: number } | { reason: string }> {
  const { outbox, read, now } = context;
  if (!outbox) return { reason: 'no outbox to find the group card in' };
  const messageId = cardMessageOf(await outbox.sentMessageIds(techCardId(number)));
  if (messageId === undefined) return { reason: 'the group card of this ticket is unknown' };
  const around: number[] = [];
  for (let other = Math.max(1, number - TECH_LIST_SPAN); other <= number + TECH_LIST_SPAN; other += 1) if (other !== number) around.push(other);
  const together = await Promise.all(around.map(async (other) => (cardMessageOf(await outbox.sentMessageIds(techCardId(other))) === messageId ? other : undefined)));
  const numbers = [number, ...together.filter((other): other is number => other !== undefined)].sort((a, b) => a - b);
  const card = await redrawnNewTicketsCard(read, numbers, now);
  return card ? { card, messageId } : { reason: 'a ticket of the group card is not in the read model yet' };
}
