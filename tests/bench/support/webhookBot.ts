// What the bot benchmarks share: the driver thread (the fake Bot API and the webhook client run apart from
// the bot, as Telegram runs elsewhere) and one bot in webhook mode wired as `schoolbot start --role bot` wires
// it (the real queue limits, the outbox for replies and notices), listening on loopback.
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import type { SchoolCommands } from '../../../application/commands/schoolCommands.js';
import { systemClock } from '../../../application/ports/clock.js';
import type { ConversationState } from '../../../application/ports/conversationState.js';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import { createHttpServer } from '../../../adapters/http/server.js';
import { sqlReadModels } from '../../../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../../../adapters/postgres/readModels/outbox.js';
import { startTelegram, type RunningTelegram } from '../../../infra/telegram.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

export interface DriverThread<Result> {
  worker: Worker;
  apiRoot: string;
  /** The driver's next message carrying a result. */
  result(): Promise<Result>;
  stop(): Promise<void>;
}

/** Starts a driver worker script; resolves once its fake Bot API listens. A failing driver ends the bench. */
export async function startDriverThread<Result>(script: URL): Promise<DriverThread<Result>> {
  const worker = new Worker(script);
  const waiting: Array<(message: { apiRoot?: string; result?: Result }) => void> = [];
  worker.on('message', (message: { apiRoot?: string; result?: Result }) => waiting.shift()?.(message));
  worker.on('error', (error) => {
    console.error('the bench driver failed:', error);
    process.exit(1);
  });
  const next = () => new Promise<{ apiRoot?: string; result?: Result }>((resolve) => waiting.push(resolve));
  const { apiRoot } = await next();
  if (!apiRoot) throw new Error('the bench driver did not start its fake Bot API');
  return {
    worker,
    apiRoot,
    async result() {
      const { result } = await next();
      if (!result) throw new Error('the bench driver returned no result');
      return result;
    },
    async stop() {
      worker.postMessage({ stop: true });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

export interface WebhookBot {
  telegram: RunningTelegram;
  http: FastifyInstance;
  /** The webhook's URL on loopback. */
  url: string;
  stop(): Promise<void>;
}

export async function startWebhookBot(options: {
  apiRoot: string;
  secret: string;
  admin: string;
  sql: SqlExecutor;
  commands: SchoolCommands;
  state: ConversationState;
}): Promise<WebhookBot> {
  const http = createHttpServer({ logLevel: 'silent', logger: false });
  const telegram = await startTelegram({
    config: {
      TELEGRAM_TOKEN: '123456789:BENCH-token-for-the-fake-bot-api',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: options.secret,
      TELEGRAM_API_ROOT: options.apiRoot,
      ADMIN_TELEGRAM_IDS: [Number(options.admin)],
      REDIS_URL: undefined,
      SCHOOL_TIMEZONE: 'Europe/Moscow',
      TECH_CHAT_ID: undefined,
      TECH_CHAT_TOPICS: undefined,
      BOT_INSTANCE_ID: 'bench',
      DIGEST_TIME: { hour: 8, minute: 0 },
    },
    http,
    commands: options.commands,
    read: sqlReadModels(options.sql),
    clock: systemClock,
    log: quiet,
    state: options.state,
    outbox: sqlOutboxQueue(options.sql),
    digestWriter: sqlOutboxWriter(options.sql),
  });
  if (!telegram) throw new Error('telegram did not start');
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/telegram/webhook`;
  return {
    telegram,
    http,
    url,
    async stop() {
      await telegram.stop(2_000);
      await http.close();
    },
  };
}
