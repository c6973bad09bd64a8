// The escalation ladder's invariants on real calendars with vacations: a ticket's targets always land in school
// time, exactly its priority's span of school time after the clock start; and whatever people do and however
// often (and by how many workers) the watcher ticks, each step is recorded at most once per ticket, target and
// due moment, only after that moment, and the first response only while nobody was on the ticket.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSchoolTime, schoolCalendar, schoolTimeBetween } from '../../domain/calendar/index.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import type { Actor, Priority, TicketCommand, TicketEvent, TicketState } from '../../domain/index.js';
import { decideTicket, evolveTicket, initialTicketState } from '../../domain/index.js';
import { defaultPolicy, spanMs, type SchoolPolicy } from '../../domain/shared/policy.js';
import type { SlaPatch } from '../../application/reactions/slaWatcher.js';
import { TICKET_SLA_SCHEDULE } from '../../application/reactions/slaWatcher.js';

const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
const MINUTE = 60_000;

const calendarArb: fc.Arbitrary<SchoolCalendar> = fc
  .record({
    week: fc.constantFrom(5 as const, 6 as const),
    open: fc.integer({ min: 7 * 60, max: 10 * 60 }),
    length: fc.integer({ min: 4 * 60, max: 11 * 60 }),
    vacations: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10 })), { maxLength: 3 }),
  })
  .map((spec) =>
    schoolCalendar({
      zone: 'Europe/Moscow',
      week: spec.week,
      hours: { open: spec.open, close: spec.open + spec.length },
      vacations: spec.vacations.map(([start, days], i) => {
        const from = new Date(Date.parse('2026-12-20T00:00:00Z') + start * 86_400_000).toISOString().slice(0, 10);
        const to = new Date(Date.parse(from) + days * 86_400_000).toISOString().slice(0, 10);
        return { name: `каникулы ${i}`, from, to };
      }),
    }),
  );

const policyOn = (calendar: SchoolCalendar): SchoolPolicy => ({ ...defaultPolicy, calendar });

const actor = (id: string, role: Actor['role'], categories: string[] = []): Actor => ({ id, role, active: true, categories });
const TEACHER = actor('101', 'teacher');
const TECH = actor('201', 'technician');
const DEPUTY = actor('301', 'deputy');
const SYSTEM = actor('system', 'system');

const meta = (who: Actor, at: number, n: number) => ({
  commandId: `c${n}`,
  actor: who,
  now: new Date(at).toISOString(),
  source: 'telegram' as const,
  correlationId: `c${n}`,
});

/** The watcher's schedule row, as the SQL adapter keeps it, with the same patches (TICKET_SLA_SCHEDULE). */
interface Row {
  priority: Priority;
  respondBy: string | null;
  dueAt: string | null;
  responded: boolean;
  active: boolean;
  escalatedRespondBy: string | null;
  escalatedDueAt: string | null;
}

function patched(row: Row | undefined, patch: SlaPatch): Row | undefined {
  if (patch === 'forget') return undefined;
  if (patch.open) {
    return { priority: patch.open.priority, respondBy: patch.respondBy ?? null, dueAt: patch.dueAt ?? null, responded: false, active: true, escalatedRespondBy: null, escalatedDueAt: null };
  }
  if (!row) return row;
  return {
    ...row,
    ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
    ...(patch.respondBy !== undefined ? { respondBy: patch.respondBy } : {}),
    ...(patch.dueAt !== undefined ? { dueAt: patch.dueAt } : {}),
    ...(patch.responded !== undefined ? { responded: patch.responded } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.escalated?.target === 'first_response' ? { escalatedRespondBy: patch.escalated.dueAt } : {}),
    ...(patch.escalated?.target === 'resolution' ? { escalatedDueAt: patch.escalated.dueAt } : {}),
  };
}

/** What the watcher finds due at `now` (the SQL adapter's query, in memory). */
function due(row: Row | undefined, now: number): Array<{ target: 'first_response' | 'resolution'; dueAt: string }> {
  if (!row || !row.active) return [];
  const found: Array<{ target: 'first_response' | 'resolution'; dueAt: string }> = [];
  if (!row.responded && row.respondBy && Date.parse(row.respondBy) < now && row.escalatedRespondBy !== row.respondBy) {
    found.push({ target: 'first_response', dueAt: row.respondBy });
  }
  if (row.dueAt && Date.parse(row.dueAt) < now && row.escalatedDueAt !== row.dueAt) found.push({ target: 'resolution', dueAt: row.dueAt });
  return found;
}

type Step =
  | { kind: 'wait'; minutes: number }
  | { kind: 'take' | 'assign' | 'resolve' | 'reopen' | 'comment' }
  | { kind: 'priority'; to: Priority }
  /** The watcher ticks; `stale`: a second worker acting on what it read before the last events were scheduled. */
  | { kind: 'tick'; stale: boolean; twice: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 5 * 24 * 60 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick' as const), stale: fc.boolean(), twice: fc.boolean() }) },
  fc.record({ kind: fc.constantFrom('take' as const, 'assign' as const, 'resolve' as const, 'reopen' as const, 'comment' as const) }),
  fc.record({ kind: fc.constant('priority' as const), to: fc.constantFrom(...PRIORITIES) }),
);

