// /find's phrase: words, numbers, rooms, statuses, kinds and periods, read in the school's time zone.
import { describe, expect, it } from 'vitest';
import { parseSearchPhrase, type SearchPhrase } from '../../adapters/telegram/searchPhrase.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const ZONE = 'Europe/Moscow';
const phrase = (text: string): SearchPhrase => {
  const parsed = parseSearchPhrase(text, NOW, ZONE);
  if (!parsed.ok) throw new Error(`not read: ${text}`);
  return parsed.phrase;
};

describe('parseSearchPhrase', () => {
  it('keeps words (with their case, for names) as words that may also name a person', () => {
    expect(phrase('Проектор, Петровой!').terms).toEqual([
      { word: 'Проектор', person: 'Проектор' },
      { word: 'Петровой', person: 'Петровой' },
    ]);
  });

  it('reads numbers, task numbers, rooms and bare numbers', () => {
    expect(phrase('№124').terms).toEqual([{ number: 124 }]);
    expect(phrase('№ 124').terms).toEqual([{ number: 124 }]);
    expect(phrase('п12')).toEqual({ terms: [{ number: 12 }], statuses: [], kind: 'task' });
    expect(phrase('каб. 204').terms).toEqual([{ room: '204' }]);
    expect(phrase('кабинет 12А').terms).toEqual([{ room: '12а' }]);
    expect(phrase('124').terms).toEqual([{ number: 124, room: '124', word: '124' }]);
    expect(phrase('12а').terms).toEqual([{ room: '12а', word: '12а' }]);
  });

  it('reads statuses and kinds', () => {
    expect(phrase('открытые заявки')).toEqual({ terms: [], statuses: ['open'], kind: 'ticket' });
    expect(phrase('просроченные поручения')).toEqual({ terms: [], statuses: ['overdue'], kind: 'task' });
    expect(phrase('кран в работе').statuses).toEqual(['in_progress']);
    expect(phrase('закрытые решённые').statuses).toEqual(['closed', 'resolved']);
  });

  it('reads a month as the latest one not in the future, in school time', () => {
    const october = phrase('проектор за октябрь');
    expect(october.terms).toEqual([{ word: 'проектор', person: 'проектор' }]);
    expect(october.from).toEqual(new Date('2026-09-30T21:00:00Z'));
    expect(october.to).toEqual(new Date('2026-10-31T21:00:00Z'));
    expect(phrase('в декабре').from).toEqual(new Date('2026-11-30T21:00:00Z'));
    expect(phrase('в январе').from).toEqual(new Date('2025-12-31T21:00:00Z'));
    expect(phrase('в октябре 2025 года').from).toEqual(new Date('2025-09-30T21:00:00Z'));
    expect(phrase('в октябре 2025 года').terms).toEqual([]);
  });

  it('reads a range of days, the end day included', () => {
    const range = phrase('с 1.10 по 31.10');
    expect(range.from).toEqual(new Date('2026-09-30T21:00:00Z'));
    expect(range.to).toEqual(new Date('2026-10-31T21:00:00Z'));
    expect(range.terms).toEqual([]);
    const across = phrase('с 20.12 по 10.01');
    expect(across.from).toEqual(new Date('2025-12-19T21:00:00Z'));
    expect(across.to).toEqual(new Date('2026-01-10T21:00:00Z'));
    expect(phrase('с 01.09.2025').from).toEqual(new Date('2025-08-31T21:00:00Z'));
    expect(phrase('сегодня').from).toEqual(new Date('2026-12-02T21:00:00Z'));
    expect(phrase('за вчера').to).toEqual(new Date('2026-12-02T21:00:00Z'));
  });

  it('refuses a day that does not exist and an empty phrase', () => {
    expect(parseSearchPhrase('с 31.02', NOW, ZONE)).toEqual({ ok: false, reason: 'date' });
    expect(parseSearchPhrase('  ', NOW, ZONE)).toEqual({ ok: false, reason: 'empty' });
  });
});
