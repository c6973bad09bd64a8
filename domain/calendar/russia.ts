// Russia's non-working public holidays (Labour Code, art. 112) and the official transfers of days off for the
// years we know. The holidays are the same every year; the transfers come from a Government decree signed each
// autumn for the next year, so this table is updated once a year (docs/calendar.md says how).
import type { IsoDate } from './dates.js';

/** Art. 112 part 1: 1–6 and 8 January are the New Year holidays, 7 January is Christmas. */
const HOLIDAYS: readonly (readonly [monthDay: string, name: string])[] = [
  ['01-01', 'Новогодние каникулы'],
  ['01-02', 'Новогодние каникулы'],
  ['01-03', 'Новогодние каникулы'],
  ['01-04', 'Новогодние каникулы'],
  ['01-05', 'Новогодние каникулы'],
  ['01-06', 'Новогодние каникулы'],
  ['01-07', 'Рождество Христово'],
  ['01-08', 'Новогодние каникулы'],
  ['02-23', 'День защитника Отечества'],
  ['03-08', 'Международный женский день'],
  ['05-01', 'Праздник Весны и Труда'],
  ['05-09', 'День Победы'],
  ['06-12', 'День России'],
  ['11-04', 'День народного единства'],
];

const HOLIDAY_BY_MONTH_DAY: ReadonlyMap<string, string> = new Map(HOLIDAYS);

/** The public holiday on a date, if it is one (any year: art. 112 lists the same days every year). */
export const russianHolidayName = (date: IsoDate): string | undefined => HOLIDAY_BY_MONTH_DAY.get(date.slice(5));

/** The public holidays of a year, by date. */
export function russianHolidays(year: number): ReadonlyMap<IsoDate, string> {
  return new Map(HOLIDAYS.map(([monthDay, name]) => [`${String(year).padStart(4, '0')}-${monthDay}`, name]));
}

export interface OfficialTransfers {
  readonly year: number;
  /** Weekdays that are days off (a transferred weekend), with the day they come from. */
  readonly daysOff: readonly { readonly date: IsoDate; readonly note: string }[];
  /** Saturdays or Sundays that are working days. */
  readonly workingDays: readonly { readonly date: IsoDate; readonly note: string }[];
  /** Where the dates come from. */
  readonly source: string;
  /** False while the year's decree has not been checked: its transfers may be missing. */
  readonly verified: boolean;
}

/**
 * The transfers for the five-day week (decrees are written for it). A year missing here has its holidays but
 * no transfers; `schoolbot calendar show` says so for its months, `calendar check` lists the years known.
 */
export const OFFICIAL_TRANSFERS: readonly OfficialTransfers[] = [
  {
    // Decree of the Government of the Russian Federation of 24.09.2025 No. 1466 "О переносе выходных дней в
    // 2026 году": 3 January → 9 January, 4 January → 31 December. 9 March and 11 May follow from art. 112
    // part 2 (8 March is a Sunday, 9 May a Saturday). No working Saturdays.
    year: 2026,
    daysOff: [
      { date: '2026-01-09', note: 'перенос выходного с 3 января' },
      { date: '2026-03-09', note: 'перенос выходного с 8 марта' },
      { date: '2026-05-11', note: 'перенос выходного с 9 мая' },
      { date: '2026-12-31', note: 'перенос выходного с 4 января' },
    ],
    workingDays: [],
    source: 'Постановление Правительства РФ от 24.09.2025 № 1466; ТК РФ ст. 112',
    verified: true,
  },
  {
    // Only what art. 112 part 2 itself moves: 1 May and 12 June are Saturdays, 9 May a Sunday. The decree for
    // 2027 (which places 2 and 3 January, both weekend days, and may add working Saturdays) was not at hand
    // when this was written: enter it here when checked, and set verified to true.
    year: 2027,
    daysOff: [
      { date: '2027-05-03', note: 'перенос выходного с 1 мая' },
      { date: '2027-05-10', note: 'перенос выходного с 9 мая' },
      { date: '2027-06-14', note: 'перенос выходного с 12 июня' },
    ],
    workingDays: [],
    source: 'ТК РФ ст. 112 (постановление о переносе выходных дней в 2027 году не сверено)',
    verified: false,
  },
];
