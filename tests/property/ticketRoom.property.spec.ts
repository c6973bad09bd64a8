// Giving a ticket its room (issue 15, item 5), over random sequences of SetTicketRoom by random people, with
// the ticket cancelled at a random point: only active technicians and managers set it, never to the room it
// already has nor on a cancelled ticket; each event names the room before it; the state's room is the fold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TicketCommand, TicketState } from '../../domain/index.js';
import { decideTicket, evolveTicket, initialTicketState } from '../../domain/index.js';
import { KNOWN_REFUSALS, NAMES, RUNS, atHour, people, storable, type Name } from './harness.js';

const ROOMS = ['204', '305', '12a', 'Каб 1', ''];
const step = fc.record({ who: fc.constantFrom(...NAMES), room: fc.constantFrom(...ROOMS), cancel: fc.boolean() });

const metadata = (who: Name, index: number) => ({
  commandId: `c${index}`,
  actor: people[who],
  now: atHour(index + 1),
  source: 'telegram' as const,
  correlationId: `c${index}`,
});

describe('SetTicketRoom', () => {
  it('is accepted exactly when the rules allow it, and the state’s room is the last one set', () => {
    fc.assert(
      fc.property(fc.constantFrom('не указано', 'каб. 204'), fc.array(step, { maxLength: 12 }), (location, steps) => {
        const opening: TicketCommand = {
          type: 'OpenTicket',
          metadata: metadata('tanya', 0),
          data: { number: 1, title: 'Течёт кран', description: '', category: 'maintenance', location, priority: 'normal', photos: [] },
        };
        const opened = decideTicket(opening, initialTicketState);
        if (!opened.ok) throw new Error('the opening was refused');
        let state: TicketState = opened.events.reduce(evolveTicket, initialTicketState);
        let room = location === 'каб. 204' ? '204' : null;
        steps.forEach((s, i) => {
          if (s.cancel && state.status === 'open') {
            const cancelled = decideTicket({ type: 'CancelTicket', metadata: metadata('tanya', i + 1), data: { reason: 'Не нужно' } }, state);
            if (cancelled.ok) state = cancelled.events.reduce(evolveTicket, state);
            return;
          }
          const actor = people[s.who];
          const decision = decideTicket({ type: 'SetTicketRoom', metadata: metadata(s.who, i + 1), data: { room: s.room } }, state);
          const allowed =
            actor.active &&
            (actor.role === 'technician' || ['deputy', 'director', 'admin'].includes(actor.role)) &&
            state.status !== 'cancelled' &&
            /^[a-z0-9][a-z0-9_-]*$/.test(s.room) &&
            s.room !== room;
          expect(decision.ok).toBe(allowed);
          if (!decision.ok) {
            expect(KNOWN_REFUSALS.has(decision.refusal.code)).toBe(true);
            return;
          }
          expect(decision.events).toHaveLength(1);
          const [event] = decision.events;
          expect(event).toMatchObject({ type: 'TicketRoomSet', data: { room: s.room, previousRoom: room, setBy: actor.id } });
          expect(storable(event!)).toBe(true);
          state = evolveTicket(state, event!);
          room = s.room;
          expect(state.status !== 'none' && state.room).toBe(room);
        });
      }),
      RUNS,
    );
  });
});
