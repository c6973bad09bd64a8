// Crash tests with real processes (issue 12): `schoolbot start` processes in webhook mode behind a client that
// delivers like Telegram (no 200 — an error status or a connection reset — means the update comes again, with
// a short backoff, until a 200), killed with SIGKILL at awkward moments and started again. What must hold:
// - an update opens its ticket exactly once, however often it was delivered: a claim suppresses only the
//   redelivery of an update that completed, so one whose handler died is handled again (after a 503 or two);
// - each author gets "Заявка №N принята" exactly once per ticket: replies are durable before the 200;
// - every technician hears about every ticket (several tickets may share one merged message);
// - at the Bot API boundary delivery is at-least-once for a message in flight at the kill (Telegram accepted
//   it, the bot had not marked it sent: read from the dead bot's outbox), exactly once for every other.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Update } from 'telegraf/types';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { FakeTelegram } from '../support/fakeTelegram.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redisServer.js';
import { freePort, waitFor } from '../ops/support.js';
import {
  acceptedReplies,
  repliesInTheWindow,
  baseEnv,
  ids,
  missingNotices,
  openedTickets,
  repliesNotOnce,
  seedStaff,
  sentTo,
  settles,
  startApp,
  storm,
  textUpdate,
  ticketsPerTag,
  WebhookDeliverer,
  type AppProcess,
  type OpenedTicket,
  type Staff,
} from './support/deliveryRig.js';
import { copyMigratedPglite } from '../support/migrated.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

/** The PostgreSQL scenarios run the bot and the worker apart, sharing a private Redis (redis-server). */
const noRedis = requireTools(TOOL.redisServer);
const withRedis = it.skipIf(noRedis !== undefined);

const STAFF: Staff = { teachers: ids(3000, 20), technicians: ids(4000, 3) };
const STORM = 60;
const IN_FLIGHT = 6;
/** The bot is killed right after this many updates of the storm got their 200. */
const KILL_AFTER = 25;
/** Redelivery: a crashed attempt's claim (a short lease) must let the update through well within this. */
const DELIVERY_DEADLINE_MS = 60_000;
/** Replies after the restart. */
const REPLY_DEADLINE_MS = 30_000;
/**
 * Notices after the restart: merged, they are a handful of messages; but an outbox row claimed by the killed
 * bot waits for its lease to expire (NOTICE_LEASE_MS, 20 s, in notificationSender.ts), so this is generous.
 */
const NOTICE_DEADLINE_MS = 90_000;

/** "/new …" texts, each with a tag that names exactly one ticket. */
const stormUpdates = (scenario: string, firstUpdateId: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const tag = `[${scenario}-${String(i).padStart(3, '0')}]`;
    const teacher = STAFF.teachers[i % STAFF.teachers.length]!;
    return { tag, teacher, update: textUpdate(firstUpdateId + i, teacher, `/new каб. ${100 + i} не работает проектор ${tag}`) };
  });

interface Scenario {
  telegram: FakeTelegram;
  cleanup: Array<() => Promise<unknown>>;
  processes: AppProcess[];
}

let current: Scenario | undefined;

async function scenario(): Promise<Scenario> {
  const telegram = new FakeTelegram();
  await telegram.start();
  current = { telegram, cleanup: [() => telegram.stop()], processes: [] };
  return current;
}

afterEach(async () => {
  const done = current;
  current = undefined;
  if (!done) return;
  for (const app of done.processes) await app.kill();
  for (const step of done.cleanup.reverse()) await step().catch(() => undefined);
});

