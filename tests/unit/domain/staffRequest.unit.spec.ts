// A request for access in the domain (issue 18): what Telegram said of the account is recorded with it (and
// events from before, without it, still read), and the buttons' approval and rejection act only while it waits.
import { describe, expect, it } from 'vitest';
import type { Actor, StaffEvent } from '../../../domain/index.js';
import { decideStaff, foldStaff, parseDomainEvent } from '../../../domain/index.js';
import { meta, people, T0 } from './fixtures.js';

const { admin } = people;
const newcomer: Actor = { id: '900', role: 'guest', active: false, categories: [] };
const registered: StaffEvent = { type: 'StaffRegistered', data: { telegramId: '900', fullName: 'Anna Petrova', username: null, registeredAt: T0 } };
const approved: StaffEvent = {
  type: 'StaffApproved',
  data: { telegramId: '900', fullName: 'Anna Petrova', role: 'teacher', categories: [], approvedBy: admin.id, approvedAt: T0 },
};
const turnedDown: StaffEvent = { type: 'StaffDeactivated', data: { telegramId: '900', deactivatedBy: admin.id, reason: '', wasPending: true, deactivatedAt: T0 } };

const register = (telegram?: Record<string, unknown>) =>
  decideStaff(
    { type: 'RegisterStaff', data: { telegramId: '900', fullName: 'Anna Petrova', username: null, bootstrapAdmin: false, ...(telegram ? { telegram } : {}) }, metadata: meta(newcomer) },
    foldStaff([]),
  );

describe('a request records what Telegram said of the account', () => {
  it('trimmed, empty fields left out, Premium only when true', () => {
    const decision = register({ firstName: '  Анна ', lastName: '', languageCode: 'ru', isPremium: false });
    expect(decision.ok && decision.events[0]?.data).toMatchObject({ telegram: { firstName: 'Анна', languageCode: 'ru' } });
    expect(decision.ok && 'isPremium' in ((decision.events[0]?.data as { telegram?: object }).telegram ?? {})).toBe(false);
  });

  it('nothing told, nothing recorded; an event without it (recorded before) still parses', () => {
    const decision = register({ firstName: ' ' });
    expect(decision.ok && 'telegram' in (decision.events[0]?.data ?? {})).toBe(false);
    expect(parseDomainEvent('StaffRegistered', 1, registered.data).ok).toBe(true);
    expect(parseDomainEvent('StaffRegistered', 1, { ...registered.data, telegram: { firstName: 'Анна', isPremium: true } }).ok).toBe(true);
  });
});

describe("the buttons' approval and rejection act only while the request waits", () => {
  const approve = (pendingOnly: boolean, history: StaffEvent[]) =>
    decideStaff({ type: 'ApproveStaff', data: { role: 'teacher', categories: [], pendingOnly }, metadata: meta(admin) }, foldStaff(history));
  const reject = (history: StaffEvent[]) =>
    decideStaff({ type: 'DeactivateStaff', data: { reason: 'не знаем', pendingOnly: true }, metadata: meta(admin) }, foldStaff(history));

  it('approves and turns down a waiting request', () => {
    expect(approve(true, [registered]).ok).toBe(true);
    const rejected = reject([registered]);
    expect(rejected.ok && rejected.events.map((e) => e.type)).toEqual(['StaffDeactivated']);
  });

  it('refuses once decided: never approves someone turned down, never switches off someone approved', () => {
    const refused = approve(true, [registered, turnedDown]);
    expect(!refused.ok && refused.refusal.code).toBe('invalid_transition');
    const late = reject([registered, approved]);
    expect(!late.ok && late.refusal.code).toBe('invalid_transition');
    // Without the flag an admin may still approve a turned-down person, as before.
    expect(approve(false, [registered, turnedDown]).ok).toBe(true);
  });
});
