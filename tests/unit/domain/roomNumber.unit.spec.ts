// One notion of a room's number (domain/room/number.ts): what people type and what a ticket's place says come
// out as the room aggregate numbers rooms, or as nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeRoomNumber, roomNumberSchema, roomOfPlace } from '../../../domain/index.js';

describe('room numbers', () => {
  it.each([
    ['204', '204'],
    ['каб. 204', '204'],
    ['Кабинет 12А', '12a'],
    ['№ 305', '305'],
    ['sportzal', 'sportzal'],
    [' 1A ', '1a'],
  ])('«%s» is room %s', (typed, room) => {
    expect(normalizeRoomNumber(typed)).toBe(room);
  });

  it.each(['у входа', 'спортзал', '', 'каб.', '12 аб', '-1'])('«%s» is no room', (typed) => {
    expect(normalizeRoomNumber(typed)).toBeUndefined();
  });

  it.each([
    ['каб. 204', '204'],
    ['каб. 204 (Кабинет информатики)', '204'],
    ['кабинет 12а, у окна', '12a'],
    ['не указано', null],
    ['Спортзал', null],
  ])('the place «%s» names room %s', (place, room) => {
    expect(roomOfPlace(place)).toBe(room);
  });

  it('whatever is typed, a room that comes out is a valid room number, and normalising it again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        const room = normalizeRoomNumber(typed);
        if (room === undefined) return;
        expect(roomNumberSchema.safeParse(room).success).toBe(true);
        expect(normalizeRoomNumber(room)).toBe(room);
      }),
    );
  });
});
