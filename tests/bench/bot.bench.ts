// `npm run bench -- bot [updates] [concurrency] [--redis] [--help] [--bot-role]`: ticket-creation updates (/new <text>) POSTed over
// loopback HTTP to the webhook of one bot instance (role all: the worker projects meanwhile), on a fresh
// database of the local PostgreSQL, with the fake Bot API receiving the replies. Latency is POST → 200. The
// client and the fake Bot API run in a worker thread, as Telegram runs elsewhere: this process is the bot.
import { randomIds } from '../../application/ports/ids.js';
import { systemClock } from '../../application/ports/clock.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../../adapters/postgres/readModels/outbox.js';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createRedisState } from '../../adapters/redis/redisState.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { soleLeaderLock } from '../../adapters/memory/soleLeaderLock.js';
import { startTelegram, telegramReactions } from '../../infra/telegram.js';
import { startWorker } from '../../infra/worker.js';
import { Worker } from 'node:worker_threads';
import type { DriverResult, DriverRun } from './support/botDriver.js';
import { createTestDatabase } from '../support/postgres.js';
import { report, trackPeakRss } from './report.js';

const ADMIN = '1000';
const PEOPLE = 50;

export default async function bench(args: string[]): Promise<void> {
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const total = numbers[0] ?? 1000;
  // Four updates in flight by default: a school's updates come from a few people at once, and the target pairs
  // throughput with per-update latency (by Little's law, 16 in flight at 300/s means ~50 ms each on average).
  const concurrency = numbers[1] ?? 4;
  const useRedis = args.includes('--redis');
  // --help: the same pipeline with /help (no command, no append): the adapter's own cost.
  const helpOnly = args.includes('--help');
  // --bot-role: no worker in this process (as a `bot` replica; projections run elsewhere).
  const botRole = args.includes('--bot-role');
  const database = await createTestDatabase('sbbench_bot');
  const sql = createPgExecutor({ connectionString: database.url, maxConnections: 12 });
  await runMigrations(sql, migrations);
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
  const commands = createSchoolCommands({ eventStore: store, clock: systemClock, ids: randomIds, adminIds: [ADMIN] });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const people = Array.from({ length: PEOPLE }, (_, i) => String(20_000 + i));
  const admin = await commands.person(ADMIN);
  for (const id of people) {
    await commands.register(await commands.person(id), { fullName: `Учитель ${id} Тестович` }, {});
    await commands.approveStaff(admin, { telegramId: id, role: 'teacher' }, {});
  }
  const worker = botRole
    ? undefined
    : startWorker({ store, sql, clock: systemClock, log: quiet, lock: soleLeaderLock, reactions: telegramReactions({ TECH_CHAT_ID: undefined }) });
  // The fake Bot API and the client POSTing updates run in a worker thread (see support/botDriver.ts).
  const driver = new Worker(new URL('./support/botDriver.worker.mjs', import.meta.url));
  const driverMessages: Array<(message: { apiRoot?: string; result?: DriverResult }) => void> = [];
  driver.on('message', (message: { apiRoot?: string; result?: DriverResult }) => driverMessages.shift()?.(message));
  driver.on('error', (error) => {
    console.error('the bench driver failed:', error);
    process.exit(1);
  });
  const nextDriverMessage = () => new Promise<{ apiRoot?: string; result?: DriverResult }>((resolve) => driverMessages.push(resolve));
  const { apiRoot } = await nextDriverMessage();
  if (!apiRoot) throw new Error('the bench driver did not start its fake Bot API');
  const http = createHttpServer({ logLevel: 'silent', logger: false });
  const state = useRedis
    ? await createRedisState({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `bench:${Date.now()}:` })
    : createInProcessConversationState();
  const telegram = await startTelegram({
    config: {
      TELEGRAM_TOKEN: '123456789:BENCH-token-for-the-fake-bot-api',
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: 'bench-secret',
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_TELEGRAM_IDS: [Number(ADMIN)],
      REDIS_URL: undefined,
      SCHOOL_TIMEZONE: 'Europe/Moscow',
      TECH_CHAT_ID: undefined,
      TECH_CHAT_TOPICS: undefined,
      BOT_INSTANCE_ID: 'bench',
      DIGEST_TIME: { hour: 8, minute: 0 },
    },
    http,
    commands,
    read: sqlReadModels(sql),
    clock: systemClock,
    log: quiet,
    state,
    outbox: sqlOutboxQueue(sql),
    digestWriter: sqlOutboxWriter(sql),
  });
  if (!telegram) throw new Error('telegram did not start');
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/telegram/webhook`;

  const rss = trackPeakRss();
  const run: DriverRun = { url, secret: 'bench-secret', total, concurrency, warmUp: 30, people, helpOnly };
  driver.postMessage({ run });
  const { result } = await nextDriverMessage();
  if (!result) throw new Error('the bench driver returned no result');
  const tickets = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE type = 'TicketOpened'`);
  report(helpOnly ? 'bot-help' : 'bot-new-ticket', result.latencies, result.elapsedMs, {
    updates: total,
    concurrency,
    state: useRedis ? 'redis' : 'embedded',
    role: botRole ? 'bot' : 'all',
    store: 'postgres',
    tickets_opened: Number(tickets.rows[0]?.n ?? 0),
    // Answered 500 (Telegram would deliver these again): command failures such as exhausted retries.
    failed_updates: result.failures,
    replies_sent: result.sentMessages,
    driver: 'worker thread (fake Bot API and webhook client)',
  }, rss.stop());

  await telegram.stop(2_000);
  await worker?.stop();
  await http.close();
  driver.postMessage({ stop: true });
  await new Promise((resolve) => driver.once('exit', resolve));
  await store.close();
  await sql.close();
  await state.close();
  await database.drop();
}
