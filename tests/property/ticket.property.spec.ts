// Invariants of DOMAIN.md for tickets, over random command sequences by random people at random times.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Actor, Priority, TicketCommand, TicketEvent, TicketState } from '../../domain/index.js';
import { HOUR_MS, PRIORITIES, addMs, decideTicket, evolveTicket, initialTicketState, isBefore } from '../../domain/index.js';
import type { Name, Run } from './harness.js';
import { RUNS, deciderInvariants, hoursLater, people, play, scriptOf, usually, words } from './harness.js';

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
  // Waiting on the author and the author's rating (issue 14, items 5 and 6).
  fc.record({ ...base('RequestTicketInfo', usually('ivan', 'deputy', 'tanya')), text: words }),
  fc.record({ ...base('ProvideTicketInfo', usually('tanya', 'tanya', 'ivan')), text: words }),
  fc.record(base('ResumeTicket', usually('ivan', 'deputy', 'tanya'))),
  fc.record(base('RemindTicketAuthor', usually('system'))),
  fc.record(base('CloseUnansweredTicket', usually('system'))),
  fc.record({ ...base('RateTicket', usually('tanya', 'tanya', 'ivan')), rating: fc.integer({ min: 0, max: 6 }) }),
);
/**
 * The commands of people and of auto-close (the SLA watcher's EscalateTicket, following and merging, and the
 * room's SetTicketRoom have their own property tests).
 */
type Does = Exclude<TicketCommand['type'], 'EscalateTicket' | 'FollowTicket' | 'MergeTicket' | 'AbsorbTicket' | 'SetTicketRoom'>;
type Step = {
  does: Does;
  who: Name;
  ticket: number;
  after: number;
  title?: string;
  text?: string;
  priority?: Priority;
  category?: string;
  assignee?: Name;
  rating?: number;
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
  // Waiting on the author: asked, then answered or left to the reminder and the close; a rating after a close.
  fc.tuple(ticketNo, hoursLater).map(([ticket, after]): Step[] => [
    { does: 'OpenTicket', who: 'tanya', ticket, after, title: 'Tap leaks', priority: 'normal', category: 'it' },
    { does: 'TakeTicket', who: 'ivan', ticket, after },
    { does: 'RequestTicketInfo', who: 'ivan', ticket, after, text: 'Which room?' },
    { does: 'ProvideTicketInfo', who: 'tanya', ticket, after, text: 'Room 204' },
  ]),
  fc.tuple(ticketNo, fc.integer({ min: 72, max: 130 })).map(([ticket, after]): Step[] => [
    { does: 'RequestTicketInfo', who: 'ivan', ticket, after: 1, text: 'Which room?' },
    { does: 'RemindTicketAuthor', who: 'system', ticket, after },
    { does: 'CloseUnansweredTicket', who: 'system', ticket, after: after + 60 },
  ]),
  fc.tuple(ticketNo, hoursLater, fc.integer({ min: 1, max: 5 })).map(([ticket, after, rating]): Step[] => [
    { does: 'ConfirmResolution', who: 'tanya', ticket, after },
    { does: 'RateTicket', who: 'tanya', ticket, after, rating },
  ]),
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
      case 'RequestTicketInfo':
        return { type: s.does, metadata, data: { question: text } };
      case 'ProvideTicketInfo':
        return { type: s.does, metadata, data: { answer: text } };
      case 'RateTicket':
        return { type: s.does, metadata, data: { rating: s.rating ?? 5 } };
      case 'TakeTicket':
      case 'ConfirmResolution':
      case 'AutoCloseTicket':
      case 'ResumeTicket':
      case 'RemindTicketAuthor':
      case 'CloseUnansweredTicket':
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
const run = (steps: readonly Step[], monotone = false): Run<Step, Tickets, TicketEvent> =>
  play(steps, school, toCommand, { monotone });
const ticketOf = (s: Tickets, n: number): TicketState => s[n] ?? initialTicketState;
const statusOf = (s: Tickets, n: number) => ticketOf(s, n).status;

// The state machine and the permission table, written out again from DOMAIN.md (independent of decide.ts).
const MACHINE: Record<Does, readonly string[]> = {
  OpenTicket: ['none>open'],
  TakeTicket: ['open>in_progress'],
  AssignTicket: ['open>in_progress', 'in_progress>in_progress'],
  CommentTicket: ['open>open', 'in_progress>in_progress', 'resolved>resolved', 'waiting>waiting'],
  ChangeTicketPriority: ['open>open', 'in_progress>in_progress'],
  ResolveTicket: ['in_progress>resolved'],
  ConfirmResolution: ['resolved>closed'],
  AutoCloseTicket: ['resolved>closed'],
  ReopenTicket: ['resolved>in_progress', 'closed>in_progress'],
  CancelTicket: ['open>cancelled', 'in_progress>cancelled'],
  RequestTicketInfo: ['open>waiting', 'in_progress>waiting'],
  ProvideTicketInfo: ['waiting>open', 'waiting>in_progress'],
  ResumeTicket: ['waiting>open', 'waiting>in_progress'],
  RemindTicketAuthor: ['waiting>waiting'],
  CloseUnansweredTicket: ['waiting>closed'],
  RateTicket: ['closed>closed'],
};

const isWorking = (actor: Actor) =>
  actor.active && !['guest', 'auditor', 'system'].includes(actor.role);
const isDeputyPlus = (actor: Actor) => ['deputy', 'director', 'admin'].includes(actor.role);

function permitted(does: Does, actor: Actor, before: TicketState): boolean {
  if (!actor.active || actor.role === 'guest') return false;
  const author = before.status !== 'none' && before.authorId === actor.id;
  const assignee = before.status !== 'none' && before.assigneeId === actor.id;
  const deputyPlus = isDeputyPlus(actor);
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
    case 'RequestTicketInfo':
      return assignee || deputyPlus;
    case 'ProvideTicketInfo':
    case 'RateTicket':
      return author;
    case 'ResumeTicket':
      return assignee || deputyPlus || (before.status !== 'none' && before.waiting?.askedBy === actor.id);
    case 'RemindTicketAuthor':
    case 'CloseUnansweredTicket':
      return actor.role === 'system';
  }
}

