// Invariants of DOMAIN.md for tickets, over random command sequences by random people at random times.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor, Priority, TicketCommand, TicketEvent, TicketState } from '../../domain/index.js';
import { PRIORITIES, decideTicket, evolveTicket, initialTicketState } from '../../domain/index.js';
import type { Name, Run } from './harness.js';
import { KNOWN_REFUSALS, RUNS, hoursLater, people, play, scriptOf, storable, usually, words } from './harness.js';

const TICKETS = [1, 2] as const;
type Tickets = Readonly<Record<number, TicketState>>;

const base = <Does extends TicketCommand['type']>(does: Does, who: fc.Arbitrary<Name>) =>
  ({ does: fc.constant(does), who, ticket: fc.constantFrom(1, 1, 1, 2), after: hoursLater }) as const;

const category = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('it', 'maintenance') },
  { weight: 1, arbitrary: fc.constant('garden') },
);
const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      ...base('OpenTicket', usually('tanya', 'tanya', 'olga')),
      title: words,
      priority: fc.constantFrom(...PRIORITIES),
      category,
    }),
  },
  { weight: 2, arbitrary: fc.record(base('TakeTicket', usually('ivan', 'ivan', 'petr'))) },
  fc.record({ ...base('AssignTicket', usually('deputy', 'admin')), assignee: usually('ivan', 'petr') }),
  fc.record({ ...base('CommentTicket', usually('tanya', 'ivan', 'deputy')), text: words }),
  fc.record({ ...base('ChangeTicketPriority', usually('ivan', 'deputy')), priority: fc.constantFrom(...PRIORITIES) }),
  { weight: 2, arbitrary: fc.record({ ...base('ResolveTicket', usually('ivan', 'ivan', 'petr')), text: words }) },
  { weight: 2, arbitrary: fc.record(base('ConfirmResolution', usually('tanya', 'tanya', 'olga'))) },
  fc.record(base('AutoCloseTicket', usually('system'))),
  { weight: 2, arbitrary: fc.record({ ...base('ReopenTicket', usually('tanya', 'admin')), text: words }) },
  fc.record({ ...base('CancelTicket', usually('tanya', 'admin')), text: words }),
);
type Step = {
  does: TicketCommand['type'];
  who: Name;
  ticket: number;
  after: number;
  title?: string;
  text?: string;
  priority?: Priority;
  category?: string;
  assignee?: Name;
};
// Short plausible stories mixed with random steps, so runs also reach resolved, closed and reopened.
const ticketNo = fc.constantFrom(1, 1, 1, 2);
const story = fc.oneof(
  fc.tuple(ticketNo, hoursLater).map(([ticket, after]): Step[] => [
    { does: 'OpenTicket', who: 'tanya', ticket, after, title: 'Tap leaks', priority: 'urgent', category: 'it' },
    { does: 'TakeTicket', who: 'ivan', ticket, after },
    { does: 'ResolveTicket', who: 'ivan', ticket, after, text: 'Fixed' },
  ]),
  fc.tuple(ticketNo, hoursLater).map(([ticket, after]): Step[] => [
    { does: 'ConfirmResolution', who: 'tanya', ticket, after },
    { does: 'ReopenTicket', who: 'tanya', ticket, after, text: 'Broken again' },
  ]),
  fc
    .tuple(ticketNo, fc.integer({ min: 60, max: 100 }))
    .map(([ticket, after]): Step[] => [{ does: 'AutoCloseTicket', who: 'system', ticket, after }]),
);
const script = scriptOf(
  fc.oneof({ weight: 4, arbitrary: (step as fc.Arbitrary<Step>).map((s) => [s]) }, { weight: 1, arbitrary: story }),
  25,
).map((episodes) => episodes.flat());

function toCommand(s: Step, now: string, _state: Tickets, index: number): { ticket: number; command: TicketCommand } {
  const metadata = {
    commandId: `c${index}`,
    actor: people[s.who],
    now,
    source: 'telegram' as const,
    correlationId: `c${index}`,
  };
  const assignee = people[s.assignee ?? 'ivan'];
  const text = s.text ?? '';
  const command = ((): TicketCommand => {
    switch (s.does) {
      case 'OpenTicket':
        return {
          type: s.does,
          metadata,
          data: {
            number: s.ticket,
            title: s.title ?? '',
            description: '',
            category: s.category ?? 'it',
            location: '204',
            priority: s.priority ?? 'normal',
            photos: [],
          },
        };
      case 'AssignTicket':
        return {
          type: s.does,
          metadata,
          data: {
            assignee: {
              id: assignee.id,
              role: assignee.role === 'system' ? 'guest' : assignee.role,
              active: assignee.active,
            },
          },
        };
      case 'CommentTicket':
        return { type: s.does, metadata, data: { text, photo: null } };
      case 'ChangeTicketPriority':
        return { type: s.does, metadata, data: { priority: s.priority ?? 'normal' } };
      case 'ResolveTicket':
        return { type: s.does, metadata, data: { resolution: text } };
      case 'ReopenTicket':
      case 'CancelTicket':
        return { type: s.does, metadata, data: { reason: text } };
      default:
        return { type: s.does, metadata, data: {} };
    }
  })();
  return { ticket: s.ticket, command };
}

const school = {
  initialState: Object.fromEntries(TICKETS.map((n) => [n, initialTicketState])) as Tickets,
  decide: (c: { ticket: number; command: TicketCommand }, s: Tickets) =>
    decideTicket(c.command, s[c.ticket] ?? initialTicketState),
  evolve: (s: Tickets, e: TicketEvent): Tickets => ({
    ...s,
    [e.data.number]: evolveTicket(s[e.data.number] ?? initialTicketState, e),
  }),
};
const run = (steps: Step[], monotone = false): Run<Step, Tickets, TicketEvent> =>
  play(steps, school, toCommand, { monotone });
