// The webhook's boundary (issue 18): the secret is checked before the body is read, and an update with a field
// of the wrong type is answered 200 and handled no further — answered 500 it would come back forever.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Update } from 'telegraf/types';
import { SECRET, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const TEACHER = '8801';
const chat = { id: Number(TEACHER), type: 'private', first_name: 'У' };
const from = { id: Number(TEACHER), is_bot: false, first_name: 'У' };

describe('the webhook boundary', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: STORE_KINDS.at(-1)! });
    await approved(h, TEACHER, 'Учителева Анна Сергеевна', 'teacher');
  });
  afterAll(() => h?.close());

  const deliver = (payload: string | object, secret?: string) =>
    h.http.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      payload,
    });

  it('refuses a delivery without the secret before reading its body (401, not 413 for a 2 MB body)', async () => {
    const big = JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(2_000_000) } });
    expect((await deliver(big)).statusCode).toBe(401);
    expect((await deliver(big, 'wrong-secret')).statusCode).toBe(401);
    // With the secret the body is read, and a body over the limit is refused as too large.
    expect((await deliver(big, SECRET)).statusCode).toBe(413);
  });

  it('answers 200 to updates with fields of the wrong type, handles nothing, and goes on with the next', async () => {
    const events = await h.eventCount();
    const calls = h.fake.calls.filter((c) => c.method !== 'setMyCommands').length;
    const unreadable: object[] = [
      { update_id: 7_001, message: { message_id: 1, date: 1, chat, from, text: { evil: true } } },
      { update_id: 7_002, callback_query: { id: 'cb', from, chat_instance: 'c', data: { verb: 'tt' }, message: { message_id: 1, date: 1, chat } } },
      { update_id: 7_003, message: { message_id: 1, date: 1, chat: { id: 'not a number', type: 'private' }, from, text: '/help' } },
      { update_id: 7_004, message: { message_id: 1, date: 1, chat, from, photo: 'a photo' } },
      { update_id: '7005', message: { message_id: 1, date: 1, chat, from, text: '/help' } },
      [1, 2, 3],
    ];
    for (const update of unreadable) {
      const response = await deliver(update, SECRET);
      expect(response.statusCode, JSON.stringify(update)).toBe(200);
    }
    expect(h.fake.calls.filter((c) => c.method !== 'setMyCommands').length).toBe(calls);
    expect(await h.eventCount()).toBe(events);
    // A well-formed update right after is handled as ever.
    await ask(h, TEACHER, '/new каб. 12 не работает розетка', /Заявка №1 принята/);
    expect((await h.post({ update_id: 7_010, message: { message_id: 2, date: 1, chat, from, text: '/help' } } as unknown as Update))).toBe(200);
  });
});
