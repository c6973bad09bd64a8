// The school's rules that configuration may change. The domain has no configuration access: the
// application builds a policy from the environment and passes it to `decide`.
import type { Priority } from './values.js';
import { DAY_MS, HOUR_MS, fromEpochMs, toEpochMs } from './time.js';
import { DEFAULT_CATEGORIES } from './values.js';
import type { SchoolCalendar } from '../calendar/calendar.js';
import { roundTheClockCalendar } from '../calendar/calendar.js';
import { addSchoolTime } from '../calendar/schoolTime.js';

/** A span of school time: whole school days (each as long as the school's hours) plus milliseconds. */
export interface SchoolSpan {
  readonly days: number;
  readonly ms: number;
}

/** A priority's service-level targets, both in school time from the ticket's clock start. */
export interface SlaTarget {
  /** Until somebody is on the ticket (taken or assigned). */
  readonly firstResponse: SchoolSpan;
  /** Until it is resolved. */
  readonly resolution: SchoolSpan;
  /** Whether passing a target escalates (to the category's leads, then the director). */
  readonly escalate: boolean;
}

export const schoolSpan = (days: number, ms = 0): SchoolSpan => ({ days, ms });

/** The defaults (docs/calendar.md): urgent 30 min / 4 h, high 2 h / 1 day, normal 1 / 3 days, low 2 / 5 days. */
export const DEFAULT_SLA: Readonly<Record<Priority, SlaTarget>> = {
  urgent: { firstResponse: schoolSpan(0, 30 * 60_000), resolution: schoolSpan(0, 4 * HOUR_MS), escalate: true },
  high: { firstResponse: schoolSpan(0, 2 * HOUR_MS), resolution: schoolSpan(1), escalate: true },
  normal: { firstResponse: schoolSpan(1), resolution: schoolSpan(3), escalate: true },
  low: { firstResponse: schoolSpan(2), resolution: schoolSpan(5), escalate: true },
};

export interface SchoolPolicy {
  /** A closed ticket may be reopened this long after it was closed (REOPEN_DAYS). */
  readonly reopenWindowMs: number;
  /** A resolved ticket closes itself this long after resolution unless the author acts (AUTO_CLOSE_DAYS). */
  readonly autoCloseAfterMs: number;
  /**
   * Each priority's SLA: the first-response target (respondBy) and the resolution target (dueAt: unresolved
   * after it, the ticket is overdue), both in school time on `calendar`.
   */
  readonly sla: Readonly<Record<Priority, SlaTarget>>;
  /** A missed task deadline reaches the director this long (school time) after it, unless completed by then. */
  readonly taskEscalateAfter: SchoolSpan;
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
  sla: DEFAULT_SLA,
  taskEscalateAfter: schoolSpan(1),
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
  sla?: Readonly<Record<Priority, SlaTarget>>;
  taskEscalateAfter?: SchoolSpan;
}): SchoolPolicy {
  return {
    ...defaultPolicy,
    reopenWindowMs: options.reopenDays * DAY_MS,
    autoCloseAfterMs: options.autoCloseDays * DAY_MS,
    categories: options.categories ?? defaultPolicy.categories,
    calendar: options.calendar ?? defaultPolicy.calendar,
    waitingRemindDays: options.waitingRemindDays ?? defaultPolicy.waitingRemindDays,
    waitingCloseDays: options.waitingCloseDays ?? defaultPolicy.waitingCloseDays,
    sla: options.sla ?? defaultPolicy.sla,
    taskEscalateAfter: options.taskEscalateAfter ?? defaultPolicy.taskEscalateAfter,
  };
}

/** Milliseconds of school time in a span: a school day is as long as the calendar's school hours. */
export const spanMs = (calendar: SchoolCalendar, span: SchoolSpan): number =>
  span.days * (calendar.hours.close - calendar.hours.open) * 60_000 + span.ms;

/** The school moment (ISO) a span of school time after `from` (ISO). */
export function afterSchoolTime(calendar: SchoolCalendar, from: string, span: SchoolSpan): string {
  return fromEpochMs(addSchoolTime(calendar, toEpochMs(from), spanMs(calendar, span)));
}

/** A ticket's targets from a clock start: when somebody must be on it, and when it must be resolved. */
export function slaTargetsFrom(policy: SchoolPolicy, priority: Priority, from: string): { respondBy: string; dueAt: string } {
  const target = policy.sla[priority];
  return { respondBy: afterSchoolTime(policy.calendar, from, target.firstResponse), dueAt: afterSchoolTime(policy.calendar, from, target.resolution) };
}
