// Counted words agree with their number in Russian: 1 заявка, 2–4 заявки, 5–20 заявок, 21 заявка, 111 заявок.
import { describe, expect, it } from 'vitest';
import { counted, pluralForm, texts } from '../../adapters/telegram/texts.js';

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
