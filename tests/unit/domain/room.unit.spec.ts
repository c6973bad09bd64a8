// Rooms: admins (and the operator at the command line, as the configured admin) keep them; defining a room
// again with the same values appends nothing, so importing one list twice changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoomCommand, RoomEvent, RoomState, RoomValues } from '../../../domain/index.js';
import { CONFIG_ACTOR_ID, DEFAULT_CATEGORIES, decideRoom, defaultPolicy, evolveRoom, initialRoomState, roomNumberSchema } from '../../../domain/index.js';
import { createTableSql } from '../../../projections/projector.js';
import { roomsProjector } from '../../../projections/rooms.js';
import { roomsMigration } from '../../../adapters/postgres/migrations/0110_rooms.js';
import { decodeCallback, encodeCallback } from '../../../adapters/telegram/callbackData.js';
import { T0, at, meta, people, specOf } from './fixtures.js';

const room = specOf<RoomCommand, RoomState, RoomEvent>({
  decide: (command, state) => decideRoom(command, state, defaultPolicy),
  evolve: evolveRoom,
  initialState: initialRoomState,
});

const values: RoomValues = { number: '204', name: 'Кабинет информатики', floor: 2, category: 'it' };
const define = (data: RoomValues = values, actor = people.admin, now = T0): RoomCommand => ({ type: 'DefineRoom', data, metadata: meta(actor, now) });
const defined = (data: RoomValues = values): RoomEvent => ({ type: 'RoomDefined', data: { ...data, definedBy: people.admin.id, definedAt: T0 } });

describe('a room', () => {
  it('is defined by an admin', () => {
    room.given().when(define()).then(defined());
  });

  it('is defined by the operator at the command line, as the configured admin', () => {
    const operator = { id: CONFIG_ACTOR_ID, role: 'admin' as const, active: true, categories: [] };
    const [event] = room.given().when(define(values, operator)).thenAccepted();
    expect(event).toMatchObject({ type: 'RoomDefined', data: { definedBy: 'config' } });
  });

  it('is not defined by anyone else', () => {
    room.given().when(define(values, people.deputy)).thenRefused('not_permitted');
    room.given().when(define(values, people.guest)).thenRefused('actor_pending');
  });

  it('defined again with the same values appends nothing; with other values it changes', () => {
    room.given(defined()).when(define()).thenNothingHappens();
    room
      .given(defined())
      .when(define({ ...values, name: 'Информатика', category: 'equipment' }, people.admin, at(1)))
      .then({ type: 'RoomChanged', data: { number: '204', name: 'Информатика', floor: 2, category: 'equipment', changedBy: people.admin.id, changedAt: at(1) } });
  });

  it('refuses a number that cannot go into a link, an unknown category and a floor out of range', () => {
    room.given().when(define({ ...values, number: 'каб 204' })).thenRefused('invalid_input');
    room.given().when(define({ ...values, category: 'stuff' })).thenRefused('category_not_allowed');
    room.given().when(define({ ...values, floor: 99 })).thenRefused('invalid_input');
  });

  it('changes one value at a time; the same value again is no change; an unknown room is not found', () => {
    room
      .given(defined())
      .when({ type: 'ChangeRoom', data: { category: 'maintenance' }, metadata: meta(people.admin, at(2)) })
      .then({ type: 'RoomChanged', data: { ...values, category: 'maintenance', changedBy: people.admin.id, changedAt: at(2) } });
    room.given(defined()).when({ type: 'ChangeRoom', data: { category: 'it' }, metadata: meta(people.admin) }).thenRefused('no_change');
    room.given().when({ type: 'ChangeRoom', data: { name: 'x' }, metadata: meta(people.admin) }).thenRefused('not_found');
    room.given(defined()).when({ type: 'ChangeRoom', data: { name: 'x' }, metadata: meta(people.tanya) }).thenRefused('not_permitted');
  });

  it('after any sequence of imports, the room has the last values, and repeating the last appends nothing', () => {
    const rows = fc.record({
      name: fc.constantFrom('', 'Кабинет информатики', 'Спортзал', 'Актовый зал'),
      floor: fc.option(fc.integer({ min: -5, max: 50 }), { nil: null }),
      category: fc.constantFrom(...DEFAULT_CATEGORIES),
    });
    fc.assert(
      fc.property(fc.array(rows, { minLength: 1, maxLength: 8 }), (imports) => {
        let state: RoomState = initialRoomState;
        for (const row of imports) {
          const decision = decideRoom(define({ number: '1a', ...row }), state, defaultPolicy);
          if (!decision.ok) return false;
          state = decision.events.reduce(evolveRoom, state);
        }
        const last = imports.at(-1)!;
        expect(state).toEqual({ status: 'defined', number: '1a', ...last });
        const again = decideRoom(define({ number: '1a', ...last }), state, defaultPolicy);
        return again.ok && again.events.length === 0;
      }),
    );
  });

  it('numbers are slugs that fit a deep link (start=room_<number>, [A-Za-z0-9_-], at most 64) and the bot\'s buttons', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (text) => {
        if (!roomNumberSchema.safeParse(text).success) return true;
        const payload = `room_${text}`;
        return /^[A-Za-z0-9_-]{1,64}$/.test(payload);
      }),
    );
    // Every valid number also fits the bot's room buttons (64 bytes of callback data).
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,23}$/), fc.constantFrom(...DEFAULT_CATEGORIES), (number, category) => {
        expect(roomNumberSchema.safeParse(number).success).toBe(true);
        for (const data of [encodeCallback('roomTicket', number), encodeCallback('renameRoom', number), encodeCallback('setRoomCategory', number, category)]) {
          expect(decodeCallback(data)?.args[0]).toBe(number);
        }
      }),
    );
    expect(roomNumberSchema.safeParse('a'.repeat(25)).success).toBe(false);
    for (const good of ['204', '1a', 'sportzal', 'b-12_3']) expect(roomNumberSchema.safeParse(good).success).toBe(true);
    for (const bad of ['', '12а', 'Sport', '-1', 'a b']) expect(roomNumberSchema.safeParse(bad).success).toBe(false);
  });

  it('the migration creates the read model exactly as the projector defines it', () => {
    const normalize = (sql: string) => sql.replace(/\s+/g, ' ').replace(/;/g, '').trim();
    for (const statement of createTableSql(roomsProjector, roomsProjector.table)) {
      expect(normalize(roomsMigration.sql)).toContain(normalize(statement));
    }
  });
});
