// Cross-check of the shipped table against the date-holidays package: every public holiday it knows for Russia
// in the years the table covers is a day off in a five-day school calendar. (The package has no decree
// transfers, so it cannot check those; docs/calendar.md says where they come from.)
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { OFFICIAL_TRANSFERS, dayOffReason, plusDays, russianHolidays, schoolCalendar } from '../../../domain/calendar/index.js';

const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });

describe('the Russian holidays table', () => {
  for (const { year } of OFFICIAL_TRANSFERS) {
    it(`${year}: every public holiday date-holidays lists for RU is a day off`, () => {
      const listed = new Holidays('RU')
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .flatMap((holiday) => {
          // Each entry spans [start, end) in Moscow time; its `date` is the local first day.
          const first = holiday.date.slice(0, 10);
          const days = Math.round((holiday.end.getTime() - holiday.start.getTime()) / 86_400_000);
          return Array.from({ length: days }, (_, i) => ({ date: plusDays(first, i), name: holiday.name }));
        });
      expect(listed.length).toBeGreaterThanOrEqual(14);
      const notOff = listed.filter(({ date }) => dayOffReason(calendar, date) === undefined);
      expect(notOff).toEqual([]);
      // And each of ours is one of theirs, or a Saturday/Sunday-shift they know.
      const theirs = new Set(listed.map(({ date }) => date));
      expect([...russianHolidays(year).keys()].filter((date) => !theirs.has(date))).toEqual([]);
    });
  }
});
