// The school's rules that configuration may change. The domain has no configuration access: the
// application builds a policy from the environment and passes it to `decide`.
import type { Priority } from './values.js';
import { DAY_MS, HOUR_MS } from './time.js';
import { DEFAULT_CATEGORIES } from './values.js';
import type { SchoolCalendar } from '../calendar/calendar.js';
import { roundTheClockCalendar } from '../calendar/calendar.js';

export interface SchoolPolicy {
  /** A closed ticket may be reopened this long after it was closed (REOPEN_DAYS). */
  readonly reopenWindowMs: number;
  /** A resolved ticket closes itself this long after resolution unless the author acts (AUTO_CLOSE_DAYS). */
  readonly autoCloseAfterMs: number;
  /** How long a ticket of each priority may stay unresolved before it is overdue. */
  readonly dueMs: Readonly<Record<Priority, number>>;
  /** Categories a new ticket may use. */
  readonly categories: readonly string[];
  /** The school calendar (school days and hours): what "school time" means for due times and escalations. */
  readonly calendar: SchoolCalendar;
  /** A ticket waiting on its author's answer: the author is reminded after this many school days (WAITING_REMIND_DAYS). */
  readonly waitingRemindDays: number;
  /** … and the ticket closes itself this many school days after the reminder was due (WAITING_CLOSE_DAYS). */
  readonly waitingCloseDays: number;
}

export const defaultPolicy: SchoolPolicy = {
  reopenWindowMs: 7 * DAY_MS,
  autoCloseAfterMs: 3 * DAY_MS,
  dueMs: { low: 7 * DAY_MS, normal: 3 * DAY_MS, high: 1 * DAY_MS, urgent: 4 * HOUR_MS },
  categories: DEFAULT_CATEGORIES,
  // The domain's default ignores the calendar; the application builds the school's real one (infra/config.ts).
  calendar: roundTheClockCalendar('Europe/Moscow'),
  waitingRemindDays: 3,
  waitingCloseDays: 5,
};

/** Builds a policy from whole days, as configuration states them. */
export function policyFromDays(options: {
  reopenDays: number;
  autoCloseDays: number;
  categories?: readonly string[];
  calendar?: SchoolCalendar;
  waitingRemindDays?: number;
  waitingCloseDays?: number;
}): SchoolPolicy {
  return {
    ...defaultPolicy,
    reopenWindowMs: options.reopenDays * DAY_MS,
    autoCloseAfterMs: options.autoCloseDays * DAY_MS,
    categories: options.categories ?? defaultPolicy.categories,
    calendar: options.calendar ?? defaultPolicy.calendar,
    waitingRemindDays: options.waitingRemindDays ?? defaultPolicy.waitingRemindDays,
    waitingCloseDays: options.waitingCloseDays ?? defaultPolicy.waitingCloseDays,
  };
}
