// `schoolbot calendar show [--month 2027-01]` prints a month of the school calendar for operators (a grid, then
// each day off that is not a plain weekend with its reason); `schoolbot calendar check` validates the school's
// calendar file (SCHOOL_CALENDAR_FILE): one line per problem and exit 1, or a one-line summary.
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { systemClock } from '../../application/ports/clock.js';
import type { LoadedCalendar } from '../../application/calendar/calendarFile.js';
import { loadSchoolCalendar } from '../../application/calendar/calendarFile.js';
import { calendarFileAt } from '../../adapters/files/calendarFile.js';
import type { DayOffReason, SchoolCalendar } from '../../domain/calendar/index.js';
import {
  OFFICIAL_TRANSFERS,
  datesOfMonth,
  dayOffReason,
  formatMinute,
  officialYear,
  schoolHoursOn,
  weekdayOf,
  workingWeekendNote,
} from '../../domain/calendar/index.js';
import type { Config } from '../config.js';
import { configOrExit } from './configOrExit.js';
import { OperatorError } from './failure.js';
import { calendarSettingsOf } from '../schoolCalendar.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;


/** The operator's words for why a day is off. */
export function describeDayOff(reason: DayOffReason): string {
  switch (reason.kind) {
    case 'holiday':
      return `public holiday: ${reason.name}`;
    case 'transfer':
      return `official day off: ${reason.note}`;
    case 'schoolDayOff':
      return `school's day off: ${reason.name}`;
    case 'vacation':
      return `vacation: ${reason.name} (${reason.from} – ${reason.to})`;
    case 'weekend':
      return 'weekend';
    default: {
      const never: never = reason;
      return never;
    }
  }
}

const describeSettings = (calendar: SchoolCalendar) =>
  `${calendar.zone}, ${calendar.week}-day week, school hours ${formatMinute(calendar.hours.open)}–${formatMinute(calendar.hours.close)}`;

/** A month as the operator reads it: a grid with days off in brackets, then the reasons. */
export function formatMonth(calendar: SchoolCalendar, month: string): string {
  const dates = datesOfMonth(month);
  const title = DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).setLocale('en').toFormat('LLLL yyyy');
  const lines = [`${title} — ${describeSettings(calendar)}`, WEEKDAYS.map((day) => day.padStart(5)).join('')];
  let row = ' '.repeat(5 * (weekdayOf(dates[0]!) - 1));
  for (const date of dates) {
    const day = String(Number(date.slice(8)));
    row += (dayOffReason(calendar, date) ? `(${day})` : `${day} `).padStart(5);
    if (weekdayOf(date) === 7) {
      lines.push(row.trimEnd());
      row = '';
    }
  }
  if (row !== '') lines.push(row.trimEnd());
  lines.push('(n): no school that day');
  const notable = dates.flatMap((date) => {
    const reason = dayOffReason(calendar, date);
    const weekday = WEEKDAYS[weekdayOf(date) - 1]!;
    if (reason && reason.kind !== 'weekend') return [`  ${date} ${weekday}  ${describeDayOff(reason)}`];
    const working = workingWeekendNote(calendar, date);
    if (working !== undefined) return [`  ${date} ${weekday}  working day: ${working}`];
    return [];
  });
  lines.push(notable.length > 0 ? 'Days off other than weekends, and working weekend days:' : 'No days off other than weekends.', ...notable);
  const schoolDays = dates.filter((date) => schoolHoursOn(calendar, date) !== undefined);
  const hours = schoolDays.reduce((sum, date) => {
    const open = schoolHoursOn(calendar, date)!;
    return sum + (open.close - open.open) / 3_600_000;
  }, 0);
  lines.push(`${schoolDays.length} school days, ${Math.round(hours * 10) / 10} hours of school time.`);
  const official = officialYear(calendar, Number(month.slice(0, 4)));
  if (!official.known) {
    lines.push(`Note: no official transfers of days off are shipped for ${month.slice(0, 4)}; public holidays are shown, transfers are not (docs/calendar.md).`);
  } else if (!official.verified) {
    lines.push(`Note: the official transfers for ${month.slice(0, 4)} are not verified against the Government decree (${official.source}; docs/calendar.md).`);
  }
  return lines.join('\n');
}

/** The one line `calendar check` prints for a good file. */
export function checkSummary(loaded: Extract<LoadedCalendar, { ok: true }>, path: string): string {
  const { days, calendar } = loaded;
  const file = loaded.fileFound
    ? `${path}: OK, ${days.vacations.length} vacation(s), ${days.daysOff.length} day(s) off, ${days.workingDays.length} working day(s)`
    : `${path}: no such file, so no vacations or days of the school's own (start from calendar.example.yaml)`;
  const years = OFFICIAL_TRANSFERS.map((year) => `${year.year} ${year.verified ? 'checked' : 'NOT verified'}`).join(', ');
  return `${file}; ${describeSettings(calendar)}; official transfers: ${years}`;
}

async function loadOrReport(config: Config): Promise<Extract<LoadedCalendar, { ok: true }> | undefined> {
  const loaded = await loadSchoolCalendar(calendarFileAt(config.SCHOOL_CALENDAR_FILE), calendarSettingsOf(config));
  if (loaded.ok) return loaded;
  for (const problem of loaded.problems) console.error(problem);
  console.error(`calendar: ${loaded.problems.length} problem(s) in ${config.SCHOOL_CALENDAR_FILE} to fix (SCHOOL_CALENDAR_FILE; see calendar.example.yaml)`);
  process.exitCode = 1;
  return undefined;
}

export function registerCalendarCommand(program: Command): void {
  const calendar = program.command('calendar').description('the school calendar: school days, hours, holidays and vacations');

  calendar
    .command('show')
    .description('print a month of the school calendar with each day off and its reason')
    .option('--month <YYYY-MM>', 'the month (default: this month in the school time zone)')
    .action(async (options: { month?: string }) => {
      const config = configOrExit();
      const month = options.month?.trim() ?? DateTime.fromJSDate(systemClock.now(), { zone: config.SCHOOL_TIMEZONE }).toFormat('yyyy-MM');
      if (!MONTH.test(month)) throw new OperatorError(`calendar show: --month ${month} is not a month (write YYYY-MM, for example 2027-01)`);
      const loaded = await loadOrReport(config);
      if (loaded) console.log(formatMonth(loaded.calendar, month));
    });

  calendar
    .command('check')
    .description('validate the school calendar file (SCHOOL_CALENDAR_FILE): one line per problem, exit 1 if any')
    .action(async () => {
      const config = configOrExit();
      const loaded = await loadOrReport(config);
      if (loaded) console.log(checkSummary(loaded, config.SCHOOL_CALENDAR_FILE));
    });
}
