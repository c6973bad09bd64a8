// The school calendar on concrete Russian dates: the holidays, the official transfers of 2026 (and what is known
// of 2027), the school's vacations, and school time across them. Instants are given, never read from a clock.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  addSchoolDays,
  dateAt,
  addSchoolTime,
  dayOffReason,
  isSchoolDay,
  isSchoolTime,
  nextSchoolMoment,
  officialYear,
  roundTheClockCalendar,
  schoolCalendar,
  schoolTimeBetween,
  workingWeekendNote,
} from '../../../domain/calendar/index.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
// Moscow is UTC+3 all year: 08:00 there is 05:00Z.
const msk = (local: string) => at(`${local}+03:00`);

const calendar = schoolCalendar({
  zone: 'Europe/Moscow',
  week: 5,
  hours: { open: 8 * 60, close: 18 * 60 },
  vacations: [
    { name: 'Осенние каникулы', from: '2026-10-24', to: '2026-11-02' },
    { name: 'Зимние каникулы', from: '2026-12-29', to: '2027-01-10' },
  ],
  extraDaysOff: [{ date: '2026-12-14', name: 'Санитарный день' }],
  extraWorkingDays: [{ date: '2026-12-19', name: 'Отработка за 14 декабря' }],
});

const offDays = (from: string, to: string) => {
  const days: string[] = [];
  for (let t = at(`${from}T12:00:00Z`); t <= at(`${to}T12:00:00Z`); t += 24 * HOUR) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (!isSchoolDay(calendar, date)) days.push(date);
  }
  return days;
};

describe('public holidays and official transfers', () => {
  it('1–8 January 2027 are public holidays (in the winter vacation, the holiday is the reason given)', () => {
    for (let day = 1; day <= 8; day += 1) {
      const date = `2027-01-0${day}`;
      expect(isSchoolDay(calendar, date), date).toBe(false);
      expect(dayOffReason(calendar, date)?.kind, date).toBe('holiday');
    }
    expect(dayOffReason(calendar, '2027-01-07')).toEqual({ kind: 'holiday', name: 'Рождество Христово' });
    expect(dayOffReason(calendar, '2027-01-01')).toEqual({ kind: 'holiday', name: 'Новогодние каникулы' });
  });

  it('23 February, 8 March and 4 November are days off with their names', () => {
    expect(dayOffReason(calendar, '2027-02-23')).toEqual({ kind: 'holiday', name: 'День защитника Отечества' });
    expect(dayOffReason(calendar, '2027-03-08')).toEqual({ kind: 'holiday', name: 'Международный женский день' });
    expect(dayOffReason(calendar, '2026-11-04')).toEqual({ kind: 'holiday', name: 'День народного единства' });
    expect(dayOffReason(calendar, '2027-11-04')).toEqual({ kind: 'holiday', name: 'День народного единства' });
    expect(isSchoolDay(calendar, '2027-02-22')).toBe(true);
    expect(isSchoolDay(calendar, '2027-02-24')).toBe(true);
  });

  it('2026 by decree No. 1466: 1–11 January, 21–23 February, 7–9 March, 1–3 and 9–11 May, 12–14 June, 31 December off', () => {
    const plain = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });
    const off = (from: string, to: string) => {
      const days: string[] = [];
      for (let t = at(`${from}T12:00:00Z`); t <= at(`${to}T12:00:00Z`); t += 24 * HOUR) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (!isSchoolDay(plain, date)) days.push(date);
      }
      return days;
    };
    expect(off('2026-01-01', '2026-01-13')).toEqual([
      '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05', '2026-01-06',
      '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11',
    ]);
    expect(dayOffReason(plain, '2026-01-09')).toEqual({ kind: 'transfer', note: 'перенос выходного с 3 января' });
    expect(off('2026-02-20', '2026-02-24')).toEqual(['2026-02-21', '2026-02-22', '2026-02-23']);
    expect(off('2026-03-06', '2026-03-10')).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(off('2026-04-30', '2026-05-12')).toEqual([
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-09', '2026-05-10', '2026-05-11',
    ]);
    expect(off('2026-06-11', '2026-06-15')).toEqual(['2026-06-12', '2026-06-13', '2026-06-14']);
    expect(off('2026-11-03', '2026-11-05')).toEqual(['2026-11-04']);
    expect(off('2026-12-28', '2026-12-31')).toEqual(['2026-12-31']);
    expect(dayOffReason(plain, '2026-12-31')).toEqual({ kind: 'transfer', note: 'перенос выходного с 4 января' });
    expect(officialYear(plain, 2026)).toMatchObject({ known: true, verified: true });
  });

  it('2027: the May holidays and 12 June move to the Monday after (art. 112); the year is marked as not verified', () => {
    const plain = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });
    for (const date of ['2027-05-01', '2027-05-02', '2027-05-03', '2027-05-09', '2027-05-10', '2027-06-12', '2027-06-14']) {
      expect(isSchoolDay(plain, date), date).toBe(false);
    }
    expect(isSchoolDay(plain, '2027-05-04')).toBe(true);
    expect(isSchoolDay(plain, '2027-05-11')).toBe(true);
    expect(officialYear(plain, 2027)).toMatchObject({ known: true, verified: false });
    expect(officialYear(plain, 2028)).toEqual({ known: false, verified: false });
  });

  it('a six-day school works on Saturdays and rests on Sundays; the five-day transfers are not applied to it', () => {
    const six = schoolCalendar({ zone: 'Europe/Moscow', week: 6, hours: { open: 480, close: 1080 } });
    expect(isSchoolDay(six, '2026-12-05')).toBe(true);
    expect(dayOffReason(six, '2026-12-06')).toEqual({ kind: 'weekend', weekday: 7 });
    expect(isSchoolDay(six, '2026-01-09')).toBe(true);
  });

  it('official transfers given to the calendar make a Saturday a working day and a weekday a day off', () => {
    const custom = schoolCalendar({
      zone: 'Europe/Moscow',
      week: 5,
      hours: { open: 480, close: 1080 },
      transfers: [
        {
          year: 2030,
          daysOff: [{ date: '2030-03-11', note: 'перенос выходного с 2 марта' }],
          workingDays: [{ date: '2030-03-02', note: 'рабочая суббота' }],
          source: 'test',
          verified: true,
        },
      ],
    });
    expect(isSchoolDay(custom, '2030-03-02')).toBe(true);
    expect(workingWeekendNote(custom, '2030-03-02')).toBe('рабочая суббота');
    expect(dayOffReason(custom, '2030-03-11')).toEqual({ kind: 'transfer', note: 'перенос выходного с 2 марта' });
  });
});

