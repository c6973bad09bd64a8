// `npm run bench -- bot [updates] [concurrency] [--redis] [--help] [--bot-role]`: ticket-creation updates (/new <text>) POSTed over
// loopback HTTP to the webhook of one bot instance (role all: the worker projects meanwhile), on a fresh
// database of the local PostgreSQL, with the fake Bot API receiving the replies. Latency is POST → 200.
import { randomIds } from '../../application/ports/ids.js';
import { systemClock } from '../../application/ports/clock.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../../adapters/postgres/readModels/outbox.js';
import { createEmbeddedState } from '../../adapters/redis/embeddedState.js';
import { createRedisState } from '../../adapters/redis/redisState.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { soleLeaderLock } from '../../projections/leadership.js';
import { startTelegram, telegramReactions } from '../../infra/telegram.js';
import { startWorker } from '../../infra/worker.js';
import { FakeTelegram } from '../support/fakeTelegram.js';
import { createTestDatabase } from '../support/postgres.js';
import { report, trackPeakRss } from './report.js';

const ADMIN = '1000';
const PEOPLE = 50;

export default async function bench(args: string[]): Promise<void> {
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const total = numbers[0] ?? 1000;
  const concurrency = numbers[1] ?? 16;
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
  for (const id of people) {
    await commands.register(id, { fullName: `Учитель ${id} Тестович` });
    await commands.approveStaff(ADMIN, id, { role: 'teacher' });
  }
  const worker = botRole
    ? undefined
    : startWorker({ store, sql, clock: systemClock, log: quiet, lock: soleLeaderLock, reactions: telegramReactions({ TECH_CHAT_ID: undefined }) });
  const fake = new FakeTelegram();
  const apiRoot = await fake.start();
  const http = createHttpServer({ logLevel: 'silent', logger: false });
  const state = useRedis
    ? await createRedisState({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `bench:${Date.now()}:` })
    : createEmbeddedState();
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
      DIGEST_TIME: '08:00',
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

  const updateFor = (i: number) => {
    const user = Number(people[i % PEOPLE]);
    return JSON.stringify({
      update_id: 500_000 + i,
      message: {
        message_id: i + 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: user, type: 'private', first_name: 'T' },
        from: { id: user, is_bot: false, first_name: 'T' },
        text: helpOnly ? '/help' : `/new каб. ${100 + (i % 300)} не работает проектор, заявка ${i}`,
      },
    });
  };
  let failures = 0;
  const post = async (body: string) => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'bench-secret' },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) failures += 1;
    return performance.now() - started;
  };

  // Warm up (JIT, connection pool, prepared statements) with updates that are not counted.
  for (let i = 0; i < 30; i += 1) await post(updateFor(total + i));

  const rss = trackPeakRss();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        latencies.push(await post(updateFor(i)));
      }
    }),
  );
  const elapsed = performance.now() - started;
  const tickets = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE type = 'TicketOpened'`);
  report(helpOnly ? 'bot-help' : 'bot-new-ticket', latencies, elapsed, {
    updates: total,
    concurrency,
    state: useRedis ? 'redis' : 'embedded',
    role: botRole ? 'bot' : 'all',
    store: 'postgres',
    tickets_opened: Number(tickets.rows[0]?.n ?? 0),
    // Answered 500 (Telegram would deliver these again): command failures such as exhausted retries.
    failed_updates: failures,
  }, rss.stop());

  await telegram.stop(2_000);
  await worker?.stop();
  await http.close();
  await fake.stop();
  await store.close();
  await sql.close();
  await state.close();
  await database.drop();
}
