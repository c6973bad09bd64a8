// The school's rooms: one row per room (its number), as the QR posters and the /start room_<number> link
// read them.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { dataOf } from '../application/recordedEvents.js';
import { ROOM_EVENT_TYPES } from '../domain/room/events.js';
import type { RowProjector } from './projector.js';

export interface RoomRow {
  [column: string]: unknown;
  number: string;
  name: string;
  floor: number | null;
  category: string;
  defined_at: string;
  updated_at: string;
}

function evolveRoomRow(existing: RoomRow | undefined, event: RecordedEvent): RoomRow | undefined {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'RoomDefined': {
      const d = dataOf(event, 'RoomDefined');
      return { number: d.number, name: d.name, floor: d.floor, category: d.category, defined_at: d.definedAt, updated_at: at };
    }
    case 'RoomChanged': {
      const d = dataOf(event, 'RoomChanged');
      return { number: d.number, name: d.name, floor: d.floor, category: d.category, defined_at: existing?.defined_at ?? d.changedAt, updated_at: at };
    }
    default:
      return existing;
  }
}

export const roomsProjector: RowProjector<RoomRow> = {
  name: 'rooms',
  version: 1,
  eventTypes: ROOM_EVENT_TYPES,
  table: 'rm_rooms',
  key: { column: 'number', type: 'text' },
  columns: {
    number: 'text NOT NULL',
    name: 'text NOT NULL',
    floor: 'int',
    category: 'text NOT NULL',
    defined_at: 'timestamptz NOT NULL',
    updated_at: 'timestamptz NOT NULL',
  },
  indexes: {
    floor_idx: '(floor, number)',
  },
  creationTypes: new Set(['RoomDefined']),
  keyOf: (event) => (event.data as { number: string }).number,
  evolve: evolveRoomRow,
};
