// The deadline watcher: appends TaskDeadlineMissed once per missed deadline. A reaction keeps a schedule of
// the deadlines of unfinished tasks (in its own checkpoint's transaction); a timer (scheduleTimer.ts), reading
// the Clock, finds deadlines that passed even when no event arrives and asks the domain to mark them missed. The command is
// idempotent: its id derives from the task and the deadline, it appends with an expected revision, and the
// domain refuses a second TaskDeadlineMissed for the same deadline.
import { uuidV5 } from '../eventIds.js';
import { domainEventOf } from '../recordedEvents.js';
import type { Clock } from '../ports/clock.js';
import type { SqlQueryable } from '../ports/sql.js';
import type { Reaction } from './reaction.js';
import type { ConsumerLog } from '../consumers/checkpointedConsumer.js';
import type { RunningTimer } from './scheduleTimer.js';
import { startScheduleTimer } from './scheduleTimer.js';

export interface WatchedDeadline {
  taskNumber: number;
  deadline: Date;
}

/** The watcher's schedule, bound to a transaction by `scheduleFor`. */
export interface DeadlineScheduleWriter {
  watch(entry: { taskNumber: number; deadline: string }): Promise<void>;
  setActive(taskNumber: number, active: boolean): Promise<void>;
  recordMissed(taskNumber: number, deadline: string): Promise<void>;
  forget(taskNumber: number): Promise<void>;
}

export interface DeadlineSchedule {
  scheduleFor(tx: SqlQueryable): DeadlineScheduleWriter;
  /** Active deadlines that have passed at `now` (strictly before it) not yet recorded as missed, earliest first. */
  due(now: Date, limit: number): Promise<WatchedDeadline[]>;
  /** The earliest active deadline not yet passed at `now` (at or after it), if any. */
  nextDeadline(now: Date): Promise<Date | undefined>;
}

const WATCHED_EVENT_TYPES = [
  'TaskAssigned',
  'TaskDeadlineExtended',
  'TaskCompleted',
  'TaskReturned',
  'TaskApproved',
  'TaskCancelled',
  'TaskDeadlineMissed',
] as const;

const DEADLINE_WATCHER_NAME = 'deadline-watcher';

export function deadlineScheduleReaction(schedule: DeadlineSchedule): Reaction {
  return {
    name: DEADLINE_WATCHER_NAME,
    eventTypes: WATCHED_EVENT_TYPES,
    async handle(recorded, { tx }) {
      const event = domainEventOf(recorded, WATCHED_EVENT_TYPES);
      if (!event) return;
      const writer = schedule.scheduleFor(tx);
      const { number } = event.data;
      switch (event.type) {
        case 'TaskAssigned':
          return writer.watch({ taskNumber: number, deadline: event.data.deadline });
        case 'TaskDeadlineExtended':
          return writer.watch({ taskNumber: number, deadline: event.data.newDeadline });
        case 'TaskCompleted':
          return writer.setActive(number, false);
        case 'TaskReturned':
          return writer.setActive(number, true);
        case 'TaskApproved':
        case 'TaskCancelled':
          return writer.forget(number);
        case 'TaskDeadlineMissed':
          return writer.recordMissed(number, event.data.deadline);
      }
    },
  };
}

/** A uuid derived from the task and its deadline: the same missed deadline always yields the same command. */
const deadlineMissedCommandId = (taskNumber: number, deadline: Date): string =>
  uuidV5(`TaskDeadlineMissed:${taskNumber}:${deadline.toISOString()}`);

export interface DeadlineWatcherOptions {
  schedule: DeadlineSchedule;
  clock: Clock;
  /** Runs MarkDeadlineMissed for the task through the command handler (idempotent, see above). */
  markMissed(deadline: WatchedDeadline, commandId: string, now: Date): Promise<void>;
  /** The longest sleep between checks; the watcher wakes earlier for the next known deadline. */
  checkEveryMs?: number;
  log?: ConsumerLog;
}

export type RunningWatcher = RunningTimer;

export function startDeadlineTimer(options: DeadlineWatcherOptions): RunningWatcher {
  return startScheduleTimer({
    name: 'deadlineWatcher',
    clock: options.clock,
    due: (now, limit) => options.schedule.due(now, limit),
    nextDueAt: (now) => options.schedule.nextDeadline(now),
    act: (due, now) => options.markMissed(due, deadlineMissedCommandId(due.taskNumber, due.deadline), now),
    describe: (due) => ({ task: due.taskNumber }),
    checkEveryMs: options.checkEveryMs,
    log: options.log,
  });
}
