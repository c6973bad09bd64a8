// POST /telegram/webhook: Telegram's deliveries. The secret header is checked in constant time (401 when it
// is wrong or missing); the update is handled before we answer 200, so a failed update (500) or a crash
// mid-update makes Telegram deliver it again. While the bot stops, or while another attempt is still at the
// same update, deliveries get 503 (retried later).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';

const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

export interface TelegramWebhookOptions {
  secret: string;
  /** Handles one update; resolves when it is done. */
  handleUpdate(update: Update): Promise<void>;
  /** False while the bot is stopping. */
  accepting(): boolean;
  /** True for the error of an update another attempt is still handling (answered 503). */
  inProgress?(error: unknown): boolean;
}

const sameSecret = (given: unknown, expected: Buffer) => {
  if (typeof given !== 'string') return false;
  const buffer = Buffer.from(given);
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
};

export function registerTelegramWebhook(http: FastifyInstance, options: TelegramWebhookOptions): void {
  const expected = Buffer.from(options.secret);
  http.post(TELEGRAM_WEBHOOK_PATH, async (request, reply) => {
    if (!sameSecret(request.headers['x-telegram-bot-api-secret-token'], expected)) {
      return reply.code(401).send({ error: 'unauthorized' });
    }
    if (!options.accepting()) return reply.code(503).send({ error: 'stopping' });
    const update = request.body as Update | undefined;
    if (!update || typeof update !== 'object' || typeof update.update_id !== 'number') {
      return reply.code(400).send({ error: 'not a Telegram update' });
    }
    try {
      await options.handleUpdate(update);
    } catch (error) {
      // Logged by the bot. Either answer makes Telegram deliver the update again later; never 200 without
      // the update's effect.
      if (options.inProgress?.(error)) return reply.code(503).send({ error: 'update in progress' });
      return reply.code(500).send({ error: 'update failed' });
    }
    return reply.code(200).send({ ok: true });
  });
}
