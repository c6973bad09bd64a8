// Auto-close closes a resolved ticket AUTO_CLOSE_DAYS after its resolution with TicketClosed { auto: true }
// — by itself as time passes, once, whatever the restarts and however many workers check — and leaves alone
// a ticket resolved too recently and one reopened since.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { SCHEDULER } from '../../application/people.js';
import type { Clock } from '../../application/ports/clock.js';
import { randomIds } from '../../application/ports/ids.js';
import type { RunningConsumer } from '../../application/consumers/checkpointedConsumer.js';
import { autoCloseScheduleReaction, startAutoCloseTimer } from '../../application/reactions/autoClose.js';
import type { RunningTimer } from '../../application/reactions/scheduleTimer.js';
import { sqlAutoCloseSchedule } from '../../adapters/postgres/readModels/autoCloseSchedule.js';
import { policyFromDays } from '../../domain/shared/policy.js';
import { ticketEvents } from './support/events.js';
import { appendAll, eventually, openReadSide, READ_SIDE_KINDS, startSideReaction, type ReadSide } from './support/readSide.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-10T06:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const policy = policyFromDays({ reopenDays: 7, autoCloseDays: 3 });
let n = 0;
const ctx = (at: number, actorId: string) => ({ id: `00000000-0000-4000-b000-${(++n).toString(16).padStart(12, '0')}`, at: iso(at), actorId });

const AUTHOR = '702';
const TECHNICIAN = '703';

/** Opened, taken and resolved by the technician at `resolvedAt` (ms from T0). */
const resolvedTicket = (number: number, resolvedAt: number) => [
  ticketEvents.opened(ctx(resolvedAt - DAY, AUTHOR), number, { authorId: AUTHOR }),
  ticketEvents.assigned(ctx(resolvedAt - DAY + HOUR, TECHNICIAN), number, { assigneeId: TECHNICIAN }),
  ticketEvents.resolved(ctx(resolvedAt, TECHNICIAN), number, { authorId: AUTHOR }),
];

describe.each(READ_SIDE_KINDS)('auto-close on %s', (kind) => {
  let side: ReadSide;
  let now = T0;
  const clock: Clock = { now: () => new Date(now) };
  let reaction: RunningConsumer;
  const timers: RunningTimer[] = [];
  const schedule = () => sqlAutoCloseSchedule(side.sql);

  const closings = async (number: number) =>
    (await side.store.readStream(`ticket-${number}`)).filter((e) => e.type === 'TicketClosed').map((e) => e.data);

  beforeAll(async () => {
    side = await openReadSide(kind);
    await appendAll(side.store, [
      ...resolvedTicket(1, -3 * DAY - HOUR), // resolved more than three days ago: due
      ...resolvedTicket(2, -1 * DAY), // resolved yesterday: two more days to go
      ...resolvedTicket(3, -4 * DAY), // resolved long ago, but the author reopened it
      ticketEvents.reopened(ctx(-3.5 * DAY, AUTHOR), 3, { from: 'resolved', assigneeId: TECHNICIAN }),
    ]);
    reaction = startSideReaction(side, autoCloseScheduleReaction(schedule()), clock);
    await eventually(async () => (await schedule().resolvedBy(new Date(T0), 10)).length === 2, 20_000, 'the schedule');
  });
  afterAll(async () => {
    await Promise.all(timers.map((t) => t.stop()));
    await reaction?.stop();
    await side?.teardown();
  });

  const startTimer = () => {
    const commands = createSchoolCommands({ eventStore: side.store, clock, ids: randomIds, policy });
    const timer = startAutoCloseTimer({
      schedule: schedule(),
      clock,
      closeAfterMs: policy.autoCloseAfterMs,
      checkEveryMs: 300,
      autoClose: async (ticket, commandId) => {
        await commands.autoCloseTicket(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' });
      },
    });
    timers.push(timer);
    return timer;
  };

  it('schedules resolved tickets only, and forgets one reopened', async () => {
    const due = await schedule().resolvedBy(new Date(T0 + 10 * DAY), 10);
    expect(due.map((t) => [t.ticketNumber, t.resolvedAt.toISOString()])).toEqual([
      [1, iso(-3 * DAY - HOUR)],
      [2, iso(-DAY)],
    ]);
  });

  it('closes the ticket resolved more than AUTO_CLOSE_DAYS ago, and neither the recent nor the reopened one', async () => {
    startTimer();
    await eventually(async () => (await closings(1)).length === 1, 20_000, 'ticket 1 to close');
    expect(await closings(1)).toEqual([expect.objectContaining({ number: 1, closedBy: 'system', auto: true, closedAt: iso(0) })]);
    const [closed] = (await side.store.readStream('ticket-1')).filter((e) => e.type === 'TicketClosed');
    expect(closed?.metadata.source).toBe('scheduler');
    await timers[0]!.checkNow();
    expect(await closings(2)).toEqual([]);
    expect(await closings(3)).toEqual([]);
    const scheduled = async () => (await schedule().resolvedBy(new Date(T0), 10)).map((t) => t.ticketNumber);
    await eventually(async () => (await scheduled()).length === 1, 20_000, 'the closing to leave the schedule');
    expect(await scheduled()).toEqual([2]);
  });

  it('closes once, with two timers checking together and after a restart', async () => {
    await timers[0]!.stop();
    // Ticket 2 comes due: two workers (and then a restarted one) race for it.
    now = T0 + 2 * DAY + HOUR;
    const [a, b] = [startTimer(), startTimer()];
    await Promise.all([a.checkNow(), b.checkNow(), a.checkNow(), b.checkNow()]);
    await eventually(async () => (await closings(2)).length === 1, 20_000, 'ticket 2 to close');
    await a.stop();
    await b.stop();
    const restarted = startTimer();
    await restarted.checkNow();
    await restarted.checkNow();
    expect(await closings(1)).toHaveLength(1);
    expect(await closings(2)).toEqual([expect.objectContaining({ number: 2, closedBy: 'system', auto: true, closedAt: iso(2 * DAY + HOUR) })]);
    expect(await closings(3)).toEqual([]);
    for (const number of [1, 2]) {
      const stream = await side.store.readStream(`ticket-${number}`);
      expect(new Set(stream.map((e) => e.id)).size).toBe(stream.length);
    }
  });

  it('closes by itself when the time comes, with no event and no explicit check', async () => {
    await appendAll(side.store, resolvedTicket(4, now - T0 - DAY));
    await eventually(async () => (await schedule().firstResolvedAfter(new Date(0)))?.toISOString() === iso(now - T0 - DAY), 20_000, 'ticket 4 in the schedule');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await closings(4)).toEqual([]);
    now += 2 * DAY + HOUR;
    await eventually(async () => (await closings(4)).length === 1, 20_000, 'the timer to close ticket 4');
    expect(await closings(4)).toEqual([expect.objectContaining({ number: 4, auto: true })]);
  });
});