const statusOf = (s: Tickets, n: number) => (s[n] ?? initialTicketState).status;

// The state machine and the permission table, written out again from DOMAIN.md (independent of decide.ts).
const MACHINE: Record<TicketCommand['type'], readonly string[]> = {
  OpenTicket: ['none>open'],
  TakeTicket: ['open>in_progress'],
  AssignTicket: ['open>in_progress', 'in_progress>in_progress'],
  CommentTicket: ['open>open', 'in_progress>in_progress', 'resolved>resolved'],
  ChangeTicketPriority: ['open>open', 'in_progress>in_progress'],
  ResolveTicket: ['in_progress>resolved'],
  ConfirmResolution: ['resolved>closed'],
  AutoCloseTicket: ['resolved>closed'],
  ReopenTicket: ['resolved>in_progress', 'closed>in_progress'],
  CancelTicket: ['open>cancelled', 'in_progress>cancelled'],
};

function permitted(does: TicketCommand['type'], actor: Actor, before: TicketState): boolean {
  if (!actor.active || actor.role === 'guest') return false;
  const author = before.status !== 'none' && before.authorId === actor.id;
  const assignee = before.status !== 'none' && before.assigneeId === actor.id;
  const deputyPlus = ['deputy', 'director', 'admin'].includes(actor.role);
  const admin = actor.role === 'admin';
  switch (does) {
    case 'OpenTicket':
      return !['auditor', 'system'].includes(actor.role);
    case 'TakeTicket':
      return actor.role === 'technician';
    case 'AssignTicket':
      return deputyPlus;
    case 'CommentTicket':
      return author || assignee || deputyPlus;
    case 'ChangeTicketPriority':
      return assignee || deputyPlus;
    case 'ResolveTicket':
      return assignee;
    case 'ConfirmResolution':
      return author;
    case 'AutoCloseTicket':
      return actor.role === 'system';
    case 'ReopenTicket':
      return author || admin;
    case 'CancelTicket':
      return admin || (author && before.status === 'open');
  }
}

describe('Ticket invariants (property-based)', () => {
  it('the state is exactly the fold of the accepted events; replaying gives the same state and the same decisions', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const first = run(steps);
        expect(first.accepted.reduce(school.evolve, school.initialState)).toEqual(first.final);
        expect(run(steps)).toEqual(first);
        for (const event of first.accepted) expect(storable(event)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a refused command changes nothing and says why with a typed refusal', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { decision, before, after } of run(steps).records) {
          if (decision.ok) continue;
          expect(after).toBe(before);
          expect(KNOWN_REFUSALS.has(decision.refusal.code)).toBe(true);
          expect(decision.refusal.message).not.toBe('');
        }
      }),
      RUNS,
    );
  });

  it('transitions only follow the state machine; closed accepts only a reopen, cancelled nothing', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step: s, decision, before, after } of run(steps).records) {
          if (!decision.ok) continue;
          const transition = `${statusOf(before, s.ticket)}>${statusOf(after, s.ticket)}`;
          expect(MACHINE[s.does], `${s.does}: ${transition}`).toContain(transition);
          for (const n of [1, 2]) if (n !== s.ticket) expect(after[n]).toBe(before[n]);
        }
      }),
      RUNS,
    );
  });

  it('only permitted actors change anything (role and relation to the ticket)', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step: s, decision, before } of run(steps).records) {
          if (decision.ok)
            expect(permitted(s.does, people[s.who], before[s.ticket] ?? initialTicketState), `${s.who} ${s.does}`).toBe(
              true,
            );
        }
      }),
      RUNS,
    );
  });

  it('open tickets = opened − closed − cancelled (+ reopened from closed), never negative, at every point', () => {
    fc.assert(
      fc.property(script, (steps) => {
        const { records } = run(steps);
        let opened = 0,
          closed = 0,
          cancelled = 0,
          reopenedFromClosed = 0;
        for (const { decision, after } of records) {
          for (const event of decision.ok ? decision.events : []) {
            if (event.type === 'TicketOpened') opened += 1;
            if (event.type === 'TicketClosed') closed += 1;
            if (event.type === 'TicketCancelled') cancelled += 1;
            if (event.type === 'TicketReopened' && event.data.from === 'closed') reopenedFromClosed += 1;
          }
          const openNow = TICKETS.filter((n) =>
            ['open', 'in_progress', 'resolved'].includes(statusOf(after, n)),
          ).length;
          const counted = opened - closed - cancelled + reopenedFromClosed;
          expect(counted).toBe(openNow);
          expect(Math.min(opened, closed, cancelled, counted)).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });
});

describe('Ticket scripts reach every state', () => {
  it('1,000 sampled scripts produce every ticket event, including reopen from closed and auto-close', () => {
    const seen = new Map<string, number>();
    for (const steps of fc.sample(script, { numRuns: 1000, seed: 42 })) {
      const kinds = new Set(
        run(steps).accepted.map((e) =>
          e.type === 'TicketReopened'
            ? `${e.type}:${e.data.from}`
            : e.type === 'TicketClosed'
              ? `${e.type}:${e.data.auto}`
              : e.type,
        ),
      );
      for (const kind of kinds) seen.set(kind, (seen.get(kind) ?? 0) + 1);
    }
    for (const kind of [
      'TicketOpened',
      'TicketAssigned',
      'TicketCommented',
      'TicketPriorityChanged',
      'TicketResolved',
      'TicketClosed:false',
      'TicketClosed:true',
      'TicketReopened:resolved',
      'TicketReopened:closed',
      'TicketCancelled',
    ]) {
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(20);
    }
  });
});
