// Which room each ticket is in (room/number.ts: given at opening by a poster, named by its place, or set later
// by a technician): what /room 204 lists, newest first, beside the tickets read model.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { dataOf } from '../application/recordedEvents.js';
import { roomOfPlace } from '../domain/index.js';
import type { RowProjector } from './projector.js';

export interface RoomTicketRow {
  [column: string]: unknown;
  number: number;
  /** Null while the ticket names no room. */
  room: string | null;
  category: string;
  opened_at: string;
}

function evolveRoomTicket(row: RoomTicketRow | undefined, event: RecordedEvent): RoomTicketRow | undefined {
  if (event.type === 'TicketOpened') {
    const d = dataOf(event, 'TicketOpened');
    return { number: d.number, room: d.room ?? roomOfPlace(d.location), category: d.category, opened_at: d.openedAt };
  }
  if (!row || event.type !== 'TicketRoomSet') return row;
  return { ...row, room: dataOf(event, 'TicketRoomSet').room };
}

export const roomTicketsProjector: RowProjector<RoomTicketRow> = {
  name: 'room-tickets',
  version: 1,
  eventTypes: ['TicketOpened', 'TicketRoomSet'],
  table: 'rm_room_tickets',
  key: { column: 'number', type: 'int' },
  columns: {
    number: 'int NOT NULL',
    room: 'text',
    category: 'text NOT NULL',
    opened_at: 'timestamptz NOT NULL',
  },
  indexes: {
    room_idx: '(room, opened_at DESC, number DESC)',
  },
  creationTypes: new Set(['TicketOpened']),
  keyOf: (event) => (event.data as { number: number }).number,
  evolve: evolveRoomTicket,
};
