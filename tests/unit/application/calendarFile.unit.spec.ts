// The school's calendar file: what a good file gives, and one line per problem with its place for a bad one.
import { describe, expect, it } from 'vitest';
import { loadSchoolCalendar, parseCalendarFile } from '../../../application/calendar/calendarFile.js';
import { dayOffReason, isSchoolDay } from '../../../domain/calendar/index.js';

const settings = { zone: 'Europe/Moscow', week: 5 as const, hours: { open: 480, close: 1080 } };

describe('the calendar file', () => {
  it('an empty file or a file with empty lists has no vacations', () => {
    expect(parseCalendarFile('', 'calendar.yaml')).toEqual({ ok: true, days: { vacations: [], daysOff: [], workingDays: [] } });
    expect(parseCalendarFile('vacations:\ndays_off: []\n', 'calendar.yaml')).toMatchObject({ ok: true, days: { vacations: [] } });
  });

  it('accepts quoted and unquoted dates and trims names', () => {
    const parsed = parseCalendarFile('vacations:\n  - { name: " Весенние каникулы ", from: "2027-03-22", to: 2027-03-31 }\n', 'c.yaml');
    expect(parsed).toEqual({
      ok: true,
      days: { vacations: [{ name: 'Весенние каникулы', from: '2027-03-22', to: '2027-03-31' }], daysOff: [], workingDays: [] },
    });
  });

  it('names a vacation that ends before it starts, and a date both off and working', () => {
    const text = [
      'vacations:',
      '  - name: Весенние каникулы',
      '    from: 2027-03-31',
      '    to: 2027-03-22',
      'days_off:',
      '  - { date: 2027-01-16, name: День }',
      'working_days:',
      '  - { date: 2027-01-16, name: Отработка }',
    ].join('\n');
    expect(parseCalendarFile(text, 'c.yaml')).toEqual({
      ok: false,
      problems: [
        'c.yaml:2: vacations[0]: starts (2027-03-31) after it ends (2027-03-22)',
        'c.yaml:8: working_days[0].date: 2027-01-16 is also in days_off',
      ],
    });
  });

  it('lists a reversed vacation with the other problems, in the order of the file', () => {
    const text = [
      'vacations:',
      '  - name: ""',
      '    from: 2027-03-31',
      '    to: 2027-03-22',
      'days_off:',
      '  - { date: 2027-02-30, name: День }',
    ].join('\n');
    expect(parseCalendarFile(text, 'c.yaml')).toEqual({
      ok: false,
      problems: [
        'c.yaml:2: vacations[0].name: needs a name (for example "Осенние каникулы")',
        'c.yaml:2: vacations[0]: starts (2027-03-31) after it ends (2027-03-22)',
        'c.yaml:6: days_off[0].date: 2027-02-30 is not a date (write YYYY-MM-DD, for example 2026-11-03)',
      ],
    });
  });

  it('names a list that is not a list and a top level that is not a mapping', () => {
    expect(parseCalendarFile('vacations: 5', 'c.yaml')).toEqual({ ok: false, problems: ['c.yaml:1: vacations: must be a list (each entry starting with "- ")'] });
    expect(parseCalendarFile('- 1', 'c.yaml')).toEqual({ ok: false, problems: ['c.yaml: must be a mapping with vacations, days_off and working_days'] });
  });

  it('loads into a calendar: a missing file is a calendar without vacations', async () => {
    const absent = await loadSchoolCalendar({ path: 'calendar.yaml', read: async () => undefined }, settings);
    expect(absent).toMatchObject({ ok: true, fileFound: false });
    const present = await loadSchoolCalendar(
      { path: 'calendar.yaml', read: async () => 'vacations:\n  - { name: Осенние каникулы, from: 2026-10-26, to: 2026-11-03 }\n' },
      settings,
    );
    if (!present.ok || !absent.ok) throw new Error('expected both to load');
    expect(isSchoolDay(absent.calendar, '2026-10-27')).toBe(true);
    expect(dayOffReason(present.calendar, '2026-10-27')).toMatchObject({ kind: 'vacation', name: 'Осенние каникулы' });
  });
});
