// The name check behind the admins' warning (issue 18): a requested name that may be a staff member's.
import { describe, expect, it } from 'vitest';
import { nameWords, namesMatch, requestDecision, type StaffEvent } from '../../../domain/index.js';

const STAFF = 'Иванова Мария Петровна';

describe('namesMatch', () => {
  it.each([
    ['the same name', 'Иванова Мария Петровна', true],
    ['another case and extra spaces', '  иванова   МАРИЯ  петровна ', true],
    ['ё written as е and back', 'Иванова Мария Петровна'.replace('е', 'ё'), true],
    ['initials with dots', 'Иванова М. П.', true],
    ['initials without a space', 'Иванова М.П.', true],
    ['the patronymic left out', 'Иванова Мария', true],
    ['another order', 'Мария Петровна Иванова', true],
    ['another patronymic', 'Иванова Мария Сергеевна', false],
    ['another surname', 'Иванов Мария Петровна', false],
    ['a misspelling', 'Иванова Мариа Петровна', false],
    ['the surname alone', 'Иванова', false],
    ['initials alone', 'И. М. П.', false],
    ['an initial that does not fit', 'Иванова К. П.', false],
    ['nothing', '', false],
  ])('%s: %s → %s (either way round)', (_, typed, matches) => {
    expect(namesMatch(typed, STAFF)).toBe(matches);
    expect(namesMatch(STAFF, typed)).toBe(matches);
  });

  it('ё and е are one letter; punctuation is no word', () => {
    expect(nameWords('Алёна  Фёдорова, «Ё.»')).toEqual(['алена', 'федорова', 'е']);
    expect(namesMatch('Фёдорова Алёна', 'Федорова Алена Игоревна')).toBe(true);
  });

  it('an initial never takes the word a whole word needs', () => {
    // "М." could fit "мария" or "марковна": the whole word "мария" must find its own partner.
    expect(namesMatch('Мария М. Иванова', 'Иванова Мария Марковна')).toBe(true);
    expect(namesMatch('Мария М. Иванова', 'Иванова Мария Петровна')).toBe(false);
  });
});

describe('requestDecision', () => {
  const registered: StaffEvent = { type: 'StaffRegistered', data: { telegramId: '501', fullName: STAFF, username: null, registeredAt: '2026-12-01T08:00:00.000Z' } };
  it('is undefined while the request waits', () => {
    expect(requestDecision([registered])).toBeUndefined();
  });
  it('names the admin who approved it and the role', () => {
    const approved: StaffEvent = {
      type: 'StaffApproved',
      data: { telegramId: '501', fullName: STAFF, role: 'teacher', categories: [], approvedBy: '1000', approvedAt: '2026-12-01T08:05:00.000Z' },
    };
    expect(requestDecision([registered, approved])).toEqual({ outcome: 'approved', by: '1000', role: 'teacher', at: '2026-12-01T08:05:00.000Z' });
  });
  it('names the admin who turned it down; a later deactivation of a member is no decision on the request', () => {
    const rejected: StaffEvent = { type: 'StaffDeactivated', data: { telegramId: '501', deactivatedBy: '1001', reason: 'нет', wasPending: true, deactivatedAt: '2026-12-01T08:06:00.000Z' } };
    expect(requestDecision([registered, rejected])).toEqual({ outcome: 'rejected', by: '1001', at: '2026-12-01T08:06:00.000Z' });
    const approved: StaffEvent = {
      type: 'StaffApproved',
      data: { telegramId: '501', fullName: STAFF, role: 'teacher', categories: [], approvedBy: '1000', approvedAt: '2026-12-01T08:05:00.000Z' },
    };
    const laterOff: StaffEvent = { type: 'StaffDeactivated', data: { telegramId: '501', deactivatedBy: '1001', reason: '', wasPending: false, deactivatedAt: '2026-12-02T08:00:00.000Z' } };
    expect(requestDecision([registered, approved, laterOff])?.outcome).toBe('approved');
  });
});
