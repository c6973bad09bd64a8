// `npm run bench -- bot [updates] [concurrency] [--redis] [--help] [--bot-role]`: ticket-creation updates (/new <text>) POSTed over
// loopback HTTP to the webhook of one bot instance (role all: the worker projects meanwhile), on a fresh
// database of the local PostgreSQL, with the fake Bot API receiving the replies. Latency is POST → 200. The
// client and the fake Bot API run in a worker thread, as Telegram runs elsewhere: this process is the bot.
import { randomIds } from '../../application/ports/ids.js';
import { systemClock } from '../../application/ports/clock.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createRedisState } from '../../adapters/redis/redisState.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { soleLeaderLock } from '../../adapters/memory/soleLeaderLock.js';
import { telegramReactions } from '../../infra/telegram.js';
import { startWorker } from '../../infra/worker.js';
import type { DriverResult, DriverRun } from './support/botDriver.js';
import { startDriverThread, startWebhookBot } from './support/webhookBot.js';
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
  const driver = await startDriverThread<DriverResult>(new URL('./support/botDriver.worker.mjs', import.meta.url));
  const state = useRedis
    ? await createRedisState({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `bench:${Date.now()}:` })
    : createInProcessConversationState();
  const bot = await startWebhookBot({ apiRoot: driver.apiRoot, secret: 'bench-secret', admin: ADMIN, sql, commands, state });

  const rss = trackPeakRss();
  const run: DriverRun = { url: bot.url, secret: 'bench-secret', total, concurrency, warmUp: 30, people, helpOnly };
  driver.worker.postMessage({ run });
  const result = await driver.result();
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

  await bot.stop();
  await worker?.stop();
  await driver.stop();
  await store.close();
  await sql.close();
  await state.close();
  await database.drop();
}
