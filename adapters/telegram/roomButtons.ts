// The room on a ticket's card (issue 15, item 5): a button to the room's history when the ticket is in one, or
// one to give it a room for the technicians and managers who may (the decider checks again on the press).
import type { TicketView } from '../../application/ports/readModels.js';
import type { BotDependencies } from './dependencies.js';
import { encodeCallback } from './callbackData.js';
import { hasRole, isManager } from './cards.js';
import type { InlineButton } from './sendQueue.js';
import { texts } from './texts.js';
import { button, type Turn } from './turn.js';

/** "каб. 204 (Кабинет информатики)" for a room on the school's list, "каб. 204" for one that is not. */
export async function roomLabelOf(read: BotDependencies['read'], room: string): Promise<string> {
  const known = await read.roomByNumber(room);
  return texts.rooms.label(room, known?.name ?? '');
}

/** Who may give a ticket its room (as the ticket's decider allows): technicians and managers. */
export const maySetTicketRoom = (turn: Turn): boolean => hasRole(turn.person, 'technician') || isManager(turn.person);

/** The card's room row: the room's history, or "Указать помещение"; nothing while the read model lags. */
export async function ticketRoomRow(turn: Turn, ticket: TicketView): Promise<InlineButton[][]> {
  // A cancelled ticket's card offers nothing (it still shows in its room's history).
  if (ticket.status === 'cancelled') return [];
  const room = await turn.deps.read.ticketRoom(ticket.number);
  if (room) return [[button(texts.roomHistory.button(await roomLabelOf(turn.deps.read, room)), encodeCallback('roomHistory', room))]];
  if (room === null && maySetTicketRoom(turn)) {
    return [[button(texts.roomHistory.setButton, encodeCallback('setTicketRoom', ticket.number))]];
  }
  return [];
}
