// Invariants of following and merging (issue 15, item 6) over random command sequences by random people:
// the author never follows their own ticket and nobody follows twice; a merged ticket is closed, points to
// another ticket and accepts nothing more but comments' refusals; the survivor records each merged ticket once;
// followers are named on every event the author hears of; the state is the fold of the accepted events.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TicketCommand, TicketEvent, TicketState } from '../../domain/index.js';
import { decideTicket, evolveTicket, initialTicketState, validateNewEvent } from '../../domain/index.js';
import { NAMES, atHour, people, type Name } from './harness.js';

type Step =
  | { does: 'OpenTicket'; who: Name; ticket: number }
  | { does: 'FollowTicket' | 'TakeTicket' | 'CancelTicket' | 'CommentTicket'; who: Name; ticket: number }
  | { does: 'MergeTicket'; who: Name; ticket: number; into: number }
  | { does: 'AbsorbTicket'; who: Name; ticket: number; from: number; followers: Name[] };

const TICKETS = [1, 2, 3];
const ticket = fc.constantFrom(...TICKETS);
const who = fc.constantFrom(...NAMES);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ does: fc.constant('OpenTicket' as const), who, ticket }) },
  { weight: 4, arbitrary: fc.record({ does: fc.constantFrom('FollowTicket' as const, 'TakeTicket' as const, 'CancelTicket' as const, 'CommentTicket' as const), who, ticket }) },
  { weight: 2, arbitrary: fc.record({ does: fc.constant('MergeTicket' as const), who, ticket, into: ticket }) },
  // Followers come from a merged ticket's author and followers: people, never the scheduler.
  fc.record({ does: fc.constant('AbsorbTicket' as const), who, ticket, from: ticket, followers: fc.array(fc.constantFrom(...NAMES.filter((name) => name !== 'system')), { maxLength: 3 }) }),
);

type Tickets = Record<number, TicketState>;
const stateOf = (tickets: Tickets, n: number): TicketState => tickets[n] ?? initialTicketState;

function commandOf(s: Step, index: number, tickets: Tickets): TicketCommand {
  const metadata = { commandId: `c${index}`, actor: people[s.who], now: atHour(index), source: 'telegram' as const, correlationId: `c${index}` };
  switch (s.does) {
    case 'OpenTicket':
      return { type: s.does, metadata, data: { number: s.ticket, title: 'Проектор', description: '', category: 'it', location: '204', priority: 'normal', photos: [] } };
    case 'CancelTicket':
      return { type: s.does, metadata, data: { reason: 'дубль' } };
    case 'CommentTicket':
      return { type: s.does, metadata, data: { text: 'Жду', photo: null } };
    case 'MergeTicket':
      return { type: s.does, metadata, data: { into: { number: s.into, status: stateOf(tickets, s.into).status } } };
    case 'AbsorbTicket':
      return { type: s.does, metadata, data: { from: s.from, followers: s.followers.map((name) => people[name].id) } };
    default:
      return { type: s.does, metadata, data: {} };
  }
}

const TOLD = new Set(['TicketAssigned', 'TicketCommented', 'TicketResolved', 'TicketClosed', 'TicketReopened', 'TicketCancelled']);

describe('Following and merging (property-based)', () => {
  it('hold their invariants at every step', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let tickets: Tickets = {};
        const accepted: Record<number, TicketEvent[]> = {};
        steps.forEach((s, index) => {
          const before = stateOf(tickets, s.ticket);
          const decision = decideTicket(commandOf(s, index, tickets), before);
          if (!decision.ok) return;
          for (const event of decision.events) {
            expect(validateNewEvent(event).ok).toBe(true);
            if (before.status !== 'none' && TOLD.has(event.type) && before.followers.length > 0) {
              expect((event.data as { followers?: string[] }).followers).toEqual(before.followers);
            }
            if (event.type === 'TicketMerged') expect(['open', 'in_progress', 'waiting']).toContain(before.status);
          }
          const after = decision.events.reduce(evolveTicket, before);
          tickets = { ...tickets, [s.ticket]: after };
          accepted[s.ticket] = [...(accepted[s.ticket] ?? []), ...decision.events];
          if (after.status === 'none') return;
          expect(after.followers).not.toContain(after.authorId);
          expect(new Set(after.followers).size).toBe(after.followers.length);
          expect(new Set(after.absorbed).size).toBe(after.absorbed.length);
          if (after.mergedInto !== null) {
            expect(after.status).toBe('closed');
            expect(after.mergedInto).not.toBe(after.number);
          }
          // Following twice, or the author following, records nothing.
          if (s.does === 'FollowTicket' && (before.status === 'none' || before.followers.includes(people[s.who].id))) {
            expect(decision.events).toEqual([]);
          }
        });
        // The state is the fold of what was accepted.
        for (const n of TICKETS) expect(stateOf(tickets, n)).toEqual((accepted[n] ?? []).reduce(evolveTicket, initialTicketState));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});