describe('SLA targets', () => {
  it('land in school time, exactly the priority’s span of school time after the clock start', () => {
    fc.assert(
      fc.property(calendarArb, fc.integer({ min: Date.parse('2026-12-01T00:00:00Z'), max: Date.parse('2027-03-01T00:00:00Z') }), fc.constantFrom(...PRIORITIES), (calendar, at, priority) => {
        const policy = policyOn(calendar);
        const decision = decideTicket(
          { type: 'OpenTicket', data: { number: 1, title: 'Кран', description: '', category: 'it', location: '', priority, photos: [] }, metadata: meta(TEACHER, at, 1) },
          initialTicketState,
          policy,
        );
        if (!decision.ok) throw new Error('refused');
        const opened = decision.events[0];
        if (opened?.type !== 'TicketOpened') throw new Error('no TicketOpened');
        const { respondBy, dueAt, openedAt } = opened.data;
        if (!respondBy) throw new Error('no respondBy');
        expect(isSchoolTime(calendar, Date.parse(respondBy))).toBe(true);
        expect(isSchoolTime(calendar, Date.parse(dueAt))).toBe(true);
        expect(schoolTimeBetween(calendar, Date.parse(openedAt), Date.parse(respondBy))).toBe(spanMs(calendar, policy.sla[priority].firstResponse));
        expect(schoolTimeBetween(calendar, Date.parse(openedAt), Date.parse(dueAt))).toBe(spanMs(calendar, policy.sla[priority].resolution));
        expect(Date.parse(respondBy)).toBeLessThanOrEqual(Date.parse(dueAt));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the escalation ladder', () => {
  it('records each step at most once per ticket, target and due moment, only after it, whatever the order of people and ticks', () => {
    fc.assert(
      fc.property(calendarArb, fc.constantFrom(...PRIORITIES), fc.array(stepArb, { maxLength: 40 }), (calendar, priority, steps) => {
        const policy = policyOn(calendar);
        let now = Date.parse('2026-12-04T14:50:00Z');
        let n = 0;
        let state: TicketState = initialTicketState;
        let row: Row | undefined;
        let staleRow: Row | undefined;
        const log: TicketEvent[] = [];
        const run = (command: TicketCommand) => {
          const before = state;
          const decision = decideTicket(command, state, policy);
          if (!decision.ok) return;
          for (const event of decision.events) {
            state = evolveTicket(state, event);
            log.push(event);
            const scheduler = TICKET_SLA_SCHEDULE[event.type] as ((data: unknown) => SlaPatch) | undefined;
            staleRow = row;
            if (scheduler) row = patched(row, scheduler(event.data));
            if (event.type === 'TicketEscalated') {
              expect(Date.parse(event.data.dueAt)).toBeLessThan(Date.parse(event.data.escalatedAt));
              if (event.data.target === 'first_response') expect(before.status).toBe('open');
              else expect(['open', 'in_progress']).toContain(before.status);
            }
          }
        };
        run({ type: 'OpenTicket', data: { number: 1, title: 'Кран', description: '', category: 'it', location: '', priority, photos: [] }, metadata: meta(TEACHER, now, n++) });
        for (const step of steps) {
          switch (step.kind) {
            case 'wait':
              now += step.minutes * MINUTE;
              break;
            case 'take':
              run({ type: 'TakeTicket', data: {}, metadata: meta(TECH, now, n++) });
              break;
            case 'assign':
              run({ type: 'AssignTicket', data: { assignee: { id: TECH.id, role: 'technician', active: true } }, metadata: meta(DEPUTY, now, n++) });
              break;
            case 'resolve':
              run({ type: 'ResolveTicket', data: { resolution: 'Готово' }, metadata: meta(TECH, now, n++) });
              break;
            case 'reopen':
              run({ type: 'ReopenTicket', data: { reason: 'Снова' }, metadata: meta(TEACHER, now, n++) });
              break;
            case 'comment':
              run({ type: 'CommentTicket', data: { text: 'Ждём', photo: null }, metadata: meta(TEACHER, now, n++) });
              break;
            case 'priority':
              run({ type: 'ChangeTicketPriority', data: { priority: step.to }, metadata: meta(DEPUTY, now, n++) });
              break;
            case 'tick': {
              const seen = step.stale ? staleRow : row;
              for (const item of [...due(seen, now), ...(step.twice ? due(seen, now) : [])]) {
                run({ type: 'EscalateTicket', data: { target: item.target, dueAt: item.dueAt, level: 'director', notified: ['401'] }, metadata: meta(SYSTEM, now, n++) });
              }
              break;
            }
          }
        }
        const keys = log.filter((e) => e.type === 'TicketEscalated').map((e) => (e.type === 'TicketEscalated' ? `${e.data.target}@${e.data.dueAt}` : ''));
        expect(new Set(keys).size).toBe(keys.length);
        // A fresh tick after everything finds nothing the domain would still accept twice.
        for (const item of due(row, now)) {
          run({ type: 'EscalateTicket', data: { target: item.target, dueAt: item.dueAt, level: 'director', notified: [] }, metadata: meta(SYSTEM, now, n++) });
          const again = decideTicket({ type: 'EscalateTicket', data: { target: item.target, dueAt: item.dueAt, level: 'director', notified: [] }, metadata: meta(SYSTEM, now, n++) }, state, policy);
          expect(again.ok && again.events.length > 0).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
