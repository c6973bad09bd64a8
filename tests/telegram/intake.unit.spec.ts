// Long polling loses no update: a failed one is retried with backoff, and the offset moves past a batch only
// once every update in it is behind us (handled, or given up after the last attempt, loudly).
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import type { TelegramBot } from '../../adapters/telegram/bot.js';
import { createIntake } from '../../adapters/telegram/intake.js';

const update = (id: number) => ({ update_id: id, message: { message_id: id, date: 0, text: 'x' } }) as unknown as Update;

function pollingBot(batches: Update[][], handle: (update: Update) => Promise<void>) {
  const offsets: number[] = [];
  let inFlight = 0;
  const telegram = {
    deleteWebhook: () => Promise.resolve(true),
    callApi: async (_method: string, payload: { offset: number; timeout: number }, extra?: { signal?: AbortSignal }) => {
      offsets.push(payload.offset);
      const next = batches.shift();
      if (next) return next.filter((u) => u.update_id >= payload.offset);
      if (payload.timeout === 0) return [];
      // Long poll until stopped.
      await new Promise<void>((resolve) => extra?.signal?.addEventListener('abort', () => resolve(), { once: true }));
      throw new Error('aborted');
    },
  };
  const bot = {
    telegraf: { telegram },
    async handleUpdate(u: Update) {
      inFlight += 1;
      try {
        await handle(u);
      } finally {
        inFlight -= 1;
      }
    },
    get inFlight() {
      return inFlight;
    },
    idle: () => Promise.resolve(inFlight === 0),
  } as unknown as TelegramBot;
  return { bot, offsets };
}

describe('long polling', () => {
  it('retries a failed update and confirms the batch only after it succeeded', async () => {
    const attempts = new Map<number, number>();
    const { bot, offsets } = pollingBot([[update(10), update(11)], [update(12)]], (u) => {
      const n = (attempts.get(u.update_id) ?? 0) + 1;
      attempts.set(u.update_id, n);
      return u.update_id === 11 && n < 3 ? Promise.reject(new Error('database went away')) : Promise.resolve();
    });
    const warnings: string[] = [];
    const intake = createIntake(bot, { retryFirstMs: 5 });
    intake.startPolling(() => {}, { warn: (_o, m) => void warnings.push(m), error: (_o, m) => void warnings.push(m) });
    for (let i = 0; i < 200 && !attempts.has(12); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await intake.stop(1_000);
    expect(Object.fromEntries(attempts)).toEqual({ 10: 1, 11: 3, 12: 1 });
    expect(warnings).toEqual(['telegram update failed; retrying', 'telegram update failed; retrying']);
    // The first call asks from the start; the second only after 11 succeeded; the stop confirms 12.
    expect(offsets.slice(0, 2)).toEqual([0, 12]);
    expect(offsets.at(-1)).toBe(13);
  });

  it('gives an update up after the last attempt, loudly, rather than stalling every later one', async () => {
    const attempts = new Map<number, number>();
    const { bot } = pollingBot([[update(20)], [update(21)]], (u) => {
      attempts.set(u.update_id, (attempts.get(u.update_id) ?? 0) + 1);
      return u.update_id === 20 ? Promise.reject(new Error('always fails')) : Promise.resolve();
    });
    const errors: string[] = [];
    const intake = createIntake(bot, { retryFirstMs: 1 });
    intake.startPolling(() => {}, { warn: () => {}, error: (_o, m) => void errors.push(m) });
    for (let i = 0; i < 400 && !attempts.has(21); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await intake.stop(1_000);
    expect(attempts.get(20)).toBe(6);
    expect(attempts.get(21)).toBe(1);
    expect(errors).toEqual(['telegram update given up after retries']);
  });
});
