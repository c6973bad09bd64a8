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

/** The date `days` after (or before) `date`. */
export const plusDays = (date: IsoDate, days: number): IsoDate => dayOf(date).plus({ days }).toISODate() ?? date;

/** 1 = Monday … 7 = Sunday. */
export const weekdayOf = (date: IsoDate): number => dayOf(date).weekday;

/** The school-zone date of an instant. */
export const dateAt = (instant: number, zone: string): IsoDate =>
  DateTime.fromMillis(instant, { zone }).toISODate() ?? '';

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
