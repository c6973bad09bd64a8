// `npm run bench -- delivery [tickets] [stormSeconds] [--technicians-ask]`: scenario reply-under-storm (issue 12). On a fresh
// database of the local PostgreSQL, one bot (webhook) and the worker run in this process with the send
// queue's real limits (about 30 messages/s in all, 1/s per chat); the fake Bot API and the client run in a
// worker thread. 30 teachers open 200 tickets over 40 s (/new <text>, 5/s), every one of 5 technicians is told
// about each, and meanwhile 20 other people each send /my or /ticket N once a second. Measured per reader
// request: webhook POST start → that person's reply arriving at the fake Bot API. Also: messages per
// technician (max), tickets missing from their messages, the drain (last ticket POST → the notice that
// completed every technician's set), and the limits as Telegram sees them.
// --technicians-ask: each technician also sends /my every 5 s, and their reply's latency is reported apart
// (technician_p95_ms): a reply in a chat that also carries the notices, where the lanes decide the order.
// Targets: p95 ≤ 1500 ms, p99 ≤ 3000 ms, ≤ 20 messages per technician with every ticket present, drained ≤ 60 s.
import { randomIds } from '../../application/ports/ids.js';
import { systemClock } from '../../application/ports/clock.js';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { soleLeaderLock } from '../../adapters/memory/soleLeaderLock.js';
import { allProjectors } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { telegramReactions } from '../../infra/telegram.js';
import { startWorker } from '../../infra/worker.js';
import type { DeliveryResult, DeliveryRun } from './support/deliveryDriver.js';
import { startDriverThread, startWebhookBot } from './support/webhookBot.js';
import { createTestDatabase } from '../support/postgres.js';
import { percentile, report, trackPeakRss } from './report.js';

const ADMIN = '1000';
const TEACHERS = 30;
const READERS = 20;
const TECHNICIANS = 5;
const SECRET = 'bench-secret';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

export default async function bench(args: string[]): Promise<void> {
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const tickets = numbers[0] ?? 200;
  const stormSeconds = numbers[1] ?? 40;
  const techniciansAsk = args.includes('--technicians-ask');
  const teachers = range(21_000, TEACHERS);
  const readers = range(22_000, READERS);
  const technicians = range(23_000, TECHNICIANS);
  const warmUpUser = '24000';

  const database = await createTestDatabase('sbbench_delivery');
  const sql = createPgExecutor({ connectionString: database.url, maxConnections: 12 });
  await runMigrations(sql, migrations);
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
  const commands = createSchoolCommands({ eventStore: store, clock: systemClock, ids: randomIds, adminIds: [ADMIN] });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const admin = await commands.person(ADMIN);
  for (const [people, role] of [
    [[...teachers, ...readers, warmUpUser], 'teacher'],
    [technicians, 'technician'],
  ] as const) {
    for (const id of people) {
      await commands.register(await commands.person(id), { fullName: `Сотрудник ${id} Тестович` }, {});
      // No categories: a technician hears about every ticket.
      await commands.approveStaff(admin, { telegramId: id, role, categories: [] }, {});
    }
  }
  // The staff read model knows the technicians before the first ticket's notice is decided.
  await rebuildProjections({ store, sql, checkpoints: sqlCheckpointStore(sql), projectors: allProjectors });
  const worker = startWorker({ store, sql, clock: systemClock, log: quiet, lock: soleLeaderLock, reactions: telegramReactions({ TECH_CHAT_ID: undefined }) });

  const driver = await startDriverThread<DeliveryResult>(new URL('./support/deliveryDriver.worker.mjs', import.meta.url));
  const state = createInProcessConversationState();
  const bot = await startWebhookBot({ apiRoot: driver.apiRoot, secret: SECRET, admin: ADMIN, sql, commands, state });

  const rss = trackPeakRss();
  const run: DeliveryRun = {
    url: bot.url,
    secret: SECRET,
    teachers,
    readers,
    technicians,
    warmUpUser,
    tickets,
    stormMs: stormSeconds * 1000,
    readerIntervalMs: 1000,
    drainTimeoutMs: 300_000,
    technicianAskMs: techniciansAsk ? 5_000 : 0,
  };
  driver.worker.postMessage({ run });
  const result = await driver.result();
  const opened = await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE type = 'TicketOpened'`);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const technicianSorted = [...result.technicianLatencies].sort((a, b) => a - b);
  const technicianFields = techniciansAsk
    ? {
        technician_requests: result.technicianLatencies.length + result.technicianRepliesMissing,
        technician_p50_ms: Number(percentile(technicianSorted, 50).toFixed(3)),
        technician_p95_ms: Number(percentile(technicianSorted, 95).toFixed(3)),
        technician_replies_missing: result.technicianRepliesMissing,
      }
    : {};
  report(
    'reply-under-storm',
    result.latencies,
    result.stormElapsedMs,
    {
      p99_ms: Number(percentile(sorted, 99).toFixed(3)),
      max_ms: Number((sorted.at(-1) ?? 0).toFixed(3)),
      messages_per_technician: Math.max(...result.messagesPerTechnician),
      edits_per_technician: Math.max(...result.editsPerTechnician),
      tickets_missing_from_notices: result.ticketsMissingFromNotices,
      notices_drained_s: result.noticesDrainedMs === null ? null : Number((result.noticesDrainedMs / 1000).toFixed(1)),
      per_chat_limit_violations: result.perChatLimitViolations,
      max_messages_in_1s: result.maxMessagesInOneSecond,
      reader_requests: result.readerRequests,
      reader_replies_missing: result.readerRepliesMissing,
      tickets: tickets,
      tickets_opened: Number(opened.rows[0]?.n ?? 0),
      failed_posts: result.ticketPostsFailed + result.readerPostsFailed,
      messages_sent: result.messagesSent,
      ...technicianFields,
      storm_s: stormSeconds,
      store: 'postgres',
      driver: 'worker thread (fake Bot API and webhook client)',
    },
    rss.stop(),
  );

  await bot.stop();
  await worker.stop();
  await driver.stop();
  await store.close();
  await sql.close();
  await state.close();
  await database.drop();
}
