// The periods an export is asked for, as days on the school's wall calendar turned into instants in its zone:
// `--from 2026-11-01 --to 2026-11-30` means from midnight of the 1st to midnight after the 30th (both days
// whole). The Telegram buttons name the usual ones (this month, last month, this school year…).
import { dateAt, instantAt, isIsoDate, plusDays, type IsoDate } from '../domain/calendar/index.js';
import type { ExportPeriod } from './ports/export.js';

/** Days of a period as people say them: both inclusive. */
export interface ExportDays {
  from: IsoDate;
  to: IsoDate;
}

/** The instants of whole days `from`…`to` in `zone`; undefined when a date is not a real day or `to` is before `from`. */
export function periodOfDays(days: ExportDays, zone: string): ExportPeriod | undefined {
  if (!isIsoDate(days.from) || !isIsoDate(days.to) || days.to < days.from) return undefined;
  return { from: new Date(instantAt(days.from, 0, zone)), to: new Date(instantAt(plusDays(days.to, 1), 0, zone)) };
}

/** The presets the bot offers, by their short codes (they travel in callback data). */
export const PERIOD_PRESETS = ['week', 'month', 'lastMonth', 'schoolYear', 'lastSchoolYear'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const monthStart = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`;
const lastDayBefore = (date: IsoDate): IsoDate => plusDays(date, -1);
const previousMonthStart = (date: IsoDate): IsoDate => monthStart(lastDayBefore(monthStart(date)));
/** The Russian school year starts on 1 September: the one `date` falls in. */
const schoolYearStart = (date: IsoDate): IsoDate => {
  const year = Number(date.slice(0, 4));
  return `${Number(date.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
};
const mondayOf = (date: IsoDate): IsoDate => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return plusDays(date, -((weekday + 6) % 7));
};

/** The days of a preset as of `now` in `zone`: running periods end today, past ones on their last day. */
export function presetDays(preset: PeriodPreset, now: Date, zone: string): ExportDays {
  const today = dateAt(now.getTime(), zone);
  switch (preset) {
    case 'week':
      return { from: mondayOf(today), to: today };
    case 'month':
      return { from: monthStart(today), to: today };
    case 'lastMonth':
      return { from: previousMonthStart(today), to: lastDayBefore(monthStart(today)) };
    case 'schoolYear':
      return { from: schoolYearStart(today), to: today };
    case 'lastSchoolYear': {
      const start = schoolYearStart(today);
      return { from: schoolYearStart(lastDayBefore(start)), to: lastDayBefore(start) };
    }
    default: {
      const unknown: never = preset;
      throw new Error(`unknown period ${String(unknown)}`);
    }
  }
}