describe("the school's own days", () => {
  it('vacations, an extra day off and a make-up Saturday', () => {
    expect(dayOffReason(calendar, '2026-10-27')).toEqual({
      kind: 'vacation',
      name: 'Осенние каникулы',
      from: '2026-10-24',
      to: '2026-11-02',
    });
    expect(isSchoolDay(calendar, '2026-11-03')).toBe(true);
    expect(dayOffReason(calendar, '2026-12-14')).toEqual({ kind: 'schoolDayOff', name: 'Санитарный день' });
    expect(isSchoolDay(calendar, '2026-12-19')).toBe(true);
    expect(workingWeekendNote(calendar, '2026-12-19')).toBe('Отработка за 14 декабря');
    expect(dayOffReason(calendar, '2026-12-20')).toEqual({ kind: 'weekend', weekday: 7 });
    expect(offDays('2026-12-28', '2027-01-12')).toEqual([
      '2026-12-29', '2026-12-30', '2026-12-31',
      '2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04', '2027-01-05',
      '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09', '2027-01-10',
    ]);
  });
});

describe('school time', () => {
  it('is counted only in school hours: Friday 17:00 to Monday 09:00 is two hours', () => {
    expect(schoolTimeBetween(calendar, msk('2026-12-04T17:00'), msk('2026-12-07T09:00'))).toBe(2 * HOUR);
    expect(schoolTimeBetween(calendar, msk('2026-12-07T09:00'), msk('2026-12-04T17:00'))).toBe(0);
  });

  it('counts nothing across the winter vacation and the New Year holidays', () => {
    expect(schoolTimeBetween(calendar, msk('2026-12-29T08:00'), msk('2027-01-10T23:59'))).toBe(0);
    expect(schoolTimeBetween(calendar, msk('2026-12-28T17:00'), msk('2027-01-11T09:00'))).toBe(2 * HOUR);
  });

  it('the next school moment of a night, a holiday and a closing is the next opening; school time is itself', () => {
    expect(nextSchoolMoment(calendar, msk('2026-12-03T03:00'))).toBe(msk('2026-12-03T08:00'));
    expect(nextSchoolMoment(calendar, msk('2026-12-03T18:00'))).toBe(msk('2026-12-04T08:00'));
    expect(nextSchoolMoment(calendar, msk('2026-12-03T11:15'))).toBe(msk('2026-12-03T11:15'));
    expect(nextSchoolMoment(calendar, msk('2027-01-01T10:00'))).toBe(msk('2027-01-11T08:00'));
    expect(isSchoolTime(calendar, msk('2026-12-03T08:00'))).toBe(true);
    expect(isSchoolTime(calendar, msk('2026-12-03T18:00'))).toBe(false);
  });

  it('adding school time skips nights and days off; a span ending at closing lands at the next opening', () => {
    expect(addSchoolTime(calendar, msk('2026-12-04T16:00'), 4 * HOUR)).toBe(msk('2026-12-07T10:00'));
    expect(addSchoolTime(calendar, msk('2026-12-04T16:00'), 2 * HOUR)).toBe(msk('2026-12-07T08:00'));
    expect(addSchoolTime(calendar, msk('2026-12-28T17:00'), 2 * HOUR)).toBe(msk('2027-01-11T09:00'));
    expect(() => addSchoolTime(calendar, 0, -1)).toThrow(RangeError);
  });

  it('"через 3 рабочих дня" said on a Wednesday lands on Monday at the same time, held within school hours', () => {
    expect(addSchoolDays(calendar, msk('2026-12-02T14:00'), 3)).toBe(msk('2026-12-07T14:00'));
    expect(addSchoolDays(calendar, msk('2026-12-02T21:30'), 3)).toBe(msk('2026-12-07T18:00'));
    // Said on a Saturday, one school day on is Monday.
    expect(addSchoolDays(calendar, msk('2026-12-05T06:00'), 1)).toBe(msk('2026-12-07T08:00'));
    // From Friday 25 December 2026 two school days reach past the vacation: Monday 28, then 11 January.
    expect(addSchoolDays(calendar, msk('2026-12-25T12:00'), 2)).toBe(msk('2027-01-11T12:00'));
    expect(addSchoolDays(calendar, msk('2026-12-06T12:00'), 0)).toBe(msk('2026-12-07T12:00'));
  });

  it('follows the school zone: Yekaterinburg opens two hours before Moscow', () => {
    const ekb = schoolCalendar({ zone: 'Asia/Yekaterinburg', week: 5, hours: { open: 480, close: 1080 } });
    expect(nextSchoolMoment(ekb, at('2026-12-03T00:00:00Z'))).toBe(at('2026-12-03T03:00:00Z'));
  });

  it('a school open until midnight (close 24:00) counts the evening', () => {
    const late = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 20 * 60, close: 24 * 60 } });
    expect(schoolTimeBetween(late, msk('2026-12-03T00:00'), msk('2026-12-04T00:00'))).toBe(4 * HOUR);
    expect(isSchoolTime(late, msk('2026-12-03T23:59'))).toBe(true);
    expect(nextSchoolMoment(late, msk('2026-12-04T00:00'))).toBe(msk('2026-12-04T20:00'));
  });

  it('refuses hours that close before they open', () => {
    expect(() => schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 1080, close: 480 } })).toThrow(RangeError);
  });
});