/** A test PostgreSQL database with the staff seeded, a private Redis, and the bot + worker processes. */
async function postgresSetup(s: Scenario, name: string) {
  const database: TestDatabase = await createTestDatabase(`sbcrash_${name}`);
  s.cleanup.push(() => database.drop());
  const redis: PrivateRedis = await startPrivateRedis();
  s.cleanup.push(() => redis.stop());
  const sql: SqlExecutor = createPgExecutor({ connectionString: database.url, maxConnections: 3 });
  s.cleanup.push(() => sql.close());
  await seedStaff(sql, STAFF);
  const env = baseEnv(s.telegram.apiRoot, { EVENT_STORE: 'postgres', DATABASE_URL: database.url, REDIS_URL: redis.url });
  const worker = startApp('worker-1', 'worker', env, await freePort());
  let bot = startApp('bot-1', 'bot', env, await freePort());
  s.processes.push(worker, bot);
  await Promise.all([worker.healthy(), bot.healthy()]);
  return {
    database,
    sql,
    worker,
    get bot() {
      return bot;
    },
    /** SIGKILL the bot (if it runs) and start it again on the same port. */
    async restartBot() {
      await bot.kill();
      bot = bot.restart();
      s.processes.push(bot);
      await bot.healthy();
      return bot;
    },
    webhook: () => `http://127.0.0.1:${bot.port}/telegram/webhook`,
    /** Outbox rows neither sent nor dropped. */
    async undelivered(): Promise<number> {
      const rows = await sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM notification_outbox WHERE sent_at IS NULL AND dropped_at IS NULL`,
      );
      return Number(rows.rows[0]?.n ?? 0);
    },
  };
}

/** Waits (bounded) for every reply and every notice; the caller then asserts the exact counts softly. */
async function awaitMessages(telegram: FakeTelegram, tickets: () => readonly OpenedTicket[]) {
  const [replies, notices] = await Promise.all([
    settles(() => [...acceptedReplies(telegram, tickets()).values()].every((count) => count >= 1), REPLY_DEADLINE_MS),
    settles(
      () => Object.keys(missingNotices(telegram, STAFF.technicians, tickets().map((t) => t.number))).length === 0,
      NOTICE_DEADLINE_MS,
    ),
  ]);
  return { replies, notices };
}

/**
 * The exactly-once assertions shared by the storm scenarios (soft: every failing one is reported). `window`:
 * the replies Telegram had accepted and the dead bot had not marked sent (repliesInTheWindow); each of those
 * arrives once or twice, every other reply exactly once.
 */
function expectExactlyOnce(
  telegram: FakeTelegram,
  tickets: readonly OpenedTicket[],
  tags: readonly string[],
  deliverer: WebhookDeliverer,
  window: readonly number[],
) {
  const redelivered = deliverer.redelivered();
  expect.soft(ticketsPerTag(tickets, tags), `tags whose ticket was not opened exactly once; redelivered:\n${deliverer.describe(redelivered)}`).toEqual({});
  expect.soft(repliesNotOnce(telegram, tickets, window), `tickets whose author did not get "принята" exactly once (in the window: ${window.join(', ') || 'none'})`).toEqual([]);
  const counts = acceptedReplies(telegram, tickets);
  expect.soft(window.filter((number) => ![1, 2].includes(counts.get(number) ?? 0)), 'replies in the window arrived once or twice').toEqual([]);
  expect
    .soft(missingNotices(telegram, STAFF.technicians, tickets.map((t) => t.number)), 'tickets missing from technicians’ messages')
    .toEqual({});
}

/**
 * The storm, with `killAndRestart` started right after the KILL_AFTER-th 200 (its first, synchronous step must
 * be the SIGKILL, so the kill lands while updates are in flight); resolves once the bot is back.
 */
async function stormWithKill(deliverer: WebhookDeliverer, planned: ReadonlyArray<{ update: Update }>, killAndRestart: () => Promise<void>) {
  let killedWith = -1;
  let restarted: Promise<void> | undefined;
  await storm(
    deliverer,
    planned.map((p) => p.update),
    IN_FLIGHT,
    {
      deadlineMs: DELIVERY_DEADLINE_MS,
      onOk(answered) {
        if (answered !== KILL_AFTER) return;
        killedWith = deliverer.inFlight;
        restarted = killAndRestart();
      },
    },
  );
  expect(restarted, 'the storm reached the kill point').toBeDefined();
  await restarted;
  expect(killedWith, 'updates were in flight at the kill').toBeGreaterThan(0);
}

describe('crash delivery with real processes', () => {
  withRedis(titled('PostgreSQL, bot and worker apart: a bot killed in the middle of a storm loses and doubles nothing', noRedis), async () => {
    const s = await scenario();
    const setup = await postgresSetup(s, 'storm');
    const deliverer = new WebhookDeliverer(setup.webhook);
    const planned = stormUpdates('pg', 10_000, STORM);

    let window: number[] = [];
    await stormWithKill(deliverer, planned, async () => {
      setup.bot.child.kill('SIGKILL');
      await setup.bot.kill();
      window = await repliesInTheWindow(setup.sql, s.telegram);
      await setup.restartBot();
    });

    const tickets = await openedTickets(setup.sql);
    const waited = await awaitMessages(s.telegram, () => tickets);
    await setup.bot.stop();
    expectExactlyOnce(s.telegram, tickets, planned.map((p) => p.tag), deliverer, window);
    expect.soft(waited, 'replies and notices arrived within their deadlines').toEqual({ replies: true, notices: true });
  }, 240_000);

  withRedis(titled('PostgreSQL: an update blocked in its append when the bot dies is handled after the restart, once', noRedis), async () => {
    const s = await scenario();
    const setup = await postgresSetup(s, 'blocked');
    const deliverer = new WebhookDeliverer(setup.webhook);
    const [blocked] = stormUpdates('blk', 20_000, 1);

    // Appends insert into es_events; EXCLUSIVE mode lets reads through (the speaker is resolved, the update
    // claimed) and holds every insert, so the handler stops inside the command.
    const locker = new pg.Client({ connectionString: setup.database.url });
    await locker.connect();
    s.cleanup.push(() => locker.end());
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE es_events IN EXCLUSIVE MODE');
    const delivery = deliverer.deliver(blocked!.update, { deadlineMs: DELIVERY_DEADLINE_MS });
    delivery.catch(() => undefined);
    await waitFor(
      async () => {
        const waiting = await locker.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE c.relname = 'es_events' AND NOT l.granted`,
        );
        return Number(waiting.rows[0]?.n) > 0;
      },
      20_000,
      'the bot to wait for the es_events lock',
    );
    expect(deliverer.attempts.get(blocked!.update.update_id) ?? [], 'the blocked update has no answer yet').toEqual([]);
    expect(deliverer.inFlight).toBe(1);

    await setup.bot.kill();
    await locker.query('ROLLBACK');
    await setup.restartBot();
    const attempts = await delivery;
    expect(attempts[0], 'the first attempt died with the bot').toBe('reset');

    const tickets = await openedTickets(setup.sql);
    const opened = tickets.filter((t) => t.description.includes(blocked!.tag));
    expect.soft(opened, `the blocked update's ticket, opened once (attempts: ${attempts.join(', ')})`).toHaveLength(1);
    const waited = await awaitMessages(s.telegram, () => opened);
    await setup.bot.stop();
    expect.soft(repliesNotOnce(s.telegram, opened), '"принята" exactly once').toEqual([]);
    expect.soft(waited).toEqual({ replies: true, notices: true });
  }, 180_000);

  it('embedded store, one process doing both: a kill in the middle of a storm loses and doubles nothing', async () => {
    const s = await scenario();
    const dir = await mkdtemp(join(tmpdir(), 'schoolbot-crash-delivery-'));
    s.cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'pglite'); // where infra/stores.ts keeps the embedded database under DATA_DIR
    await copyMigratedPglite(dataDir);
    const seeding = await createPgliteExecutor({ dataDir });
    await seedStaff(seeding, STAFF);
    await seeding.close();
    const env = baseEnv(s.telegram.apiRoot, { DATA_DIR: dir, EVENT_STORE: '', DATABASE_URL: '', REDIS_URL: '' });
    let app = startApp('embedded', 'all', env, await freePort());
    s.processes.push(app);
    await app.healthy();
    const deliverer = new WebhookDeliverer(() => `http://127.0.0.1:${app.port}/telegram/webhook`);
    const planned = stormUpdates('emb', 30_000, STORM);

    let window: number[] = [];
    await stormWithKill(deliverer, planned, async () => {
      const dead = app;
      dead.child.kill('SIGKILL');
      await dead.kill();
      const dying = await createPgliteExecutor({ dataDir });
      window = await repliesInTheWindow(dying, s.telegram);
      await dying.close();
      app = dead.restart();
      s.processes.push(app);
      await app.healthy();
    });

    // The embedded database has one opener: the tickets are read after the process stops. Until then the
    // replies are matched against what the authors were promised (one per update).
    const numbersSeenBy = (chat: string) => new Set(s.telegram.textsTo(chat).flatMap((text) => [...text.matchAll(/№\s?(\d+)/g)].map((m) => m[1])));
    const [waited, noticed] = await Promise.all([
      settles(
        // Distinct tickets, not messages: a reply in the at-least-once window may arrive twice, and a total would
        // then count the last tickets' replies as arrived before they had.
        () => new Set(STAFF.teachers.flatMap((teacher) => sentTo(s.telegram, teacher).filter((t) => t.includes('принята')).flatMap((t) => [...t.matchAll(/№\s?(\d+)/g)].map((m) => m[1])))).size >= STORM,
        REPLY_DEADLINE_MS,
      ),
      // Notices: every technician must see as many distinct numbers as there are tickets.
      settles(() => STAFF.technicians.every((t) => numbersSeenBy(t).size >= STORM), NOTICE_DEADLINE_MS),
    ]);
    await app.stop();
    const reading = await createPgliteExecutor({ dataDir });
    s.cleanup.push(() => reading.close());
    const tickets = await openedTickets(reading);
    expectExactlyOnce(s.telegram, tickets, planned.map((p) => p.tag), deliverer, window);
    expect.soft({ replies: waited, notices: noticed }, 'replies and notices arrived within their deadlines').toEqual({ replies: true, notices: true });
  }, 240_000);

  withRedis(titled('the at-least-once window: only the message held at the Bot API when the bot dies may arrive twice', noRedis), async () => {
    const s = await scenario();
    const setup = await postgresSetup(s, 'window');
    const deliverer = new WebhookDeliverer(setup.webhook);
    const planned = stormUpdates('win', 40_000, 10);
    const numbersSeenBy = (chat: string) => new Set(s.telegram.textsTo(chat).flatMap((text) => [...text.matchAll(/№\s?(\d+)/g)].map((m) => Number(m[1]))));
    const hasAccepted = (teacher: string) => sentTo(s.telegram, teacher).some((text) => text.includes('принята'));

    // Nine tickets first, every message of theirs delivered: nothing of theirs is in flight later.
    const first = planned.slice(0, -1);
    await Promise.all(first.map((p) => deliverer.deliver(p.update, { deadlineMs: DELIVERY_DEADLINE_MS })));
    const settled = await settles(
      () => first.every((p) => hasAccepted(p.teacher)) && STAFF.technicians.every((t) => numbersSeenBy(t).size >= first.length),
      NOTICE_DEADLINE_MS,
    );
    expect(settled, 'the first tickets’ replies and notices were delivered').toBe(true);

    // The last ticket's reply is accepted by the Bot API, which then holds its answer.
    const last = planned.at(-1)!;
    const held = s.telegram.holdNext('sendMessage', (payload) => String(payload.chat_id) === last.teacher && String(payload.text).includes('принята'));
    s.cleanup.push(async () => held.release());
    // Not awaited yet: a bot that sends the reply before answering would hold its webhook answer too.
    const lastDelivery = deliverer.deliver(last.update, { deadlineMs: DELIVERY_DEADLINE_MS });
    lastDelivery.catch(() => undefined);
    const heldCall = await Promise.race([
      held.arrived,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the held reply never reached the fake Bot API')), 30_000)),
    ]);
    expect(String(heldCall.payload.text)).toContain('принята');
    // Let its notices go out if the bot sends them meanwhile (a bot may also keep them until the reply is
    // answered: then they are still in the outbox at the kill, not in flight, and go out once after it).
    const lastNumber = [...String(heldCall.payload.text).matchAll(/№\s?(\d+)/g)].map((m) => Number(m[1]));
    await settles(
      async () => STAFF.technicians.every((t) => lastNumber.every((n) => numbersSeenBy(t).has(n))) && (await setup.undelivered()) <= 1,
      15_000,
    );
    // The kill comes when the held call is the only one the Bot API is answering.
    expect(await settles(() => s.telegram.inProgress === 1, 10_000), 'only the held call in flight').toBe(true);
    await setup.bot.kill();
    held.release();
    await setup.restartBot();
    const attempts = await lastDelivery;
    // Whatever is still owed goes out after the restart (a leased outbox row once its lease expires).
    const drained = await settles(
      async () => (await setup.undelivered()) === 0 && STAFF.technicians.every((t) => numbersSeenBy(t).size >= planned.length),
      NOTICE_DEADLINE_MS,
    );
    await setup.bot.stop();

    const tickets = await openedTickets(setup.sql);
    expect(ticketsPerTag(tickets, planned.map((p) => p.tag)), `attempts of the last update: ${attempts.join(', ')}`).toEqual({});
    const heldTicket = tickets.find((t) => t.description.includes(last.tag))!;
    const heldCount = acceptedReplies(s.telegram, tickets).get(heldTicket.number) ?? 0;
    expect(heldCount, 'the held reply arrived at least once').toBeGreaterThanOrEqual(1);
    expect(heldCount, 'the held reply arrived at most twice').toBeLessThanOrEqual(2);
    expect.soft(repliesNotOnce(s.telegram, tickets, [heldTicket.number]), 'every other reply exactly once').toEqual([]);
    // Every other message exactly once: no chat got the same text twice (but the held one).
    const heldKey = `${last.teacher}: ${String(heldCall.payload.text)}`;
    const doubled = s.telegram
      .successful('sendMessage')
      .map((call) => `${String(call.payload.chat_id)}: ${String(call.payload.text)}`)
      .filter((key, index, all) => key !== heldKey && all.indexOf(key) !== index);
    expect.soft(doubled, 'messages sent twice').toEqual([]);
    expect.soft(missingNotices(s.telegram, STAFF.technicians, tickets.map((t) => t.number)), 'tickets missing from notices').toEqual({});
    expect.soft(drained, 'the outbox drained after the restart').toBe(true);
  }, 240_000);
});
