// A recurring order's schedule and its occurrences on the school calendar. Pure: dates are school-zone
// `YYYY-MM-DD`, times minutes after midnight; nothing here reads a clock.
//
// An occurrence has a *nominal* date (what the rule says: "every Monday" → each Monday) and an *actual* date
// (when it happens). On a day off the schedule's `onDayOff` chooses: `skip` drops the occurrence, `next`
// moves it to the next school day — unless the next nominal date comes first (two Mondays of a vacation end
// in one occurrence, on the first school day after it). The nominal date names the occurrence for ever: it is
// what makes creating it idempotent, and a later change of the calendar file cannot make it happen twice.
import { z } from 'zod';
import type { SchoolCalendar } from '../calendar/calendar.js';
import { isSchoolDay } from '../calendar/calendar.js';
import type { IsoDate } from '../calendar/dates.js';
import { dateAt, datesOfMonth, instantAt, isIsoDate, plusDays, weekdayOf } from '../calendar/dates.js';
import { DAY_MS, toEpochMs } from '../shared/time.js';
import { nextSchoolDay } from '../calendar/schoolTime.js';

const isoDateSchema = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const minuteSchema = z.number().int().min(0).max(24 * 60 - 1);

/** What the rule says, before the calendar moves or drops anything. */
export const recurrenceRuleSchema = z.discriminatedUnion('kind', [
  /** Every school day ("каждый учебный день"): never on a day off, so `onDayOff` does not apply. */
  z.object({ kind: z.literal('schoolDays') }),
  /** On these weekdays (1 = Monday … 7 = Sunday) of every `everyWeeks`-th week, counted from the week of `anchor`. */
  z.object({
    kind: z.literal('weekly'),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    everyWeeks: z.number().int().min(1).max(4),
    anchor: isoDateSchema,
  }),
  /** On this day of every month (31 in a 30-day month: its last day). */
  z.object({ kind: z.literal('monthly'), day: z.number().int().min(1).max(31) }),
]);
export type RecurrenceRule = z.infer<typeof recurrenceRuleSchema>;

/** The deadline of each occurrence: `days` school days after the occurrence's date (0: the same day), at `minute`. */
export const occurrenceDeadlineSchema = z.object({ days: z.number().int().min(0).max(30), minute: minuteSchema });
export type OccurrenceDeadline = z.infer<typeof occurrenceDeadlineSchema>;

export const recurrenceScheduleSchema = z.object({
  rule: recurrenceRuleSchema,
  /** The time of day each occurrence's task is issued. */
  minute: minuteSchema,
  onDayOff: z.enum(['next', 'skip']),
  deadline: occurrenceDeadlineSchema,
});
export type RecurrenceSchedule = z.infer<typeof recurrenceScheduleSchema>;

export interface Occurrence {
  /** The date the rule names; the occurrence's identity. */
  readonly nominal: IsoDate;
  /** The school day it happens on. */
  readonly date: IsoDate;
  /** Epoch milliseconds: when its task is issued. */
  readonly at: number;
  /** Epoch milliseconds: the deadline of its task. */
  readonly deadline: number;
}

/** How far ahead the search for an occurrence goes (a schedule whose days are all off yields none). */
const SEARCH_DAYS = 2 * 366;

const mondayOf = (date: IsoDate): IsoDate => plusDays(date, 1 - weekdayOf(date));
const epochDay = (date: IsoDate): number => Math.round(toEpochMs(`${date}T00:00:00Z`) / DAY_MS);
/** Whole weeks from the Monday of one date's week to the Monday of another's. */
const weeksBetween = (from: IsoDate, to: IsoDate): number => Math.round((epochDay(mondayOf(to)) - epochDay(mondayOf(from))) / 7);
const daysInMonth = (date: IsoDate): number => datesOfMonth(date.slice(0, 7)).length;

