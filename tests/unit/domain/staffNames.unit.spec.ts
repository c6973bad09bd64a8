// The name check behind the admins' warning (issue 18): a requested name that may be a staff member's.
import { describe, expect, it } from 'vitest';
import { nameWords, namesMatch, requestDecision, type StaffEvent } from '../../../domain/index.js';

const STAFF = 'Иванова Мария Петровна';

describe('namesMatch', () => {
  it.each([
    ['the same name', 'Иванова Мария Петровна'],
    ['another case and extra spaces', '  иванова   МАРИЯ  петровна '],
    ['ё written as е and back', 'Иванова Мария Петровна'.replace('е', 'ё')],
    ['initials with dots', 'Иванова М. П.'],
    ['initials without a space', 'Иванова М.П.'],
    ['the patronymic left out', 'Иванова Мария'],
    ['another order', 'Мария Петровна Иванова'],
  ])('%s matches', (_, typed) => {
    expect(namesMatch(typed, STAFF)).toBe(true);
    expect(namesMatch(STAFF, typed)).toBe(true);
  });

  it.each([
    ['another patronymic', 'Иванова Мария Сергеевна'],
    ['another surname', 'Иванов Мария Петровна'],
    ['a misspelling', 'Иванова Мариа Петровна'],
    ['the surname alone', 'Иванова'],
    ['initials alone', 'И. М. П.'],
    ['an initial that does not fit', 'Иванова К. П.'],
    ['nothing', ''],
  ])('%s does not match', (_, typed) => {
    expect(namesMatch(typed, STAFF)).toBe(false);
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
