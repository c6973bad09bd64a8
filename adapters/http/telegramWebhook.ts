// POST /telegram/webhook: Telegram's deliveries. The secret header is checked in constant time (401 when it
// is wrong or missing) before the body is read, so a stranger cannot make us parse a megabyte; the update is
// handled before we answer 200, so a failed update (500) or a crash mid-update makes Telegram deliver it again.
// An update the bot cannot read (a field of the wrong type) is logged and answered 200: delivered again it
// would fail again, forever. While the bot stops, or while another attempt is still at the same update,
// deliveries get 503 (retried later).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Update } from 'telegraf/types';
import { checkUpdateShape } from './telegramUpdateShape.js';

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
  const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!sameSecret(request.headers['x-telegram-bot-api-secret-token'], expected)) {
      return reply.code(401).send({ error: 'unauthorized' });
    }
  };
  http.post(TELEGRAM_WEBHOOK_PATH, { onRequest }, async (request, reply) => {
    if (!options.accepting()) return reply.code(503).send({ error: 'stopping' });
    const shape = checkUpdateShape(request.body);
    if (!shape.ok) {
      const updateId = (request.body as { update_id?: unknown } | null)?.update_id;
      request.log.warn({ updateId: typeof updateId === 'number' ? updateId : undefined, problems: shape.problems }, 'telegram update ignored: the bot cannot read it');
      return reply.code(200).send({ ok: true, ignored: true });
    }
    const update = request.body as Update;
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