/** Whether the rule names this date (before the calendar has its say). */
export function isNominal(rule: RecurrenceRule, calendar: SchoolCalendar, date: IsoDate): boolean {
  switch (rule.kind) {
    case 'schoolDays':
      return isSchoolDay(calendar, date);
    case 'weekly': {
      if (!rule.weekdays.includes(weekdayOf(date))) return false;
      const weeks = weeksBetween(rule.anchor, date);
      return ((weeks % rule.everyWeeks) + rule.everyWeeks) % rule.everyWeeks === 0;
    }
    case 'monthly': {
      const day = Number(date.slice(8, 10));
      return day === Math.min(rule.day, daysInMonth(date));
    }
  }
}

/** The first nominal date after `date` (or on it, with `inclusive`), within the search window. */
export function nextNominal(rule: RecurrenceRule, calendar: SchoolCalendar, date: IsoDate, inclusive = false): IsoDate | undefined {
  let day = inclusive ? date : plusDays(date, 1);
  for (let i = 0; i < SEARCH_DAYS; i += 1, day = plusDays(day, 1)) if (isNominal(rule, calendar, day)) return day;
  return undefined;
}

/** The school day a nominal date happens on, or undefined when it is skipped or merged into the next one. */
export function actualDate(schedule: RecurrenceSchedule, calendar: SchoolCalendar, nominal: IsoDate): IsoDate | undefined {
  if (isSchoolDay(calendar, nominal)) return nominal;
  if (schedule.onDayOff === 'skip') return undefined;
  const moved = nextSchoolDay(calendar, nominal);
  const following = nextNominal(schedule.rule, calendar, nominal);
  // The next occurrence comes first (or on the same day): this one is merged into it.
  if (following !== undefined && following <= moved) return undefined;
  return moved;
}

/** The deadline (epoch ms) of an occurrence on a school day. */
export function occurrenceDeadline(schedule: RecurrenceSchedule, calendar: SchoolCalendar, date: IsoDate): number {
  let day = date;
  for (let n = schedule.deadline.days; n > 0; n -= 1) day = nextSchoolDay(calendar, day);
  return instantAt(day, schedule.deadline.minute, calendar.zone);
}

/** The occurrence of a nominal date, or undefined when the calendar drops it. */
export function occurrenceOf(schedule: RecurrenceSchedule, calendar: SchoolCalendar, nominal: IsoDate): Occurrence | undefined {
  const date = actualDate(schedule, calendar, nominal);
  if (date === undefined) return undefined;
  return { nominal, date, at: instantAt(date, schedule.minute, calendar.zone), deadline: occurrenceDeadline(schedule, calendar, date) };
}

/**
 * The next occurrence: the first whose nominal date is after `afterNominal` (every earlier one is done) and
 * which is issued at or after `notBefore` (epoch ms: the schedule's start, its resume or its change).
 */
export function nextOccurrence(
  schedule: RecurrenceSchedule,
  calendar: SchoolCalendar,
  afterNominal: IsoDate | null,
  notBefore: number,
): Occurrence | undefined {
  // No nominal date before the date of `notBefore`: a schedule made in a vacation starts after it is made.
  const start = plusDays(dateAt(notBefore, calendar.zone), -1);
  let from = afterNominal !== null && afterNominal > start ? afterNominal : start;
  for (let i = 0; i < SEARCH_DAYS; i += 1) {
    const nominal = nextNominal(schedule.rule, calendar, from);
    if (nominal === undefined) return undefined;
    const occurrence = occurrenceOf(schedule, calendar, nominal);
    if (occurrence && occurrence.at >= notBefore) return occurrence;
    from = nominal;
  }
  return undefined;
}

/** Whether a schedule is sound: its deadline lies after the moment it is issued. */
export function deadlineAfterIssue(schedule: RecurrenceSchedule): boolean {
  return schedule.deadline.days > 0 || schedule.deadline.minute > schedule.minute;
}