describe('the round-the-clock calendar (a policy that ignores the calendar)', () => {
  const always = roundTheClockCalendar('Europe/Moscow');

  it('has no day off: Sundays, 1 January and 9 May are school days', () => {
    for (const date of ['2026-11-29', '2027-01-01', '2027-05-09']) expect(dayOffReason(always, date)).toBeUndefined();
  });

  it('counts every millisecond as school time', () => {
    const sundayNight = Date.parse('2026-11-29T00:30:00Z');
    expect(isSchoolTime(always, sundayNight)).toBe(true);
    expect(schoolTimeBetween(always, sundayNight, sundayNight + 36 * HOUR)).toBe(36 * HOUR);
    expect(addSchoolTime(always, sundayNight, 5 * HOUR)).toBe(sundayNight + 5 * HOUR);
  });
});

describe('dateAt, remembered by quarter hour', () => {
  // Quarter-hour offsets, half-hour DST, DST at midnight, and the school's own zones: every 29 minutes of a year,
  // asked twice (the second time from what it remembered), against luxon directly.
  const zones = ['Europe/Moscow', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/Santiago', 'America/St_Johns', 'Europe/Berlin'];
  it.each(zones)('agrees with luxon in %s', (zone) => {
    const from = Date.parse('2025-12-31T00:00:00Z');
    const to = Date.parse('2027-01-02T00:00:00Z');
    for (let pass = 0; pass < 2; pass += 1) {
      for (let at = from + pass * 60_001; at < to; at += 29 * 60_000) {
        const expected = DateTime.fromMillis(at, { zone }).toISODate();
        if (dateAt(at, zone) !== expected) expect(`${new Date(at).toISOString()} ${dateAt(at, zone)}`).toBe(`${new Date(at).toISOString()} ${expected}`);
      }
    }
  });
});
