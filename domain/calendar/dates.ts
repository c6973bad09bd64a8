// Calendar dates and wall-clock times in the school's zone. Instants are epoch milliseconds; a date is the
// ISO `YYYY-MM-DD` of a day in the school's zone. luxon does the zone arithmetic (it reads no clock here:
// every DateTime is built from given numbers).
import { DateTime } from 'luxon';

/** `YYYY-MM-DD`: a day on the school's wall calendar. */
export type IsoDate = string;

/** A wall-clock time as minutes after midnight (08:00 is 480). */
export type MinuteOfDay = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real day written `YYYY-MM-DD` (not 2027-01-40, not 2026-02-29). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  return DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: 'UTC' }).isValid;
}

const dayOf = (date: IsoDate) => DateTime.fromISO(date, { zone: 'UTC' });

// Dates as day numbers (days since 1970-01-01) by plain integer arithmetic on the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil): adding days and naming the weekday are hot in school-time sums, and luxon
// builds a DateTime for each.
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

function dateOfDayNumber(days: number): IsoDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day number of a real `YYYY-MM-DD` date, or undefined (not that form, or not a real day). */
function dayNumberOf(date: IsoDate): number | undefined {
  const m = ISO_DATE.exec(date);
  if (!m) return undefined;
  const days = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  return dateOfDayNumber(days) === date ? days : undefined;
}

/** The date `days` after (or before) `date`. */
export function plusDays(date: IsoDate, days: number): IsoDate {
  const from = dayNumberOf(date);
  return from === undefined ? date : dateOfDayNumber(from + days);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: IsoDate): number {
  const days = dayNumberOf(date);
  // 1970-01-01 was a Thursday.
  return days === undefined ? Number.NaN : ((((days + 3) % 7) + 7) % 7) + 1;
}

const zoneDateOf = (instant: number, zone: string): IsoDate => DateTime.fromMillis(instant, { zone }).toISODate() ?? '';

/**
 * Every zone's offset is a whole number of quarter hours (today's; only local mean times before ~1900 were not),
 * so a quarter hour of instants usually lies within one date. The date of each quarter hour met is remembered
 * when its first and last instants share a date; a quarter hour that holds a midnight (or an odd offset) is
 * worked out instant by instant. School-time sums over every ticket (the SLA metrics, /kpi, the digest) ask for
 * tens of thousands of dates, each a luxon DateTime and zone lookup otherwise (about 1 s of CPU and 50 MB of
 * garbage at 10,000 tickets).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const REMEMBERED_QUARTERS = 50_000;
const datesByZone = new Map<string, Map<number, IsoDate>>();

/** The school-zone date of an instant. */
export function dateAt(instant: number, zone: string): IsoDate {
  if (!Number.isFinite(instant)) return zoneDateOf(instant, zone);
  let dates = datesByZone.get(zone);
  if (!dates) datesByZone.set(zone, (dates = new Map()));
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const known = dates.get(quarter);
  if (known !== undefined) return known;
  const first = zoneDateOf(quarter * QUARTER_HOUR_MS, zone);
  if (first === '' || first !== zoneDateOf((quarter + 1) * QUARTER_HOUR_MS - 1, zone)) return zoneDateOf(instant, zone);
  if (dates.size >= REMEMBERED_QUARTERS) dates.clear();
  dates.set(quarter, first);
  return first;
}

/** The instant of a wall-clock time on a date in the zone (a time skipped by a clock change moves forward). */
export function instantAt(date: IsoDate, minute: MinuteOfDay, zone: string): number {
  // 24:00 (a school open until midnight) is the next day's 00:00.
  if (minute >= 24 * 60) return instantAt(plusDays(date, Math.floor(minute / (24 * 60))), minute % (24 * 60), zone);
  const day = dayOf(date);
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone },
  ).toMillis();
}

/** Minutes after midnight of an instant in the zone (ignoring seconds). */
export function minuteAt(instant: number, zone: string): MinuteOfDay {
  const local = DateTime.fromMillis(instant, { zone });
  return local.hour * 60 + local.minute;
}

/** Every date of a month `YYYY-MM`, in order. */
export function datesOfMonth(month: string): IsoDate[] {
  const first = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
  if (!first.isValid) return [];
  return Array.from({ length: first.daysInMonth ?? 0 }, (_, i) => first.plus({ days: i }).toISODate() ?? '');
}

/** `HH:MM` of minutes after midnight. */
export const formatMinute = (minute: MinuteOfDay): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
