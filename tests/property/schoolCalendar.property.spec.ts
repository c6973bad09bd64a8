// Invariants of school time on random calendars and instants: never negative, additive, never counting a day
// off, addSchoolTime undoing schoolTimeBetween, nextSchoolMoment idempotent and in school time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import {
  addSchoolDays,
  addSchoolTime,
  dateAt,
  instantAt,
  isSchoolDay,
  isSchoolTime,
  nextSchoolMoment,
  plusDays,
  schoolCalendar,
  schoolTimeBetween,
} from '../../domain/calendar/index.js';

const FROM = Date.parse('2025-12-01T00:00:00Z');
const TO = Date.parse('2028-02-01T00:00:00Z');
const instant = fc.integer({ min: FROM, max: TO });
/** Up to about two months: long enough to cross holidays and vacations, short enough to stay quick. */
const span = fc.integer({ min: 0, max: 60 * 24 * 3_600_000 });
const isoDate = fc.integer({ min: 0, max: 760 }).map((n) => plusDays('2025-12-01', n));

const calendarArb: fc.Arbitrary<SchoolCalendar> = fc
  .record({
    zone: fc.constantFrom('Europe/Moscow', 'Asia/Yekaterinburg', 'Europe/Kaliningrad', 'Asia/Vladivostok', 'Europe/Berlin'),
    week: fc.constantFrom(5 as const, 6 as const),
    open: fc.integer({ min: 6 * 60, max: 12 * 60 }),
    // Opening after 10:00 with a long day closes at 24:00 (clamped below).
    length: fc.integer({ min: 30, max: 14 * 60 }),
    vacations: fc.array(fc.tuple(isoDate, fc.integer({ min: 0, max: 20 })), { maxLength: 4 }),
    daysOff: fc.array(isoDate, { maxLength: 5 }),
    workingDays: fc.array(isoDate, { maxLength: 3 }),
  })
  .map((spec) =>
    schoolCalendar({
      zone: spec.zone,
      week: spec.week,
      hours: { open: spec.open, close: Math.min(spec.open + spec.length, 24 * 60) },
      vacations: spec.vacations.map(([from, days], i) => ({ name: `каникулы ${i}`, from, to: plusDays(from, days) })),
      extraDaysOff: spec.daysOff.map((date) => ({ date, name: 'день' })),
      extraWorkingDays: spec.workingDays.map((date) => ({ date, name: 'отработка' })),
    }),
  );

describe('school time', () => {
  it('is never negative, and is 0 when b is not after a', () => {
    fc.assert(
      fc.property(calendarArb, instant, instant, (calendar, a, b) => {
        const between = schoolTimeBetween(calendar, a, b);
        expect(between).toBeGreaterThanOrEqual(0);
        if (b <= a) expect(between).toBe(0);
        else expect(between).toBeLessThanOrEqual(b - a);
      }),
    );
  });

  it('is additive: between(a, b) + between(b, c) = between(a, c) for a ≤ b ≤ c', () => {
    fc.assert(
      fc.property(calendarArb, instant, span, span, (calendar, a, x, y) => {
        const b = a + x;
        const c = b + y;
        expect(schoolTimeBetween(calendar, a, b) + schoolTimeBetween(calendar, b, c)).toBe(schoolTimeBetween(calendar, a, c));
      }),
    );
  });

  it('never counts a day off: any range within a day that is not a school day counts 0', () => {
    fc.assert(
      fc.property(calendarArb, isoDate, fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), (calendar, date, m1, m2) => {
        fc.pre(!isSchoolDay(calendar, date));
        const a = instantAt(date, Math.min(m1, m2), calendar.zone);
        const b = instantAt(date, Math.max(m1, m2), calendar.zone);
        expect(schoolTimeBetween(calendar, a, b)).toBe(0);
        // The whole day, midnight to midnight, too.
        expect(schoolTimeBetween(calendar, instantAt(date, 0, calendar.zone), instantAt(plusDays(date, 1), 0, calendar.zone))).toBe(0);
      }),
    );
  });

  it('addSchoolTime(a, between(a, b)) lands at the next school moment of b', () => {
    fc.assert(
      fc.property(calendarArb, instant, span, (calendar, a, x) => {
        const b = a + x;
        expect(addSchoolTime(calendar, a, schoolTimeBetween(calendar, a, b))).toBe(nextSchoolMoment(calendar, b));
      }),
    );
  });

  it('addSchoolTime adds exactly the school time asked for, and lands in school time', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 0, max: 200 * 3_600_000 }), (calendar, a, ms) => {
        const end = addSchoolTime(calendar, a, ms);
        expect(schoolTimeBetween(calendar, a, end)).toBe(ms);
        expect(isSchoolTime(calendar, end)).toBe(true);
      }),
      // Each run walks up to weeks of school days through luxon: fewer runs keep the suite quick.
      { numRuns: 40 },
    );
  });

  it('nextSchoolMoment is school time, not before the instant, idempotent, with no school time skipped', () => {
    fc.assert(
      fc.property(calendarArb, instant, (calendar, a) => {
        const next = nextSchoolMoment(calendar, a);
        expect(isSchoolTime(calendar, next)).toBe(true);
        expect(next).toBeGreaterThanOrEqual(a);
        expect(nextSchoolMoment(calendar, next)).toBe(next);
        expect(schoolTimeBetween(calendar, a, next)).toBe(0);
        if (isSchoolTime(calendar, a)) expect(next).toBe(a);
      }),
    );
  });

  it('addSchoolDays lands on a school day within school hours (closing included), N school days on', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 0, max: 15 }), (calendar, a, n) => {
        const due = addSchoolDays(calendar, a, n);
        const day = dateAt(due, calendar.zone);
        expect(isSchoolDay(calendar, day)).toBe(true);
        const open = instantAt(day, calendar.hours.open, calendar.zone);
        const close = instantAt(day, calendar.hours.close, calendar.zone);
        expect(due).toBeGreaterThanOrEqual(open);
        expect(due).toBeLessThanOrEqual(close);
        // School days strictly after a's date and up to the due date: exactly n.
        let count = 0;
        for (let d = plusDays(dateAt(a, calendar.zone), 1); d <= day; d = plusDays(d, 1)) if (isSchoolDay(calendar, d)) count += 1;
        expect(count).toBe(n > 0 || isSchoolDay(calendar, dateAt(a, calendar.zone)) ? n : 1);
      }),
    );
  });
});
