// The SLA watcher's schedule kept from the log by its reaction (on PGlite and PostgreSQL): what comes due and
// when, following the events that move a ticket's targets — taken, resolved, closed and reopened from closed,
// cancelled, escalated — and a missed task deadline's escalation moment, completed and returned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../application/ports/clock.js';
import type { RunningConsumer } from '../../application/consumers/checkpointedConsumer.js';
import { slaScheduleReaction } from '../../application/reactions/slaWatcher.js';
import { sqlSlaSchedule } from '../../adapters/postgres/readModels/slaSchedule.js';
import { taskEvents, ticketEvents, type StreamEvent } from './support/events.js';
import { appendAll, eventually, openReadSide, READ_SIDE_KINDS, startSideReaction, type ReadSide } from './support/readSide.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-10T06:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
let n = 0;
const ctx = (at: number, actorId: string) => ({ id: `00000000-0000-4000-b100-${(++n).toString(16).padStart(12, '0')}`, at: iso(at), actorId });
const ALL = ['urgent', 'high', 'normal', 'low'] as const;
const AUTHOR = '702';
const TECH = '703';
const DEPUTY = '704';

/** Opened at `at` with its first response due an hour later and its resolution three days later. */
const opened = (number: number, at: number, priority = 'normal'): StreamEvent => {
  const event = ticketEvents.opened(ctx(at, AUTHOR), number, { authorId: AUTHOR, priority });
  (event.event.data as Record<string, unknown>).respondBy = iso(at + HOUR);
  return event;
};
const escalated = (number: number, at: number, target: 'first_response' | 'resolution', dueAt: string): StreamEvent => ({
  stream: `ticket-${number}`,
  event: {
    id: ctx(at, 'system').id,
    type: 'TicketEscalated',
    data: { number, target, dueAt, priority: 'normal', category: 'it', title: 'Проектор', level: 'director', notified: [], escalatedAt: iso(at) },
    metadata: { actorId: 'system', occurredAt: iso(at), correlationId: 'x', causationId: 'x', source: 'scheduler', schemaVersion: 1 },
  },
});

describe.each(READ_SIDE_KINDS)('the SLA schedule on %s', (kind) => {
  let side: ReadSide;
  let reaction: RunningConsumer;
  const clock: Clock = { now: () => new Date(T0) };
  const schedule = () => sqlSlaSchedule(side.sql);
  const dueAt = async (ms: number, priorities: readonly string[] = ALL) =>
    (await schedule().dueTickets(new Date(T0 + ms), priorities as typeof ALL[number][], 20)).map((d) => `${d.ticketNumber}:${d.target}:${d.dueAt.toISOString()}`);

  beforeAll(async () => {
    side = await openReadSide(kind);
    await appendAll(side.store, [
      opened(1, 0), // nobody takes it
      opened(2, 0),
      ticketEvents.assigned(ctx(HOUR / 2, TECH), 2, { assigneeId: TECH }),
      // Resolved, closed, then reopened from closed on day 5: a fresh resolution target.
      opened(3, 0),
      ticketEvents.assigned(ctx(HOUR / 2, TECH), 3, { assigneeId: TECH }),
      ticketEvents.resolved(ctx(DAY, TECH), 3, { authorId: AUTHOR }),
      ticketEvents.closed(ctx(2 * DAY, AUTHOR), 3),
      ticketEvents.reopened(ctx(5 * DAY, AUTHOR), 3, { from: 'closed', assigneeId: TECH }),
      opened(4, 0),
      ticketEvents.cancelled(ctx(HOUR / 2, AUTHOR), 4, 'open'),
      opened(5, 0, 'low'),
      ticketEvents.assigned(ctx(HOUR / 2, TECH), 5, { assigneeId: TECH }),
      escalated(1, 2 * HOUR, 'first_response', iso(HOUR)),
      taskEvents.assigned(ctx(0, DEPUTY), 9, { assigneeId: AUTHOR, deadline: iso(DAY) }),
      taskEvents.deadlineMissed(ctx(DAY + 60_000, 'system'), 9, { deadline: iso(DAY), assigneeId: AUTHOR, issuerId: DEPUTY }),
    ]);
    // A missed deadline escalates 10 hours later in this test's "school time".
    reaction = startSideReaction(side, slaScheduleReaction(schedule(), (deadline) => new Date(Date.parse(deadline) + 10 * HOUR).toISOString()), clock);
    await eventually(async () => (await schedule().dueTasks(new Date(T0 + 3 * DAY), 10)).length === 1, 20_000, 'the schedule');
  });
  afterAll(async () => {
    await reaction?.stop();
    await side?.teardown();
  });

  it('finds the targets that passed, once escalated no more, and follows take, resolve, close, reopen and cancel', async () => {
    // An hour and a bit after opening: ticket 1's first response has passed — but it is already escalated.
    expect(await dueAt(HOUR + 1)).toEqual([]);
    expect(await schedule().nextDueAt(new Date(T0 + HOUR + 1), ALL)).toEqual(new Date(T0 + DAY + 10 * HOUR));
    // Day 3 and a bit: the resolution of 1, 2 and 5 (3 was resolved; 4 cancelled).
    expect(await dueAt(3 * DAY + 1)).toEqual([`1:resolution:${iso(3 * DAY)}`, `2:resolution:${iso(3 * DAY)}`, `5:resolution:${iso(3 * DAY)}`]);
    // Only the escalated priorities.
    expect(await dueAt(3 * DAY + 1, ['urgent', 'normal'])).toEqual([`1:resolution:${iso(3 * DAY)}`, `2:resolution:${iso(3 * DAY)}`]);
    // Ticket 3, reopened from closed on day 5, is due again on day 8.
    expect(await dueAt(8 * DAY + 1)).toContain(`3:resolution:${iso(8 * DAY)}`);
  });

  it('schedules a missed task deadline for the director, and stops while the task is completed', async () => {
    expect(await schedule().dueTasks(new Date(T0 + DAY + 10 * HOUR), 10)).toEqual([]);
    expect(await schedule().dueTasks(new Date(T0 + DAY + 10 * HOUR + 1), 10)).toEqual([{ kind: 'task', taskNumber: 9, deadline: new Date(T0 + DAY) }]);
    await appendAll(side.store, [taskEvents.completed(ctx(2 * DAY, AUTHOR), 9, { issuerId: DEPUTY, deadline: iso(DAY), late: true })]);
    await eventually(async () => (await schedule().dueTasks(new Date(T0 + 3 * DAY), 10)).length === 0, 20_000, 'completed');
    await appendAll(side.store, [taskEvents.returned(ctx(2 * DAY + HOUR, DEPUTY), 9, { assigneeId: AUTHOR })]);
    await eventually(async () => (await schedule().dueTasks(new Date(T0 + 3 * DAY), 10)).length === 1, 20_000, 'returned');
  });
});
