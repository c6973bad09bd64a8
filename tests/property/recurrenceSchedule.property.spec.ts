// Invariants of a recurring order's occurrences on random calendars: never on a day off or in a vacation,
// strictly later one after another, and none skipped — walking `nextOccurrence` from the last one finds every
// nominal date the calendar keeps (moved or not), and a catch-up from any point finds the same ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { instantAt, isSchoolDay, plusDays, schoolCalendar } from '../../domain/calendar/index.js';
import type { Occurrence, RecurrenceSchedule } from '../../domain/recurrence/schedule.js';
import { isNominal, nextOccurrence, occurrenceOf } from '../../domain/recurrence/schedule.js';

const START = '2026-09-01';
const DAYS = 90;
const isoDate = fc.integer({ min: 0, max: DAYS }).map((n) => plusDays(START, n));

const calendarArb: fc.Arbitrary<SchoolCalendar> = fc
  .record({
    week: fc.constantFrom(5 as const, 6 as const),
    vacations: fc.array(fc.tuple(isoDate, fc.integer({ min: 0, max: 20 })), { maxLength: 3 }),
    daysOff: fc.array(isoDate, { maxLength: 5 }),
  })
  .map((spec) =>
    schoolCalendar({
      zone: 'Europe/Moscow',
      week: spec.week,
      hours: { open: 480, close: 1080 },
      vacations: spec.vacations.map(([from, length], i) => ({ name: `v${i}`, from, to: plusDays(from, length) })),
      extraDaysOff: spec.daysOff.map((date) => ({ date, name: 'off' })),
    }),
  );

const scheduleArb: fc.Arbitrary<RecurrenceSchedule> = fc.record({
  rule: fc.oneof(
    fc.constant({ kind: 'schoolDays' as const }),
    fc.record({
      kind: fc.constant('weekly' as const),
      weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 }),
      everyWeeks: fc.integer({ min: 1, max: 3 }),
      anchor: isoDate,
    }),
    fc.record({ kind: fc.constant('monthly' as const), day: fc.integer({ min: 1, max: 31 }) }),
  ),
  minute: fc.integer({ min: 7 * 60, max: 12 * 60 }),
  onDayOff: fc.constantFrom('next' as const, 'skip' as const),
  deadline: fc.record({ days: fc.integer({ min: 0, max: 3 }), minute: fc.constant(17 * 60) }),
});

const begin = instantAt(START, 0, 'Europe/Moscow');
const end = plusDays(START, DAYS);

/** Every occurrence from the start, walking nextOccurrence from the last one. */
function walk(schedule: RecurrenceSchedule, calendar: SchoolCalendar, from: string | null = null, notBefore = begin): Occurrence[] {
  const found: Occurrence[] = [];
  let last = from;
  for (;;) {
    const next = nextOccurrence(schedule, calendar, last, notBefore);
    if (!next || next.nominal > end) return found;
    found.push(next);
    last = next.nominal;
  }
}

describe('recurring order occurrences on the school calendar', () => {
  it('happen only on school days, each later than the one before, with the deadline after the issue', () => {
    fc.assert(
      fc.property(calendarArb, scheduleArb, (calendar, schedule) => {
        const occurrences = walk(schedule, calendar);
        for (const [i, o] of occurrences.entries()) {
          expect(isSchoolDay(calendar, o.date)).toBe(true);
          expect(o.date >= o.nominal).toBe(true);
          expect(o.deadline).toBeGreaterThan(o.at);
          if (i > 0) {
            expect(o.nominal > occurrences[i - 1]!.nominal).toBe(true);
            expect(o.date > occurrences[i - 1]!.date).toBe(true);
            expect(o.at).toBeGreaterThan(occurrences[i - 1]!.at);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('skip none: every nominal date the calendar keeps is an occurrence, and those it drops are skipped or merged', () => {
    fc.assert(
      fc.property(calendarArb, scheduleArb, (calendar, schedule) => {
        const occurrences = walk(schedule, calendar);
        const byNominal = new Set(occurrences.map((o) => o.nominal));
        for (let day = START; day <= end; day = plusDays(day, 1)) {
          if (!isNominal(schedule.rule, calendar, day)) continue;
          const kept = occurrenceOf(schedule, calendar, day);
          expect(byNominal.has(day)).toBe(kept !== undefined);
          // Only a day off ever drops an occurrence; with `next` only when the following one comes first.
          if (kept === undefined) expect(isSchoolDay(calendar, day)).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a catch-up from any recorded occurrence finds exactly the occurrences after it', () => {
    fc.assert(
      fc.property(calendarArb, scheduleArb, fc.nat(), (calendar, schedule, pick) => {
        const all = walk(schedule, calendar);
        if (all.length === 0) return;
        const cut = pick % all.length;
        expect(walk(schedule, calendar, all[cut]!.nominal)).toEqual(all.slice(cut + 1));
      }),
      { numRuns: 25 },
    );
  });
});
