// The recurring orders' scheduler. A reaction folds each recurrence's events into a row (in its own
// checkpoint's transaction) with the moment its next occurrence comes due on the school calendar; a timer on
// the Clock wakes for the earliest and asks the command service to issue what has come due. The row is only
// the alarm clock: the command reloads the recurrence's stream and decides from it, so a stale row (a second
// check before the reaction caught up) issues nothing twice — see application/commands/recurrences.ts.
import type { Recurrence, RecurrenceEvent } from '../../domain/index.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { RECURRENCE_EVENT_TYPES, evolveRecurrence, nextOccurrence, toEpochMs } from '../../domain/index.js';
import type { ConsumerLog } from '../consumers/checkpointedConsumer.js';
import type { Clock } from '../ports/clock.js';
import type { SqlQueryable } from '../ports/sql.js';
import { domainEventOf } from '../recordedEvents.js';
import type { Reaction } from './reaction.js';
import type { RunningTimer } from './scheduleTimer.js';
import { startScheduleTimer } from './scheduleTimer.js';

export interface DueRecurrence {
  recurrenceId: string;
  nextAt: Date;
}

/** The schedule, bound to a transaction by `scheduleFor`. */
export interface RecurrenceScheduleWriter {
  get(recurrenceId: string): Promise<Recurrence | undefined>;
  put(state: Recurrence, nextAt: string | null, createdAt: string | undefined): Promise<void>;
}

export interface RecurrenceSchedule {
  scheduleFor(tx: SqlQueryable): RecurrenceScheduleWriter;
  /** Active recurrences whose next occurrence is due at `now`, earliest first. */
  due(now: Date, limit: number): Promise<DueRecurrence[]>;
  /** The earliest next occurrence after `now`, if any. */
  nextDueAt(now: Date): Promise<Date | undefined>;
}

/** When the recurrence's next occurrence is due (ISO), or null when it has none (paused, stopped, no more days). */
export function nextDueOf(state: Recurrence, calendar: SchoolCalendar): string | null {
  if (state.status !== 'active') return null;
  const next = nextOccurrence(state.schedule, calendar, state.lastNominal, toEpochMs(state.notBefore));
  return next ? new Date(next.at).toISOString() : null;
}

export function recurrenceScheduleReaction(schedule: RecurrenceSchedule, calendar: SchoolCalendar): Reaction {
  return {
    name: 'recurrences',
    eventTypes: RECURRENCE_EVENT_TYPES,
    async handle(recorded, { tx }) {
      const event = domainEventOf(recorded, RECURRENCE_EVENT_TYPES) as RecurrenceEvent | undefined;
      if (!event) return;
      const writer = schedule.scheduleFor(tx);
      const before = event.type === 'RecurrenceCreated' ? undefined : await writer.get(event.data.recurrenceId);
      if (event.type !== 'RecurrenceCreated' && !before) return;
      const after = evolveRecurrence(before ?? { status: 'none' }, event);
      if (after.status === 'none') return;
      await writer.put(after, nextDueOf(after, calendar), event.type === 'RecurrenceCreated' ? event.data.createdAt : undefined);
    },
  };
}

export interface RecurrenceTimerOptions {
  schedule: RecurrenceSchedule;
  clock: Clock;
  /** Issues the recurrence's due occurrences through the command service (idempotent, see above). */
  issue(recurrenceId: string): Promise<void>;
  checkEveryMs?: number;
  log?: ConsumerLog;
}

export function startRecurrenceTimer(options: RecurrenceTimerOptions): RunningTimer {
  return startScheduleTimer({
    name: 'recurrences',
    clock: options.clock,
    due: (now, limit) => options.schedule.due(now, limit),
    nextDueAt: (now) => options.schedule.nextDueAt(now),
    act: (due) => options.issue(due.recurrenceId),
    describe: (due) => ({ recurrence: due.recurrenceId }),
    checkEveryMs: options.checkEveryMs,
    log: options.log,
  });
}
