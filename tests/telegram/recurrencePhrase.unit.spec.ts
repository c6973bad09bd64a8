// The schedule of a recurring order typed in Russian, and the echo the bot shows back.
import { describe, expect, it } from 'vitest';
import { describeDayOff, describeDeadline, describeSchedule } from '../../adapters/telegram/recurrence/describe.js';
import { parseOccurrenceDeadline, parseSchedulePhrase } from '../../adapters/telegram/recurrence/phrase.js';
import type { RecurrenceSchedule } from '../../domain/index.js';

const TODAY = '2026-12-04';
const OPEN = 480;
const CLOSE = 1080;
const read = (phrase: string) => parseSchedulePhrase(phrase, TODAY, OPEN);

describe('the schedule phrase', () => {
  it.each([
    ['каждый понедельник в 9:00', { kind: 'weekly', weekdays: [1], everyWeeks: 1, anchor: TODAY }, 540],
    ['каждый учебный день в 8:00', { kind: 'schoolDays' }, 480],
    ['Каждый рабочий день в 7.45', { kind: 'schoolDays' }, 465],
    ['каждое 1-е число', { kind: 'monthly', day: 1 }, OPEN],
    ['15 числа каждого месяца в 12:00', { kind: 'monthly', day: 15 }, 720],
    ['раз в две недели по пятницам', { kind: 'weekly', weekdays: [5], everyWeeks: 2, anchor: TODAY }, OPEN],
    ['каждую вторую среду в 10', { kind: 'weekly', weekdays: [3], everyWeeks: 2, anchor: TODAY }, 600],
    ['каждый вторник в 10:30', { kind: 'weekly', weekdays: [2], everyWeeks: 1, anchor: TODAY }, 630],
    ['по вторникам и четвергам в 14:30', { kind: 'weekly', weekdays: [2, 4], everyWeeks: 1, anchor: TODAY }, 870],
    ['каждое воскресенье', { kind: 'weekly', weekdays: [7], everyWeeks: 1, anchor: TODAY }, OPEN],
  ])('reads «%s»', (phrase, rule, minute) => {
    expect(read(phrase)).toEqual({ ok: true, value: { rule, minute } });
  });

  it('refuses what it cannot read, and a time that does not exist', () => {
    expect(read('когда-нибудь')).toEqual({ ok: false, error: 'unreadable' });
    expect(read('каждое 40-е число')).toEqual({ ok: false, error: 'unreadable' });
    expect(read('каждый понедельник в 25:00')).toEqual({ ok: false, error: 'no_such_time' });
  });
});

describe('the deadline of each occurrence', () => {
  it.each([
    ['в тот же день в 15:00', { days: 0, minute: 900 }],
    ['в тот же день', { days: 0, minute: CLOSE }],
    ['до 16:00', { days: 0, minute: 960 }],
    ['на следующий день в 12:00', { days: 1, minute: 720 }],
    ['через 2 дня', { days: 2, minute: CLOSE }],
    ['через три дня в 10:00', { days: 3, minute: 600 }],
  ])('reads «%s»', (phrase, deadline) => {
    expect(parseOccurrenceDeadline(phrase, CLOSE)).toEqual({ ok: true, value: deadline });
  });

  it('refuses what it cannot read', () => {
    expect(parseOccurrenceDeadline('потом', CLOSE)).toEqual({ ok: false, error: 'unreadable' });
  });
});

describe('the echo', () => {
  const weekly = (weekdays: number[], everyWeeks = 1): RecurrenceSchedule => ({
    rule: { kind: 'weekly', weekdays, everyWeeks, anchor: TODAY },
    minute: 540,
    onDayOff: 'next',
    deadline: { days: 0, minute: 900 },
  });

  it('says the schedule in correct Russian', () => {
    expect(describeSchedule(weekly([1]))).toBe('каждый понедельник в 09:00');
    expect(describeSchedule(weekly([3]))).toBe('каждую среду в 09:00');
    expect(describeSchedule(weekly([7]))).toBe('каждое воскресенье в 09:00');
    expect(describeSchedule(weekly([4, 2]))).toBe('по вторникам и четвергам в 09:00');
    expect(describeSchedule(weekly([1, 3, 5]))).toBe('по понедельникам, средам и пятницам в 09:00');
    expect(describeSchedule(weekly([5], 2))).toBe('раз в две недели по пятницам в 09:00');
    expect(describeSchedule({ ...weekly([1]), rule: { kind: 'monthly', day: 1 } })).toBe('каждое 1-е число в 09:00');
    expect(describeSchedule({ ...weekly([1]), rule: { kind: 'schoolDays' } })).toBe('каждый учебный день в 09:00');
  });

  it('says the deadline and the day-off choice', () => {
    expect(describeDeadline({ days: 0, minute: 900 })).toBe('в тот же день в 15:00');
    expect(describeDeadline({ days: 1, minute: 720 })).toBe('на следующий учебный день в 12:00');
    expect(describeDeadline({ days: 2, minute: 1080 })).toBe('через 2 учебных дня в 18:00');
    expect(describeDeadline({ days: 5, minute: 1080 })).toBe('через 5 учебных дней в 18:00');
    expect(describeDayOff(weekly([1]))).toBe('в выходной или в каникулы — в ближайший учебный день');
    expect(describeDayOff({ ...weekly([1]), onDayOff: 'skip' })).toBe('в выходной или в каникулы — пропускается');
    expect(describeDayOff({ ...weekly([1]), rule: { kind: 'schoolDays' } })).toBeNull();
  });
});
