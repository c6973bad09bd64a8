// The deadline watcher appends TaskDeadlineMissed once per missed deadline — when time passes with no new
// event, across restarts of the watcher, and again for an extended deadline that is missed too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { SCHEDULER } from '../../application/people.js';
import type { Clock } from '../../application/ports/clock.js';
import { randomIds } from '../../application/ports/ids.js';
import type { RunningConsumer } from '../../application/consumers/checkpointedConsumer.js';
import { deadlineScheduleReaction, startDeadlineTimer, type RunningWatcher } from '../../application/reactions/deadlineWatcher.js';
import { sqlDeadlineSchedule } from '../../adapters/postgres/readModels/deadlineSchedule.js';
import { staffEvents, taskEvents } from './support/events.js';
import { appendAll, eventually, openReadSide, READ_SIDE_KINDS, startSideReaction, type ReadSide } from './support/readSide.js';

const T0 = Date.parse('2026-11-10T06:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
let n = 0;
const ctx = (minutes: number, actorId: string) => ({ id: `00000000-0000-4000-a000-${(++n).toString(16).padStart(12, '0')}`, at: iso(minutes), actorId });

describe.each(READ_SIDE_KINDS)('deadline watcher on %s', (kind) => {
  let side: ReadSide;
  let now = T0;
  const clock: Clock = { now: () => new Date(now) };
  let reaction: RunningConsumer;
  const timers: RunningWatcher[] = [];

  const missedEvents = async () =>
    (await side.store.readStream('task-1')).filter((e) => e.type === 'TaskDeadlineMissed').map((e) => (e.data as { deadline: string }).deadline);

  beforeAll(async () => {
    side = await openReadSide(kind);
    await appendAll(side.store, [
      staffEvents.registered(ctx(0, '701'), '701', 'Завуч Анна'),
      staffEvents.approved(ctx(0, 'system'), '701', { fullName: 'Завуч Анна', role: 'deputy' }),
      staffEvents.registered(ctx(0, '702'), '702', 'Учитель Иван'),
      staffEvents.approved(ctx(0, 'system'), '702', { fullName: 'Учитель Иван', role: 'teacher' }),
      taskEvents.assigned(ctx(1, '701'), 1, { assigneeId: '702', deadline: iso(60) }),
    ]);
    const schedule = sqlDeadlineSchedule(side.sql);
    reaction = startSideReaction(side, deadlineScheduleReaction(schedule), clock);
    await eventually(async () => (await schedule.nextDeadline(new Date(T0))) !== undefined, 30_000, 'the schedule');
  });
  afterAll(async () => {
    await Promise.all(timers.map((t) => t.stop()));
    await reaction?.stop();
    await side?.teardown();
  });

  const startTimer = () => {
    const commands = createSchoolCommands({ eventStore: side.store, clock, ids: randomIds });
    const timer = startDeadlineTimer({
      schedule: sqlDeadlineSchedule(side.sql),
      clock,
      checkEveryMs: 300,
      markMissed: async (due, commandId) => {
        await commands.markDeadlineMissed(SCHEDULER, { number: due.taskNumber }, { commandId, source: 'scheduler' });
      },
    });
    timers.push(timer);
    return timer;
  };

  it('marks nothing before the deadline, then marks it by itself once time passes', async () => {
    const timer = startTimer();
    expect(await timer.checkNow()).toBe(0);
    expect(await missedEvents()).toEqual([]);
    now = T0 + 90 * 60_000;
    await eventually(async () => (await missedEvents()).length === 1, 30_000, 'the timer to mark the deadline');
    expect(await missedEvents()).toEqual([iso(60)]);
  });

  it('marks a deadline once, across repeated checks and a restarted watcher', async () => {
    await timers[0]!.checkNow();
    await timers[0]!.stop();
    const restarted = startTimer();
    await restarted.checkNow();
    await restarted.checkNow();
    expect(await missedEvents()).toEqual([iso(60)]);
    const task = await side.store.readStream('task-1');
    expect(new Set(task.map((e) => e.id)).size).toBe(task.length);
  });

  it('marks an extended deadline that is missed again a second time', async () => {
    await appendAll(side.store, [
      taskEvents.extended(ctx(100, '701'), 1, { previousDeadline: iso(60), newDeadline: iso(300), assigneeId: '702', missed: true }),
    ]);
    const schedule = sqlDeadlineSchedule(side.sql);
    await eventually(async () => (await schedule.nextDeadline(new Date(now)))?.toISOString() === iso(300), 30_000, 'the new deadline');
    now = T0 + 301 * 60_000;
    await eventually(async () => (await missedEvents()).length === 2, 30_000, 'the second mark');
    await timers[timers.length - 1]!.checkNow();
    expect(await missedEvents()).toEqual([iso(60), iso(300)]);
  });
});