/**
 * The SLA defaults (issue 14: resolution urgent 4 h, high 1 school day, normal 3, low 5; first response 30 min,
 * 2 h, 1 and 2 school days), REOPEN_DAYS and AUTO_CLOSE_DAYS, in hours: on the round-the-clock calendar of the
 * default policy a school day is 24 hours.
 */
const DUE_HOURS: Record<Priority, number> = { low: 5 * 24, normal: 3 * 24, high: 24, urgent: 4 };
const RESPOND_HOURS: Record<Priority, number> = { low: 2 * 24, normal: 24, high: 2, urgent: 0.5 };
const REOPEN_HOURS = 7 * 24;
const AUTO_CLOSE_HOURS = 3 * 24;
/** WAITING_REMIND_DAYS and WAITING_CLOSE_DAYS defaults on the domain's round-the-clock calendar, in hours. */
const REMIND_HOURS = 3 * 24;
const CLOSE_HOURS = 5 * 24;
const CATEGORIES = ['it', 'equipment', 'maintenance', 'cleaning', 'safety', 'other'];
const later = (iso: string, hours: number) => addMs(iso, hours * HOUR_MS);

/** The events the rules make a step append, or undefined when they refuse it. */
function expected(s: Step, before: Tickets, now: string): TicketEvent[] | undefined {
  const actor = people[s.who];
  const t = ticketOf(before, s.ticket);
  const text = (s.text ?? '').trim();
  const number = s.ticket;
  if (s.does === 'OpenTicket') {
    const title = (s.title ?? '').trim();
    const category = s.category ?? 'it';
    const priority = s.priority ?? 'normal';
    if (!isWorking(actor) || t.status !== 'none' || title === '' || !CATEGORIES.includes(category)) return undefined;
    return [
      {
        type: 'TicketOpened',
        data: {
          number,
          title,
          description: '',
          category,
          location: '204',
          priority,
          photos: [],
          authorId: actor.id,
          openedAt: now,
          dueAt: later(now, DUE_HOURS[priority]),
          respondBy: later(now, RESPOND_HOURS[priority]),
        },
      },
    ];
  }
  if (t.status === 'none') return undefined;
  const author = t.authorId === actor.id;
  const assignee = t.assigneeId === actor.id;
  const parties = { authorId: t.authorId, assigneeId: t.assigneeId };
  const live = isWorking(actor);
  switch (s.does) {
    case 'TakeTicket': {
      const categoryOk = actor.categories.length === 0 || actor.categories.includes(t.category);
      if (!live || actor.role !== 'technician' || t.status !== 'open' || !categoryOk) return undefined;
      return [
        {
          type: 'TicketAssigned',
          data: {
            number,
            assigneeId: actor.id,
            assignedBy: actor.id,
            previousAssigneeId: null,
            selfAssigned: true,
            assignedAt: now,
            authorId: t.authorId,
          },
        },
      ];
    }
    case 'AssignTicket': {
      const to = people[s.assignee ?? 'ivan'];
      const eligible = to.active && !['guest', 'auditor', 'system'].includes(to.role);
      if (!live || !isDeputyPlus(actor) || !['open', 'in_progress'].includes(t.status)) return undefined;
      if (!eligible || t.assigneeId === to.id) return undefined;
      return [
        {
          type: 'TicketAssigned',
          data: {
            number,
            assigneeId: to.id,
            assignedBy: actor.id,
            previousAssigneeId: t.assigneeId,
            selfAssigned: to.id === actor.id,
            assignedAt: now,
            authorId: t.authorId,
          },
        },
      ];
    }
    case 'CommentTicket':
      if (!live || !(author || assignee || isDeputyPlus(actor))) return undefined;
      if (!['open', 'in_progress', 'resolved', 'waiting'].includes(t.status) || text === '') return undefined;
      return [
        { type: 'TicketCommented', data: { number, authorId: actor.id, text, photo: null, commentedAt: now, parties } },
      ];
    case 'ChangeTicketPriority': {
      const to = s.priority ?? 'normal';
      if (!live || !(assignee || isDeputyPlus(actor)) || !['open', 'in_progress'].includes(t.status)) return undefined;
      if (to === t.priority) return undefined;
      return [
        {
          type: 'TicketPriorityChanged',
          data: {
            number,
            from: t.priority,
            to,
            changedBy: actor.id,
            changedAt: now,
            dueAt: later(t.clockStartedAt, DUE_HOURS[to]),
            respondBy: later(t.clockStartedAt, RESPOND_HOURS[to]),
            parties,
          },
        },
      ];
    }
    case 'ResolveTicket':
      if (!live || !assignee || t.status !== 'in_progress' || text === '') return undefined;
      return [
        {
          type: 'TicketResolved',
          data: { number, resolvedBy: actor.id, resolution: text, resolvedAt: now, authorId: t.authorId },
        },
      ];
    case 'ConfirmResolution':
      if (!live || !author || t.status !== 'resolved') return undefined;
      return [{ type: 'TicketClosed', data: { number, closedBy: actor.id, auto: false, closedAt: now, parties } }];
    case 'AutoCloseTicket':
      if (actor.role !== 'system' || t.status !== 'resolved') return undefined;
      if (isBefore(now, later(t.resolvedAt ?? '', AUTO_CLOSE_HOURS))) return undefined;
      return [{ type: 'TicketClosed', data: { number, closedBy: actor.id, auto: true, closedAt: now, parties, reopenableUntil: later(now, REOPEN_HOURS) } }];
    case 'ReopenTicket': {
      const withinWindow = t.status === 'closed' && isBefore(now, later(t.closedAt ?? '', REOPEN_HOURS));
      if (!live || !(author || actor.role === 'admin') || text === '') return undefined;
      if (t.status !== 'resolved' && !withinWindow) return undefined;
      return [
        {
          type: 'TicketReopened',
          data: {
            number,
            reopenedBy: actor.id,
            reason: text,
            from: t.status === 'closed' ? 'closed' : 'resolved',
            assigneeId: t.assigneeId,
            reopenedAt: now,
            dueAt: later(now, DUE_HOURS[t.priority]),
            // Nobody on it (closed unanswered before anyone took it): the first response is due again.
            ...(t.assigneeId === null ? { respondBy: later(now, RESPOND_HOURS[t.priority]) } : {}),
            authorId: t.authorId,
          },
        },
      ];
    }
    case 'CancelTicket': {
      const mayCancel = actor.role === 'admin' ? ['open', 'in_progress'].includes(t.status) : author && t.status === 'open';
      if (!live || !mayCancel || text === '') return undefined;
      return [
        {
          type: 'TicketCancelled',
          data: {
            number,
            cancelledBy: actor.id,
            reason: text,
            from: t.status === 'open' ? 'open' : 'in_progress',
            cancelledAt: now,
            parties,
          },
        },
      ];
    }
    case 'RequestTicketInfo':
      if (!live || !(assignee || isDeputyPlus(actor)) || !['open', 'in_progress'].includes(t.status) || text === '') return undefined;
      return [
        {
          type: 'TicketInfoRequested',
          data: { number, question: text, askedBy: actor.id, askedAt: now, from: t.status === 'open' ? 'open' : 'in_progress', parties },
        },
      ];
    case 'ProvideTicketInfo':
    case 'ResumeTicket': {
      const answering = s.does === 'ProvideTicketInfo';
      const may = answering ? author : assignee || isDeputyPlus(actor) || t.waiting?.askedBy === actor.id;
      if (!live || !may || t.status !== 'waiting' || !t.waiting || (answering && text === '')) return undefined;
      // The round-the-clock calendar: the time left at the question, counted again from now.
      const left = Math.max(0, Date.parse(t.dueAt) - Date.parse(t.waiting.askedAt));
      return [
        {
          type: 'TicketInfoProvided',
          data: {
            number,
            answer: answering ? text : '',
            providedBy: actor.id,
            providedAt: now,
            dueAt: addMs(now, left),
            askedBy: t.waiting.askedBy,
            resumedTo: t.waiting.from,
            ...(answering ? {} : { withoutAnswer: true }),
            parties,
          },
        },
      ];
    }
    case 'RemindTicketAuthor':
      if (actor.role !== 'system' || t.status !== 'waiting' || !t.waiting || t.waiting.remindedAt) return undefined;
      if (isBefore(now, later(t.waiting.askedAt, REMIND_HOURS))) return undefined;
      return [
        {
          type: 'TicketInfoReminded',
          data: {
            number,
            askedAt: t.waiting.askedAt,
            remindedAt: now,
            closesAt: later(t.waiting.askedAt, REMIND_HOURS + CLOSE_HOURS),
            authorId: t.authorId,
            question: t.waiting.question,
          },
        },
      ];
    case 'CloseUnansweredTicket':
      if (actor.role !== 'system' || t.status !== 'waiting' || !t.waiting?.remindedAt) return undefined;
      if (isBefore(now, later(t.waiting.askedAt, REMIND_HOURS + CLOSE_HOURS))) return undefined;
      return [
        {
          type: 'TicketClosed',
          data: { number, closedBy: actor.id, auto: true, closedAt: now, parties, reopenableUntil: later(now, REOPEN_HOURS), unanswered: true },
        },
      ];
    case 'RateTicket': {
      const rating = s.rating ?? 5;
      if (!live || !author || t.status !== 'closed' || t.resolvedAt === null || rating < 1 || rating > 5) return undefined;
      const previous = t.rating?.resolvedAt === t.resolvedAt ? t.rating : null;
      if (previous && !isBefore(now, later(previous.firstRatedAt, 24))) return undefined;
      return [
        {
          type: 'TicketRated',
          data: {
            number,
            rating,
            ratedBy: actor.id,
            ratedAt: now,
            resolvedAt: t.resolvedAt,
            ...(t.resolvedBy ? { resolvedBy: t.resolvedBy } : {}),
            ...(previous ? { previousRating: previous.rating } : {}),
            category: t.category,
          },
        },
      ];
    }
    default:
      return undefined;
  }
}

