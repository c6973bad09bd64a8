// Deadlines typed in Russian, read in the school's zone: every phrase from the issue, and the refusals.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { formatDeadline, parseDeadline } from '../../adapters/telegram/deadline.js';

const ZONE = 'Europe/Moscow';
// Tuesday 24 November 2026, 10:30 in Moscow (07:30 UTC).
const NOW = DateTime.fromISO('2026-11-24T10:30', { zone: ZONE }).toJSDate();
const local = (input: string) => {
  const result = parseDeadline(input, NOW, ZONE);
  if (!result.ok) throw new Error(`"${input}" refused: ${result.error}`);
  return DateTime.fromJSDate(result.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
};

describe('parseDeadline', () => {
  it.each([
    ['сегодня в 18:00', '2026-11-24 18:00'],
    ['Сегодня  В 18:00', '2026-11-24 18:00'],
    ['завтра в 15:00', '2026-11-25 15:00'],
    ['завтра', '2026-11-25 18:00'],
    ['до завтра', '2026-11-25 18:00'],
    ['в 15:00 завтра', '2026-11-25 15:00'],
    ['послезавтра', '2026-11-26 18:00'],
    ['послезавтра в 9:30', '2026-11-26 09:30'],
    ['25.11', '2026-11-25 18:00'],
    ['25.11 12:00', '2026-11-25 12:00'],
    ['25.11.2026', '2026-11-25 18:00'],
    ['25.11.26 08:15', '2026-11-25 08:15'],
    ['в пятницу', '2026-11-27 18:00'],
    ['В ПЯТНИЦУ в 15:00', '2026-11-27 15:00'],
    ['до пятницы', '2026-11-27 18:00'],
    ['во вторник', '2026-12-01 18:00'],
    ['в понедельник', '2026-11-30 18:00'],
    ['через 3 дня', '2026-11-27 18:00'],
    ['через день', '2026-11-25 18:00'],
    ['через 2 часа', '2026-11-24 12:30'],
    ['через час', '2026-11-24 11:30'],
    ['через 30 минут', '2026-11-24 11:00'],
    ['через 2 недели', '2026-12-08 18:00'],
    ['до 1 декабря', '2026-12-01 18:00'],
    ['1 декабря 10:00', '2026-12-01 10:00'],
    ['до 15 января', '2027-01-15 18:00'],
    ['8 марта 2027', '2027-03-08 18:00'],
    ['9 мая', '2027-05-09 18:00'],
    ['в 19:00', '2026-11-24 19:00'],
    ['20.09', '2027-09-20 18:00'],
    ['Завтра в 15:00.', '2026-11-25 15:00'],
  ])('reads "%s" as %s', (input, expected) => {
    expect(local(input)).toBe(expected);
  });

  it.each([
    ['сегодня в 08:00', 'in_past'],
    ['20.11.2026', 'in_past'],
    ['20.11', 'in_past'],
    ['24.11 09:00', 'in_past'],
    ['26.09 12:00', 'in_past'],
    ['в 09:00', 'in_past'],
    ['когда-нибудь', 'unreadable'],
    ['', 'unreadable'],
    ['завтра в 25:00', 'unreadable'],
    ['через 2 часа в 15:00', 'unreadable'],
    ['через -3 дня', 'unreadable'],
    ['31.02.2027', 'no_such_date'],
    ['32 декабря', 'no_such_date'],
  ])('refuses "%s" as %s', (input, error) => {
    expect(parseDeadline(input, NOW, ZONE)).toEqual({ ok: false, error });
  });

  it('echoes a deadline in Russian in the school zone', () => {
    const result = parseDeadline('в пятницу в 15:00', NOW, ZONE);
    expect(result.ok && formatDeadline(result.at, ZONE)).toBe('пятница, 27 ноября 2026, 15:00');
  });
});
