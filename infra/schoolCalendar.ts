// The school calendar the running processes use: SCHOOL_TIMEZONE, SCHOOL_WEEK, SCHOOL_HOURS and the school's
// calendar file (SCHOOL_CALENDAR_FILE), read once at start. A bad file stops the start with one line per problem,
// as `schoolbot calendar check` prints them.
import type { SchoolCalendar } from '../domain/calendar/index.js';
import type { CalendarSettings } from '../application/calendar/calendarFile.js';
import { loadSchoolCalendar } from '../application/calendar/calendarFile.js';
import { calendarFileAt } from '../adapters/files/calendarFile.js';
import type { Config } from './config.js';
import { OperatorError } from './cli/failure.js';

export type CalendarConfig = Pick<Config, 'SCHOOL_TIMEZONE' | 'SCHOOL_WEEK' | 'SCHOOL_HOURS' | 'SCHOOL_CALENDAR_FILE'>;

export const calendarSettingsOf = (config: Pick<Config, 'SCHOOL_TIMEZONE' | 'SCHOOL_WEEK' | 'SCHOOL_HOURS'>): CalendarSettings => ({
  zone: config.SCHOOL_TIMEZONE,
  week: config.SCHOOL_WEEK,
  hours: config.SCHOOL_HOURS,
});

/** The configured calendar, or an OperatorError listing each problem of the file on its own line. */
export async function loadConfiguredCalendar(config: CalendarConfig): Promise<SchoolCalendar> {
  const loaded = await loadSchoolCalendar(calendarFileAt(config.SCHOOL_CALENDAR_FILE), calendarSettingsOf(config));
  if (loaded.ok) return loaded.calendar;
  throw new OperatorError(
    [...loaded.problems, `schoolbot: fix the school calendar ${config.SCHOOL_CALENDAR_FILE} (SCHOOL_CALENDAR_FILE; \`schoolbot calendar check\`) and start again.`].join('\n'),
  );
}