describe('Ticket invariants (property-based)', () => {
  deciderInvariants<Step, Tickets, TicketEvent>({
    script,
    play: (steps) => run(steps),
    initialState: school.initialState,
    evolve: school.evolve,
    commandOf: (s) => s.does,
    statusOf: (state, s) => statusOf(state, s.ticket),
    othersOf: (state, s) => TICKETS.filter((n) => n !== s.ticket).map((n) => state[n]),
    machine: MACHINE,
    permitted: (s, before) => permitted(s.does, people[s.who], ticketOf(before, s.ticket)),
    expected,
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
            ['open', 'in_progress', 'resolved', 'waiting'].includes(statusOf(after, n)),
          ).length;
          const counted = opened - closed - cancelled + reopenedFromClosed;
          expect(counted).toBe(openNow);
          expect(Math.min(opened, closed, cancelled, counted)).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it('comments, reopens and the clock are counted in the state as they happen', () => {
    fc.assert(
      fc.property(script, (steps) => {
        for (const { step: s, now, decision, before, after } of run(steps).records) {
          const was = ticketOf(before, s.ticket);
          const is = ticketOf(after, s.ticket);
          if (!decision.ok || was.status === 'none' || is.status === 'none') continue;
          const commented = decision.events.filter((e) => e.type === 'TicketCommented').length;
          const reopened = decision.events.filter((e) => e.type === 'TicketReopened').length;
          expect(is.commentCount).toBe(was.commentCount + commented);
          expect(is.reopenCount).toBe(was.reopenCount + reopened);
          expect(is.clockStartedAt).toBe(reopened ? now : was.clockStartedAt);
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
      'TicketInfoRequested',
      'TicketInfoProvided',
      'TicketInfoReminded',
      'TicketRated',
    ]) {
      expect(seen.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(20);
    }
  });
});
