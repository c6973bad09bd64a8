// School time: only the school hours of school days count. Instants are epoch milliseconds; school hours are
// half-open, so the opening moment is school time and the closing moment is not.
import type { SchoolCalendar } from './calendar.js';
import { isSchoolDay } from './calendar.js';
import type { IsoDate } from './dates.js';
import { dateAt, instantAt, minuteAt, plusDays } from './dates.js';

/** How far the search for a school day goes before it gives up (a calendar with no school day at all). */
const SEARCH_DAYS = 3 * 366;

/** A date's school hours, remembered per calendar (a calendar is an immutable value): at most this many dates. */
const REMEMBERED_DATES = 20_000;
const hoursByCalendar = new WeakMap<SchoolCalendar, Map<IsoDate, { open: number; close: number } | null>>();

/**
 * The opening and closing instants of a date's school hours, or undefined on a day off. Remembered: measuring
 * school time walks the calendar day by day, and each day's zone arithmetic costs more than all the rest (the
 * SLA metrics measure every ticket of the school).
 */
export function schoolHoursOn(calendar: SchoolCalendar, date: IsoDate): { open: number; close: number } | undefined {
  let remembered = hoursByCalendar.get(calendar);
  if (!remembered) hoursByCalendar.set(calendar, (remembered = new Map()));
  const known = remembered.get(date);
  if (known !== undefined) return known ?? undefined;
  const hours = isSchoolDay(calendar, date)
    ? Object.freeze({ open: instantAt(date, calendar.hours.open, calendar.zone), close: instantAt(date, calendar.hours.close, calendar.zone) })
    : undefined;
  if (remembered.size >= REMEMBERED_DATES) remembered.clear();
  remembered.set(date, hours ?? null);
  return hours;
}

export function isSchoolTime(calendar: SchoolCalendar, instant: number): boolean {
  const hours = schoolHoursOn(calendar, dateAt(instant, calendar.zone));
  return hours !== undefined && hours.open <= instant && instant < hours.close;
}

/** The first school day after a date (`after: false`: the date itself when it is one). */
export function nextSchoolDay(calendar: SchoolCalendar, date: IsoDate, after = true): IsoDate {
  let day = after ? plusDays(date, 1) : date;
  for (let i = 0; i < SEARCH_DAYS; i += 1, day = plusDays(day, 1)) if (isSchoolDay(calendar, day)) return day;
  throw new RangeError(`no school day within ${SEARCH_DAYS} days of ${date}`);
}

/** The last school day before a date. */
export function previousSchoolDay(calendar: SchoolCalendar, date: IsoDate): IsoDate {
  let day = plusDays(date, -1);
  for (let i = 0; i < SEARCH_DAYS; i += 1, day = plusDays(day, -1)) if (isSchoolDay(calendar, day)) return day;
  throw new RangeError(`no school day within ${SEARCH_DAYS} days before ${date}`);
}

/** The instant itself when it is school time, else the next opening of the school. */
export function nextSchoolMoment(calendar: SchoolCalendar, instant: number): number {
  let day = dateAt(instant, calendar.zone);
  for (let i = 0; i < SEARCH_DAYS; i += 1) {
    const hours = schoolHoursOn(calendar, day);
    if (hours && instant < hours.close) return Math.max(instant, hours.open);
    day = nextSchoolDay(calendar, day);
  }
  throw new RangeError(`no school time within ${SEARCH_DAYS} days`);
}

/** Milliseconds of school time from a to b; 0 when b is not after a. */
export function schoolTimeBetween(calendar: SchoolCalendar, a: number, b: number): number {
  if (!(b > a)) return 0;
  let total = 0;
  const last = dateAt(b, calendar.zone);
  for (let day = dateAt(a, calendar.zone); day <= last; day = plusDays(day, 1)) {
    const hours = schoolHoursOn(calendar, day);
    if (hours) total += Math.max(0, Math.min(hours.close, b) - Math.max(hours.open, a));
  }
  return total;
}

/**
 * The school moment at which `ms` of school time has passed since the instant. The result is always school
 * time: a span that ends exactly at closing lands at the next opening (no school time lies between them).
 */
export function addSchoolTime(calendar: SchoolCalendar, instant: number, ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`school time to add must be 0 or more milliseconds (got ${ms})`);
  let at = nextSchoolMoment(calendar, instant);
  let left = ms;
  for (;;) {
    const hours = schoolHoursOn(calendar, dateAt(at, calendar.zone));
    if (!hours) throw new RangeError('nextSchoolMoment returned a moment outside school time');
    if (at + left < hours.close) return at + left;
    left -= hours.close - at;
    at = nextSchoolMoment(calendar, hours.close);
  }
}

/**
 * "Через N рабочих дней": the N-th school day after the instant's date (said on a Saturday, 1 is Monday), at the same wall-clock time held within
 * school hours (before opening → the opening; after closing → the closing, the end of that school day).
 * N = 0 is the instant's own date when it is a school day, else the next one. The result is to the minute.
 */
export function addSchoolDays(calendar: SchoolCalendar, instant: number, days: number): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`school days to add must be a whole number 0 or more (got ${days})`);
  const start = dateAt(instant, calendar.zone);
  let day = days === 0 ? nextSchoolDay(calendar, start, false) : start;
  for (let n = days; n > 0; n -= 1) day = nextSchoolDay(calendar, day);
  const minute = Math.min(Math.max(minuteAt(instant, calendar.zone), calendar.hours.open), calendar.hours.close);
  return instantAt(day, minute, calendar.zone);
}
