// The card's "Назначить" / "Переназначить" for managers: a choice of active technicians (those who get the
// ticket's category first, each with how many tickets they have in progress), then the pick. The buttons are
// a convenience: the command service re-authorizes the pick (a manager, an active technician, a live ticket).
import { mayAssignTickets } from '../../../application/authorization.js';
import type { StaffView, TicketView } from '../../../application/ports/readModels.js';
import { encodeCallback } from '../callbackData.js';
import { shortName } from '../cards.js';
import { texts } from '../texts.js';
import { button, type Turn } from '../turn.js';
import { buttonNumber, request, requireActive, succeeded } from './common.js';

/** Technicians offered in one menu (a school has a handful; the rest would not fit a keyboard anyway). */
const MENU_MAX = 40;
/** In-progress tickets read to count each technician's load. */
const LOAD_SCAN_MAX = 1_000;

/** 0: named for the category, 1: works on every category, 2: does other categories. */
function closeness(technician: StaffView, category: string): number {
  if (technician.categories.includes(category)) return 0;
  return technician.categories.length === 0 ? 1 : 2;
}

/** The technicians a ticket may go to, closest to its category first, then by name (the read model's order). */
export function techniciansFor(ticket: TicketView, technicians: readonly StaffView[]): StaffView[] {
  return technicians
    .filter((t) => t.status === 'active' && t.telegramId !== ticket.assigneeId)
    .map((t, index) => ({ t, index, rank: closeness(t, ticket.category) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ t }) => t);
}

export async function assignMenu(turn: Turn, args: string[]): Promise<void> {
  const number = buttonNumber(turn, args);
  if (number === undefined || !requireActive(turn)) return;
  if (!mayAssignTickets(turn.person)) return turn.reply(texts.refusals.not_permitted);
  const ticket = await turn.deps.read.ticketByNumber(number, turn.now);
  if (!ticket) return turn.reply(texts.ticketCard.notFound(number));
  if (ticket.status !== 'open' && ticket.status !== 'in_progress') return turn.reply(texts.refusals.invalid_transition);
  const offered = techniciansFor(ticket, await turn.deps.read.staffByRole(['technician'])).slice(0, MENU_MAX);
  if (offered.length === 0) return turn.reply(texts.assignment.noTechnicians);
  const load = new Map<string, number>();
  for (const t of await turn.deps.read.findTickets({ statuses: ['in_progress'], limit: LOAD_SCAN_MAX }, turn.now)) {
    if (t.assigneeId) load.set(t.assigneeId, (load.get(t.assigneeId) ?? 0) + 1);
  }
  const keyboard = offered.map((t) => [
    button(
      texts.assignment.technician(shortName(t.fullName), load.get(t.telegramId) ?? 0, closeness(t, ticket.category) < 2),
      encodeCallback('assignTo', number, t.telegramId),
    ),
  ]);
  turn.reply(texts.assignment.choose(number), keyboard);
}

export async function assignTo(turn: Turn, args: string[]): Promise<void> {
  const number = buttonNumber(turn, args);
  const assigneeId = args[1];
  if (number === undefined) return;
  if (!assigneeId || !/^\d{1,20}$/.test(assigneeId)) return turn.reply(texts.common.staleButton);
  if (!requireActive(turn)) return;
  const result = await turn.deps.school.assignTicket(turn.person, { number, assigneeId }, request(turn));
  if (!succeeded(turn, result)) return;
  const names = await turn.deps.read.staffNames([assigneeId]);
  const name = names.get(assigneeId) ?? (await turn.deps.school.person(assigneeId)).fullName ?? assigneeId;
  turn.reply(texts.assignment.assigned(number, shortName(name)));
}
