// Deadlines as people write them (issue 14, item 7), read on a real school calendar: one table per family of
// phrases, the Friday question, the refusals with examples valid at the clock, and the echo's warning with its
// school-time alternative (item 2).
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { parseDeadline, type DeadlineResult } from '../../adapters/telegram/deadline.js';
import { ambiguityMessage, deadlineAdvice, deadlineExamples, refusalText, warningMessage } from '../../adapters/telegram/deadline/echo.js';
import { schoolCalendar } from '../../domain/calendar/index.js';

const ZONE = 'Europe/Moscow';
const calendar = schoolCalendar({
  zone: ZONE,
  week: 5,
  hours: { open: 8 * 60, close: 18 * 60 },
  vacations: [
    { name: 'Осенние каникулы', from: '2026-10-26', to: '2026-11-03' },
    { name: 'Зимние каникулы', from: '2026-12-29', to: '2027-01-11' },
  ],
});
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
// Tuesday 24 November 2026, 10:30 in Moscow.
const NOW = at('2026-11-24T10:30');
const shown = (result: DeadlineResult): string => {
  if (result.ok) return DateTime.fromJSDate(result.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
  if (result.error === 'ambiguous') return result.candidates.map((c) => DateTime.fromJSDate(c.at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')).join(' | ');
  return result.error;
};
const read = (input: string, now = NOW) => shown(parseDeadline(input, now, ZONE, { calendar }));

describe('deadline phrases on the school calendar', () => {
  it.each([
    ['к понедельнику', '2026-11-30 18:00'],
    ['к пятнице', '2026-11-27 18:00'],
    ['до четверга', '2026-11-26 18:00'],
    ['в понедельник в 9', '2026-11-30 09:00'],
    ['в четверг к 15', '2026-11-26 15:00'],
    ['в следующий понедельник', '2026-11-30 18:00'],
    ['в следующий вторник', '2026-12-01 18:00'],
    // Said on a Tuesday, "next Wednesday" may be tomorrow or the week after: asked, not guessed.
    ['в следующую среду', '2026-11-25 18:00 | 2026-12-02 18:00'],
    ['к следующей пятнице', '2026-11-27 18:00 | 2026-12-04 18:00'],
    ['в эту пятницу', '2026-11-27 18:00'],
    ['в этот понедельник', 'in_past'],
  ])('weekday: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  it.each([
    ['завтра утром', '2026-11-25 09:00'],
    ['завтра с утра', '2026-11-25 09:00'],
    ['сегодня вечером', '2026-11-24 18:00'],
    ['в обед', '2026-11-24 13:00'],
    ['завтра днём', '2026-11-25 13:00'],
    ['в понедельник утром', '2026-11-30 09:00'],
    ['к концу дня', '2026-11-24 18:00'],
    ['завтра до конца дня', '2026-11-25 18:00'],
    ['завтра в 7 вечера', '2026-11-25 19:00'],
    ['вечером в 7', '2026-11-24 19:00'],
    ['в 3 часа дня', '2026-11-24 15:00'],
    ['завтра в 9 утра', '2026-11-25 09:00'],
    ['сегодня утром', 'in_past'],
    ['в 15 утра', 'no_such_time'],
    ['утром вечером', 'unreadable'],
  ])('part of the day: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  it.each([
    ['через полчаса', '2026-11-24 11:00'],
    ['через полтора часа', '2026-11-24 12:00'],
    ['через 1,5 часа', '2026-11-24 12:00'],
    ['через 1.5 часа', '2026-11-24 12:00'],
    ['через 2,5 часа', '2026-11-24 13:00'],
    ['через 0,5 часа', '2026-11-24 11:00'],
    ['через 1,5 дня', 'unreadable'],
    ['через полчаса в 15:00', 'unreadable'],
  ])('half and fractional hours: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  it.each([
    ['до конца недели', '2026-11-27 18:00'],
    ['к концу недели', '2026-11-27 18:00'],
    ['в конце недели', '2026-11-27 18:00'],
    ['до конца этой недели в 15:00', '2026-11-27 15:00'],
    ['до конца месяца', '2026-11-30 18:00'],
    // 29 December starts the winter vacation; 31 December is an official day off besides.
    ['до конца года', '2026-12-28 18:00'],
    ['до конца квартала', '2026-12-28 18:00'],
    ['к концу четверти', '2026-12-28 18:00'],
  ])('end of a period: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  it('the end of a period: a week already over is past; no vacation ahead means no end of the quarter', () => {
    expect(read('до конца недели', at('2026-11-27T18:30'))).toBe('in_past');
    expect(read('до конца недели', at('2026-11-28T10:00'))).toBe('in_past');
    expect(read('до конца месяца', at('2026-11-28T10:00'))).toBe('2026-11-30 18:00');
    const noVacations = schoolCalendar({ zone: ZONE, week: 5, hours: { open: 480, close: 1080 } });
    expect(shown(parseDeadline('к концу четверти', NOW, ZONE, { calendar: noVacations }))).toBe('no_term_end');
    expect(shown(parseDeadline('до конца недели', NOW, ZONE))).toBe('unreadable');
  });

  it.each([
    ['25/12', '2026-12-25 18:00'],
    ['25/12/2026', '2026-12-25 18:00'],
    ['25/12 12:00', '2026-12-25 12:00'],
    // "ЧЧ.00" and minutes past 12 cannot be a date: a time.
    ['в 15.00', '2026-11-24 15:00'],
    ['к 12.45', '2026-11-24 12:45'],
    ['25.12 в 15.00', '2026-12-25 15:00'],
    // A month-like figure is a date, as before — except after "в" beside a day.
    ['15.01', '2027-01-15 18:00'],
    ['завтра в 10.10', '2026-11-25 10:10'],
    ['в 9.30', 'in_past'],
    ['25/13', 'no_such_date'],
    ['25.11/2026', 'unreadable'],
  ])('dot or slash: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  it.each([
    ['завтра в 9', '2026-11-25 09:00'],
    ['к 15', '2026-11-24 15:00'],
    ['до 15', '2026-11-24 15:00'],
    ['в 15 часов', '2026-11-24 15:00'],
    ['в 9', 'in_past'],
    // 1–6 could be night or afternoon: the night has passed today, so 15:00; tomorrow either could be meant.
    ['в 3', '2026-11-24 15:00'],
    ['завтра в 3', '2026-11-25 03:00 | 2026-11-25 15:00'],
    ['в 25', 'no_such_time'],
    // A day of a month is not an hour.
    ['до 15 января', '2027-01-15 18:00'],
    ['к 1 декабря', '2026-12-01 18:00'],
  ])('hour without minutes: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  it.each([
    ['через 3 рабочих дня', NOW, '2026-11-27 18:00'],
    ['через 5 рабочих дней', NOW, '2026-12-01 18:00'],
    ['через рабочий день', NOW, '2026-11-25 18:00'],
    ['через 2 рабочих дня в 10:00', NOW, '2026-11-26 10:00'],
    // Friday: the weekend does not count.
    ['через 1 рабочий день', at('2026-11-27T12:00'), '2026-11-30 18:00'],
    // Monday 28 December: the winter vacation and the holidays do not count.
    ['через 2 рабочих дня', at('2026-12-28T12:00'), '2027-01-13 18:00'],
  ])('school days: "%s" said at %s is %s', (input, now, expected) => expect(read(input, now)).toBe(expected));

  it('school days need the calendar', () => {
    expect(shown(parseDeadline('через 3 рабочих дня', NOW, ZONE))).toBe('unreadable');
  });

  it.each([
    ['24.11.2027', '2027-11-24 18:00'],
    ['25.11.2027', 'too_far'],
    ['через 400 дней', 'too_far'],
    ['через 9000 часов', 'too_far'],
  ])('how far ahead: "%s" is %s', (input, expected) => expect(read(input)).toBe(expected));

  describe('«в пятницу» said on a Friday', () => {
    const FRIDAY_MORNING = at('2026-12-04T10:00');
    it.each([
      ['в пятницу', FRIDAY_MORNING, '2026-12-04 18:00 | 2026-12-11 18:00'],
      ['до пятницы', FRIDAY_MORNING, '2026-12-04 18:00 | 2026-12-11 18:00'],
      ['в пятницу в 15:00', FRIDAY_MORNING, '2026-12-04 15:00 | 2026-12-11 15:00'],
      ['в пятницу в 9', FRIDAY_MORNING, '2026-12-11 09:00'],
      ['в пятницу', at('2026-12-04T18:30'), '2026-12-11 18:00'],
    ])('"%s" at %s is %s', (input, now, expected) => expect(read(input, now)).toBe(expected));

    it('is next week\'s without a calendar, as before', () => {
      expect(shown(parseDeadline('в пятницу', FRIDAY_MORNING, ZONE))).toBe('2026-12-11 18:00');
    });

    it('asks "сегодня или 11 декабря?" with a button for each real date', () => {
      const result = parseDeadline('в пятницу', FRIDAY_MORNING, ZONE, { calendar });
      expect(result.ok === false && result.error === 'ambiguous').toBe(true);
      if (result.ok || result.error !== 'ambiguous') return;
      expect(ambiguityMessage('в пятницу', result.candidates, FRIDAY_MORNING, ZONE)).toEqual({
        text: 'Срок «в пятницу» — сегодня или 11 декабря?',
        labels: ['Сегодня, 18:00', 'Пятница, 11 декабря, 18:00'],
      });
      const hours = parseDeadline('завтра в 3', FRIDAY_MORNING, ZONE, { calendar });
      if (hours.ok || hours.error !== 'ambiguous') throw new Error('"завтра в 3" is ambiguous');
      expect(ambiguityMessage('завтра в 3', hours.candidates, FRIDAY_MORNING, ZONE).text).toBe('Срок «завтра в 3» — в 03:00 или в 15:00?');
    });
  });

  describe('refusals', () => {
    it('give examples that the parser reads at that moment, made from the clock', () => {
      expect(refusalText('unreadable', NOW, ZONE, calendar)).toBe(
        'Не понял срок. Примеры: «сегодня в 18:00», «завтра в 15:00», «25.11 12:00», «в четверг», «через 3 дня», «через 2 часа», «через 3 рабочих дня», «до конца недели».',
      );
      // Friday evening: today's closing and the end of the week have passed, tomorrow and two hours from now are
      // not school time; the next school day is Monday.
      const friday = at('2026-11-27T19:00');
      expect(refusalText('unreadable', friday, ZONE, calendar)).toBe(
        'Не понял срок. Примеры: «30.11 12:00», «в понедельник», «через 3 дня», «через 3 рабочих дня».',
      );
      expect(refusalText('no_such_date', friday, ZONE, calendar)).toBe('Такой даты нет в календаре. Проверьте число и месяц, например: «30.11 12:00».');
      expect(refusalText('in_past', friday, ZONE, calendar)).toBe('Этот срок уже прошёл. Укажите время в будущем, например: «30.11 12:00».');
      expect(refusalText('in_past', NOW, ZONE, calendar)).toBe('Этот срок уже прошёл. Укажите время в будущем, например: «сегодня в 18:00».');
      expect(refusalText('too_far', NOW, ZONE, calendar)).toBe(
        'Слишком далёкий срок: не дальше чем на год вперёд (до 25 ноября 2027). Проверьте год, например: «25.11 12:00».',
      );
      expect(refusalText('no_such_time', NOW, ZONE, calendar)).toMatch(/^Такого времени нет: часы — от 0 до 23/);
    });

    it('every example is a valid deadline on school time at any moment (a fixed date would not be)', () => {
      for (let hour = 0; hour < 24 * 21; hour += 5) {
        const now = new Date(NOW.getTime() + hour * 3_600_000);
        const examples = deadlineExamples(now, ZONE, calendar);
        expect(examples.length).toBeGreaterThanOrEqual(3);
        for (const example of examples) {
          const result = parseDeadline(example, now, ZONE, { calendar });
          expect(result.ok && deadlineAdvice(result.at, now, calendar)).toBe(undefined);
        }
      }
    });
  });

  describe('the echo on the calendar', () => {
    const advise = (local: string, now = NOW) => {
      const chosen = at(local);
      const advice = deadlineAdvice(chosen, now, calendar);
      return advice && { ...warningMessage(advice, chosen, ZONE), alternative: DateTime.fromJSDate(advice.alternative, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm') };
    };

    it('says nothing about a deadline within school hours, the closing included', () => {
      expect(advise('2026-11-25T10:00')).toBeUndefined();
      expect(advise('2026-11-25T18:00')).toBeUndefined();
      expect(advise('2026-11-25T08:00')).toBeUndefined();
    });

    it('names the day off and offers the previous school day at the end of the school day', () => {
      expect(advise('2026-11-29T18:00')).toEqual({
        text: 'Срок: воскресенье, 29 ноября 2026, 18:00.\nЭто воскресенье — выходной. Перенести на пятницу, 27 ноября, 18:00?',
        move: 'Перенести на 27 ноября, 18:00',
        keep: 'Оставить 29 ноября, 18:00',
        alternative: '2026-11-27 18:00',
      });
      expect(advise('2027-01-01T18:00')?.text).toBe(
        'Срок: пятница, 1 января 2027, 18:00.\n1 января — Новогодние каникулы. Перенести на понедельник, 28 декабря, 18:00?',
      );
      expect(advise('2026-12-30T12:00')?.text).toBe('Срок: среда, 30 декабря 2026, 12:00.\nЭто зимние каникулы. Перенести на понедельник, 28 декабря, 18:00?');
      expect(advise('2027-02-23T18:00')?.text).toMatch(/\n23 февраля — День защитника Отечества\. Перенести на понедельник, 22 февраля, 18:00\?$/);
    });

    it('outside school hours offers that day\'s opening or closing, or the next opening once those passed', () => {
      expect(advise('2026-11-25T07:00')).toMatchObject({ alternative: '2026-11-25 08:00' });
      expect(advise('2026-11-25T07:00')?.text).toMatch(/\nЭто раньше начала рабочего дня школы \(08:00\)\. Перенести на среду, 25 ноября, 08:00\?$/);
      expect(advise('2026-11-25T20:00')).toMatchObject({ alternative: '2026-11-25 18:00' });
      expect(advise('2026-11-25T20:00')?.text).toMatch(/\nЭто позже конца рабочего дня школы \(18:00\)\./);
      expect(advise('2026-11-24T19:00', at('2026-11-24T18:30'))).toMatchObject({ alternative: '2026-11-25 08:00' });
      // Saturday: Friday's closing has passed, so the next opening.
      expect(advise('2026-11-29T12:00', at('2026-11-28T10:00'))).toMatchObject({ alternative: '2026-11-30 08:00' });
    });
  });
});
