// Counted words agree with their number in Russian: 1 заявка, 2–4 заявки, 5–20 заявок, 21 заявка, 111 заявок.
import { describe, expect, it } from 'vitest';
import { counted, pluralForm, texts, weekdayName } from '../../adapters/telegram/texts.js';
import { formatDeadline } from '../../adapters/telegram/deadline.js';

const forms = ['заявка', 'заявки', 'заявок'] as const;

describe('pluralForm', () => {
  it.each([
    [0, 'заявок'],
    [1, 'заявка'],
    [2, 'заявки'],
    [4, 'заявки'],
    [5, 'заявок'],
    [11, 'заявок'],
    [12, 'заявок'],
    [14, 'заявок'],
    [21, 'заявка'],
    [22, 'заявки'],
    [25, 'заявок'],
    [101, 'заявка'],
    [111, 'заявок'],
    [112, 'заявок'],
    [1002, 'заявки'],
  ])('%i %s', (count, expected) => {
    expect(pluralForm(count, forms)).toBe(expected);
  });

  it('agrees the adjective too in what was held', () => {
    const held = texts.notifications.held;
    expect([1, 3, 5].map((n) => counted(n, held.newTickets))).toEqual(['1 новая заявка', '3 новые заявки', '5 новых заявок']);
    expect([1, 2, 11].map((n) => counted(n, held.newTasks))).toEqual(['1 новое поручение', '2 новых поручения', '11 новых поручений']);
    expect([21, 23, 27].map((n) => counted(n, held.comments))).toEqual(['21 комментарий', '23 комментария', '27 комментариев']);
  });
});

describe('weekday names in their case', () => {
  it('reads "суббота" on its own, "до субботы", "в субботу", Monday first as luxon counts', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d))).toEqual(['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье']);
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => `до ${weekdayName(d, 'genitive')}`)).toEqual([
      'до понедельника', 'до вторника', 'до среды', 'до четверга', 'до пятницы', 'до субботы', 'до воскресенья',
    ]);
    expect([3, 5, 6].map((d) => `в ${weekdayName(d, 'accusative')}`)).toEqual(['в среду', 'в пятницу', 'в субботу']);
  });

  it('shows a deadline after "до" in the genitive, on its own in the nominative', () => {
    const at = '2026-12-05T15:00:00Z'; // a Saturday, 18:00 in Moscow
    expect(formatDeadline(at, 'Europe/Moscow')).toBe('суббота, 5 декабря 2026, 18:00');
    expect(`до ${formatDeadline(at, 'Europe/Moscow', 'genitive')}`).toBe('до субботы, 5 декабря 2026, 18:00');
  });

  it('counts the characters of a length limit after "не больше"', () => {
    expect(texts.newTicket.tooLong(4000)).toContain('не больше 4000 символов');
    expect(texts.newTicket.tooLong(21)).toContain('не больше 21 символа');
  });
});

describe('KPI lines', () => {
  it('write fractions with a decimal comma, as Russian does', () => {
    const lines = texts.kpi.lines({
      tasksTotal: 4, tasksDone: 2, tasksDoneOnTime: 1, tasksOverdue: 1, completionRate: 0.5,
      ticketsOpened: 3, ticketsResolved: 2, ticketsOverdue: 0, medianResolveHours: 1.75,
    });
    expect(lines).toContain('Медианное время решения: 1,8 ч');
    expect(lines).not.toMatch(/\d\.\d/);
  });
});
