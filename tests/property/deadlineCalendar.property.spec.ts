// Properties of deadlines on the school calendar (issue 14): a deadline the parser lands on by counting school
// days or taking the end of a period is always school time; the alternative the echo offers for any other
// deadline is always school time and still ahead; so nothing lands on a day off unless the person keeps it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseDeadline } from '../../adapters/telegram/deadline.js';
import { deadlineAdvice, deadlineExamples, withinSchoolHours } from '../../adapters/telegram/deadline/echo.js';
import { dateAt, isSchoolDay, plusDays, schoolCalendar, type SchoolCalendar } from '../../domain/calendar/index.js';

const ZONE = 'Europe/Moscow';
const START = '2026-01-01';

/** A school with its own hours, week and vacations (a few, up to three weeks long) over 2026–2028. */
const calendar: fc.Arbitrary<SchoolCalendar> = fc
  .record({
    week: fc.constantFrom(5 as const, 6 as const),
    open: fc.integer({ min: 6 * 2, max: 10 * 2 }).map((half) => half * 30),
    close: fc.integer({ min: 14 * 2, max: 21 * 2 }).map((half) => half * 30),
    vacations: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 365 }), fc.integer({ min: 0, max: 20 })), { maxLength: 6 }),
  })
  .map(({ week, open, close, vacations }) =>
    schoolCalendar({
      zone: ZONE,
      week,
      hours: { open, close },
      vacations: vacations.map(([start, length], i) => ({
        name: i % 2 ? 'Осенние каникулы' : 'Дополнительные каникулы',
        from: plusDays(START, start),
        to: plusDays(START, start + length),
      })),
    }),
  );
const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-06-30T00:00:00Z') }).map((ms) => new Date(ms));

const SCHOOL_PHRASES = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((n) => `через ${n} рабочих дней`),
  fc.constantFrom('через рабочий день', 'до конца недели', 'к концу месяца', 'до конца квартала', 'до конца года', 'к концу четверти'),
);
const ANY_PHRASES = fc.oneof(
  SCHOOL_PHRASES,
  fc.constantFrom('сегодня', 'завтра', 'послезавтра', 'в пятницу', 'в субботу', 'к воскресенью', 'в следующую среду', 'завтра утром', 'сегодня вечером', 'в обед', 'через полчаса', 'через 1,5 часа'),
  fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 })).map(([d, m]) => `${d}/${m}`),
  fc.tuple(fc.constantFrom('завтра', 'в понедельник', '1 января', '23.02', '8 марта'), fc.integer({ min: 0, max: 23 })).map(([day, h]) => `${day} в ${h}:00`),
  fc.integer({ min: 1, max: 72 }).map((n) => `через ${n} часов`),
);

describe('deadlines on the school calendar', () => {
  it('phrases that count school days or end a period land on school time', () => {
    fc.assert(
      fc.property(calendar, instant, SCHOOL_PHRASES, (cal, now, phrase) => {
        const result = parseDeadline(phrase, now, ZONE, { calendar: cal });
        if (!result.ok) {
          expect(['in_past', 'too_far', 'no_term_end']).toContain(result.error);
          return;
        }
        expect(isSchoolDay(cal, dateAt(result.at.getTime(), ZONE))).toBe(true);
        expect(withinSchoolHours(cal, result.at.getTime())).toBe(true);
        expect(result.at.getTime()).toBeGreaterThan(now.getTime());
      }),
      { numRuns: 800 },
    );
  });

  it('a deadline outside school time is always offered a school-time alternative still ahead; one inside gets no warning', () => {
    fc.assert(
      fc.property(calendar, instant, ANY_PHRASES, (cal, now, phrase) => {
        const result = parseDeadline(phrase, now, ZONE, { calendar: cal });
        const chosen = result.ok ? [result.at] : result.error === 'ambiguous' ? result.candidates.map((c) => c.at) : [];
        for (const at of chosen) {
          expect(at.getTime()).toBeGreaterThan(now.getTime());
          const advice = deadlineAdvice(at, now, cal);
          const inside = withinSchoolHours(cal, at.getTime());
          expect(advice === undefined).toBe(inside);
          // What the wizard settles on unless the person presses "keep": the deadline itself or the alternative.
          const settled = advice ? advice.alternative : at;
          expect(isSchoolDay(cal, dateAt(settled.getTime(), ZONE))).toBe(true);
          expect(withinSchoolHours(cal, settled.getTime())).toBe(true);
          expect(settled.getTime()).toBeGreaterThan(now.getTime());
        }
      }),
      { numRuns: 1200 },
    );
  });

  it('an alternative to a deadline on a day off is never later than the next school day\'s end', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 60 }), (cal, now, days) => {
        const local = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').plus({ days });
        const date = local.toISODate()!;
        if (isSchoolDay(cal, date)) return;
        const at = local.set({ hour: 12 }).toJSDate();
        const advice = deadlineAdvice(at, now, cal);
        expect(advice).toBeDefined();
        // The previous school day's end when still ahead, else the next opening: never past the next school day.
        const next = DateTime.fromJSDate(advice!.alternative, { zone: ZONE }).toISODate()!;
        expect(next <= nextSchoolDayAfter(cal, date)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('the examples in a refusal are read at that moment, without a question and on school time', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, now) => {
        const examples = deadlineExamples(now, ZONE, cal);
        // The next school day's date and "через 3 рабочих дня" are always among them.
        expect(examples.length).toBeGreaterThanOrEqual(2);
        for (const example of examples) {
          const result = parseDeadline(example, now, ZONE, { calendar: cal });
          expect(result.ok).toBe(true);
          if (result.ok) expect(withinSchoolHours(cal, result.at.getTime())).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function nextSchoolDayAfter(cal: SchoolCalendar, date: string): string {
  let day = plusDays(date, 1);
  while (!isSchoolDay(cal, day)) day = plusDays(day, 1);
  return day;
}
