// Room state and its fold.
import { match } from 'ts-pattern';
import type { RoomEvent } from './events.js';

export interface Room {
  readonly status: 'defined';
  readonly number: string;
  readonly name: string;
  readonly floor: number | null;
  readonly category: string;
}

export type RoomState = { readonly status: 'none' } | Room;

export const initialRoomState: RoomState = { status: 'none' };

export function evolveRoom(state: RoomState, event: RoomEvent): RoomState {
  return match(event)
    .with({ type: 'RoomDefined' }, { type: 'RoomChanged' }, ({ data }): Room => ({
      status: 'defined',
      number: data.number,
      name: data.name,
      floor: data.floor,
      category: data.category,
    }))
    .exhaustive();
}

export const foldRoom = (events: readonly RoomEvent[]): RoomState => events.reduce(evolveRoom, initialRoomState);

/** Rooms in poster order: by floor (rooms without one last), then by number as people read it (2 < 10 < 10a). */
export function compareRooms(a: { number: string; floor: number | null }, b: { number: string; floor: number | null }): number {
  const floorA = a.floor ?? Number.MAX_SAFE_INTEGER;
  const floorB = b.floor ?? Number.MAX_SAFE_INTEGER;
  if (floorA !== floorB) return floorA - floorB;
  return a.number.localeCompare(b.number, 'ru', { numeric: true });
}
