// The school calendar as a value: which days the school works and during which hours. Built once from the
// configuration, the school's calendar file and the official table (russia.ts); every question about school
// days and school time goes through the functions here and in schoolTime.ts.
import type { IsoDate, MinuteOfDay } from './dates.js';
import { isIsoDate, weekdayOf } from './dates.js';
import type { OfficialTransfers } from './russia.js';
import { OFFICIAL_TRANSFERS, russianHolidayName } from './russia.js';

export interface Vacation {
  readonly name: string;
  readonly from: IsoDate;
  /** Inclusive. */
  readonly to: IsoDate;
}

export interface NamedDate {
  readonly date: IsoDate;
  readonly name: string;
}

export interface SchoolHours {
  readonly open: MinuteOfDay;
  readonly close: MinuteOfDay;
}

export interface SchoolCalendarSpec {
  /** IANA zone of the school, e.g. Europe/Moscow. */
  readonly zone: string;
  /** Five (Monday–Friday) or six (Monday–Saturday) working days; seven only for `roundTheClockCalendar`. */
  readonly week: 5 | 6 | 7;
  readonly hours: SchoolHours;
  /** Whether public holidays are days off (default true; false only for `roundTheClockCalendar`). */
  readonly publicHolidays?: boolean;
  readonly vacations?: readonly Vacation[];
  /** The school's own days off (a sanitary day, a local holiday). */
  readonly extraDaysOff?: readonly NamedDate[];
  /** The school's own working days on a weekend or in a vacation (a make-up Saturday). */
  readonly extraWorkingDays?: readonly NamedDate[];
  /** The official transfers; Russia's table unless given (tests give their own). */
  readonly transfers?: readonly OfficialTransfers[];
}

/** Why a date is not a school day, for an operator's list or a Telegram sentence. */
export type DayOffReason =
  | { readonly kind: 'holiday'; readonly name: string }
  | { readonly kind: 'transfer'; readonly note: string }
  | { readonly kind: 'schoolDayOff'; readonly name: string }
  | { readonly kind: 'vacation'; readonly name: string; readonly from: IsoDate; readonly to: IsoDate }
  | { readonly kind: 'weekend'; readonly weekday: 6 | 7 };

export interface SchoolCalendar {
  readonly zone: string;
  readonly week: 5 | 6 | 7;
  readonly hours: SchoolHours;
  readonly publicHolidays: boolean;
  readonly vacations: readonly Vacation[];
  readonly extraDaysOff: ReadonlyMap<IsoDate, string>;
  readonly extraWorkingDays: ReadonlyMap<IsoDate, string>;
  readonly officialDaysOff: ReadonlyMap<IsoDate, string>;
  readonly officialWorkingDays: ReadonlyMap<IsoDate, string>;
  readonly transfers: readonly OfficialTransfers[];
}

/** Builds the calendar; throws a RangeError on a spec that could never hold (the file's validation says why first). */
export function schoolCalendar(spec: SchoolCalendarSpec): SchoolCalendar {
  const { open, close } = spec.hours;
  if (!Number.isInteger(open) || !Number.isInteger(close) || open < 0 || close > 24 * 60 || open >= close) {
    throw new RangeError(`school hours must open before they close within one day (got ${open}–${close} minutes)`);
  }
  const dates = [
    ...(spec.vacations ?? []).flatMap((v) => [v.from, v.to]),
    ...(spec.extraDaysOff ?? []).map((d) => d.date),
    ...(spec.extraWorkingDays ?? []).map((d) => d.date),
  ];
  const bad = dates.find((date) => !isIsoDate(date));
  if (bad !== undefined) throw new RangeError(`${bad} is not a date`);
  const transfers = spec.transfers ?? OFFICIAL_TRANSFERS;
  // Decrees move days for the five-day week; a six-day school enters its region's order as its own days.
  const official = spec.week === 5 ? transfers : [];
  return {
    zone: spec.zone,
    week: spec.week,
    hours: spec.hours,
    publicHolidays: spec.publicHolidays ?? true,
    vacations: spec.vacations ?? [],
    extraDaysOff: new Map((spec.extraDaysOff ?? []).map((d) => [d.date, d.name])),
    extraWorkingDays: new Map((spec.extraWorkingDays ?? []).map((d) => [d.date, d.name])),
    officialDaysOff: new Map(official.flatMap((year) => year.daysOff.map((d) => [d.date, d.note] as const))),
    officialWorkingDays: new Map(official.flatMap((year) => year.workingDays.map((d) => [d.date, d.note] as const))),
    transfers,
  };
}

const isWeekend = (calendar: SchoolCalendar, weekday: number): boolean =>
  (weekday === 7 && calendar.week !== 7) || (weekday === 6 && calendar.week === 5);

/**
 * Why the school does not work on this date, or undefined when it does. The school's own working day wins over
 * everything (it said so); then public holidays, official transfers, the school's days off, its vacations, an
 * official working weekend day, and the weekend.
 */
export function dayOffReason(calendar: SchoolCalendar, date: IsoDate): DayOffReason | undefined {
  if (calendar.extraWorkingDays.has(date)) return undefined;
  const holiday = calendar.publicHolidays ? russianHolidayName(date) : undefined;
  if (holiday !== undefined) return { kind: 'holiday', name: holiday };
  const transfer = calendar.officialDaysOff.get(date);
  if (transfer !== undefined) return { kind: 'transfer', note: transfer };
  const own = calendar.extraDaysOff.get(date);
  if (own !== undefined) return { kind: 'schoolDayOff', name: own };
  const vacation = calendar.vacations.find((v) => v.from <= date && date <= v.to);
  if (vacation) return { kind: 'vacation', name: vacation.name, from: vacation.from, to: vacation.to };
  if (calendar.officialWorkingDays.has(date)) return undefined;
  const weekday = weekdayOf(date);
  if (isWeekend(calendar, weekday)) return { kind: 'weekend', weekday: weekday as 6 | 7 };
  return undefined;
}

/**
 * Every day a school day, all day long, no holidays: the calendar of a policy that ignores the calendar (the
 * domain's defaults and tests that are not about the calendar). Production always builds a real one.
 */
export const roundTheClockCalendar = (zone: string): SchoolCalendar =>
  schoolCalendar({ zone, week: 7, hours: { open: 0, close: 24 * 60 }, publicHolidays: false, transfers: [] });

export const isSchoolDay = (calendar: SchoolCalendar, date: IsoDate): boolean => dayOffReason(calendar, date) === undefined;

/** Why a weekend day is a working one (a transfer or the school's make-up day), for the operator's view. */
export function workingWeekendNote(calendar: SchoolCalendar, date: IsoDate): string | undefined {
  const weekend = isWeekend(calendar, weekdayOf(date));
  if (!weekend || !isSchoolDay(calendar, date)) return undefined;
  return calendar.extraWorkingDays.get(date) ?? calendar.officialWorkingDays.get(date);
}

/** Whether the official table covers a year, and how sure it is. */
export function officialYear(calendar: SchoolCalendar, year: number): { known: boolean; verified: boolean; source?: string } {
  const entry = calendar.transfers.find((t) => t.year === year);
  return entry ? { known: true, verified: entry.verified, source: entry.source } : { known: false, verified: false };
}
