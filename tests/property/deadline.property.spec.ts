// Properties of the Russian deadline reader: never in the past, and right across DST changes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseDeadline } from '../../adapters/telegram/deadline.js';

const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Asia/Yekaterinburg'];
// 2024–2030, with extra weight on the hours around Berlin's DST changes.
const instant = fc.oneof(
  fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
  fc.constantFrom('2026-03-28T12:00:00Z', '2026-03-29T00:30:00Z', '2026-10-24T20:00:00Z', '2026-10-25T00:30:00Z').chain((iso) =>
    fc.integer({ min: -36 * 60, max: 36 * 60 }).map((m) => new Date(Date.parse(iso) + m * 60_000)),
  ),
);
const phrase = fc.oneof(
  fc.constantFrom('сегодня', 'завтра', 'послезавтра', 'в пятницу', 'в понедельник', 'до воскресенья', 'через день'),
  fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 })).map(([d, m]) => `${d}.${m}`),
  fc.tuple(fc.integer({ min: 1, max: 28 }), fc.constantFrom('января', 'марта', 'октября', 'декабря')).map(([d, m]) => `до ${d} ${m}`),
  fc.integer({ min: 1, max: 60 }).map((n) => `через ${n} дней`),
  fc.integer({ min: 1, max: 72 }).map((n) => `через ${n} часов`),
);
const time = fc.option(
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => ` в ${h}:${String(m).padStart(2, '0')}`),
  { nil: '' },
);

describe('parseDeadline properties', () => {
  it('never returns a moment that is not in the future', () => {
    fc.assert(
      fc.property(instant, phrase, time, fc.constantFrom(...ZONES), (now, p, t, zone) => {
        const input = p.startsWith('через') && p.endsWith('часов') ? p : p + t;
        const result = parseDeadline(input, now, zone);
        if (result.ok) expect(result.at.getTime()).toBeGreaterThan(now.getTime());
        else expect(['in_past', 'no_such_date']).toContain(result.error);
      }),
      { numRuns: 2000 },
    );
  });

  it('"через N часов" is N real hours, even across a DST change', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 72 }), fc.constantFrom(...ZONES), (now, hours, zone) => {
        const result = parseDeadline(`через ${hours} часов`, now, zone);
        expect(result.ok).toBe(true);
        const expected = Math.floor((now.getTime() + hours * 3_600_000) / 60_000) * 60_000;
        if (result.ok) expect(result.at.getTime()).toBe(expected);
      }),
    );
  });

  it('"завтра в HH:MM" is that wall-clock time on the next calendar day in the zone', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(...ZONES), (now, h, m, zone) => {
        const result = parseDeadline(`завтра в ${h}:${String(m).padStart(2, '0')}`, now, zone);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const at = DateTime.fromJSDate(result.at, { zone });
        const tomorrow = DateTime.fromJSDate(now, { zone }).startOf('day').plus({ days: 1 });
        expect(at.toISODate()).toBe(tomorrow.toISODate());
        // Inside a spring-forward gap the clock jumps ahead by the gap (one hour in these zones).
        const minutes = at.hour * 60 + at.minute;
        expect([h * 60 + m, h * 60 + m + 60]).toContain(minutes);
      }),
      { numRuns: 1000 },
    );
  });

  it('a weekday is the coming one: 1 to 7 days ahead, on that weekday', () => {
    const days = ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'];
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 6 }), fc.constantFrom(...ZONES), (now, index, zone) => {
        const result = parseDeadline(`в ${days[index]!}`, now, zone);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const at = DateTime.fromJSDate(result.at, { zone });
        const today = DateTime.fromJSDate(now, { zone }).startOf('day');
        expect(at.weekday).toBe(index + 1);
        const ahead = Math.round(at.startOf('day').diff(today, 'days').days);
        expect(ahead).toBeGreaterThanOrEqual(1);
        expect(ahead).toBeLessThanOrEqual(7);
        expect(at.hour).toBe(18);
      }),
    );
  });

  it('Berlin: "завтра в 12:00" on the day before DST starts is 23 real hours after noon', () => {
    const now = DateTime.fromISO('2026-03-28T12:00', { zone: 'Europe/Berlin' }).toJSDate();
    const result = parseDeadline('завтра в 12:00', now, 'Europe/Berlin');
    expect(result.ok && (result.at.getTime() - now.getTime()) / 3_600_000).toBe(23);
    const autumn = DateTime.fromISO('2026-10-24T12:00', { zone: 'Europe/Berlin' }).toJSDate();
    const later = parseDeadline('завтра в 12:00', autumn, 'Europe/Berlin');
    expect(later.ok && (later.at.getTime() - autumn.getTime()) / 3_600_000).toBe(25);
  });
});
