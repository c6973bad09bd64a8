// The fake Bot API answers telegraf's real client the way Telegram does, including its refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telegram, TelegramError } from 'telegraf';
import { FakeTelegram } from '../support/fakeTelegram.js';

const TOKEN = '123456:fake-token-for-tests-000000';
let fake: FakeTelegram;
let telegram: Telegram;

beforeAll(async () => {
  fake = new FakeTelegram();
  telegram = new Telegram(TOKEN, { apiRoot: await fake.start() });
});
afterAll(() => fake.stop());

describe('fake Telegram Bot API', () => {
  it('answers getMe and records a sent message with its buttons', async () => {
    expect((await telegram.getMe()).username).toBe(fake.bot.username);
    const sent = await telegram.sendMessage(42, 'Привет', {
      reply_markup: { inline_keyboard: [[{ text: 'Да', callback_data: 'ok:1' }]] },
    });
    expect(sent.message_id).toBeGreaterThan(0);
    expect(fake.textsTo(42)).toEqual(['Привет']);
    expect(fake.lastButtons(42)).toEqual(['ok:1']);
    await telegram.editMessageText(42, sent.message_id, undefined, 'Изменено');
    expect(fake.textsTo(42)).toEqual(['Привет', 'Изменено']);
  });

  it('refuses callback data over 64 bytes and text over 4096 characters', async () => {
    const long = 'я'.repeat(33); // 66 bytes
    await expect(
      telegram.sendMessage(1, 'x', { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: long }]] } }),
    ).rejects.toThrow(/BUTTON_DATA_INVALID/);
    await expect(telegram.sendMessage(1, 'a'.repeat(4097))).rejects.toThrow(/too long/);
  });

  it('fails on demand with 429 and retry_after, then succeeds', async () => {
    fake.failNext('sendMessage', { code: 429, retryAfter: 3 });
    const error = await telegram.sendMessage(5, 'a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramError);
    expect((error as TelegramError).parameters?.retry_after).toBe(3);
    await expect(telegram.sendMessage(5, 'a')).resolves.toMatchObject({ text: 'a' });
  });

  it('takes multipart uploads and records the file', async () => {
    await telegram.sendPhoto(9, { source: Buffer.from([1, 2, 3]), filename: 'chart.png' }, { caption: 'График' });
    const call = fake.successful('sendPhoto', 9)[0]!;
    expect(call.payload.caption).toBe('График');
    expect(call.files.photo?.size).toBe(3);
  });

  it('serves queued updates to getUpdates and forgets confirmed ones', async () => {
    fake.queueUpdate({ update_id: 10, message: { text: 'a' } });
    fake.queueUpdate({ update_id: 11, message: { text: 'b' } });
    expect((await telegram.getUpdates(0, 100, 10, undefined)).map((u) => u.update_id)).toEqual([10, 11]);
    expect((await telegram.getUpdates(0, 100, 12, undefined)).map((u) => u.update_id)).toEqual([]);
  });
});
