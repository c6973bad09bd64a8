// The scale drill on loopback: nginx (our nginx.conf and webhook.conf, run in the foreground with a temp
// prefix) in front of two real `schoolbot start --role bot` processes in webhook mode, plus two
// `--role worker` processes, all on one test PostgreSQL and one private Redis, talking to a fake Telegram.
// Registrations posted through nginx spread over both bots (a conversation may continue on the other
// replica), exactly one worker projects, and the read model holds every registration.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL, firstMissing, requirePostgres, requireTools, titled } from '../support/tools.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { domainEventSchemas } from '../../domain/events.js';
import { allProjectors } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { tableRows } from '../projections/support/readSide.js';
import { texts } from '../../adapters/telegram/texts.js';
import { FakeTelegram } from '../support/fakeTelegram.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redisServer.js';
import { freePort, loopbackNginxConfig, repoRoot, run, waitFor } from './support.js';
import { schoolbotArgs } from '../support/compiledCli.js';

const TOKEN = '424242:drill-token-abcdefghijklmnopqrstuvw';
const SECRET = 'drill_webhook_secret';
const STAFF = 16;

interface Running {
  name: string;
  port: number;
  child: ChildProcess;
  output: () => string;
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, port: number): Running {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, port, child, output: () => output };
}

async function stop(running: Running | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!running || running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  if (running.child.exitCode === null) running.child.kill('SIGKILL');
}

const healthy = (port: number) => () =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (response) => response.ok,
    () => false,
  );

/** Sum of every bot_requests_total series a process exports. */
async function requestsHandled(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return [...text.matchAll(/^bot_requests_total(?:\{[^}]*\})? (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const missing = firstMissing(requirePostgres(), requireTools(TOOL.nginx, TOOL.redisServer));

describe.skipIf(missing !== undefined)(titled('scale drill: nginx, two webhook bots, two workers', missing), () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let telegram: FakeTelegram;
  let dir: string;
  let nginx: Running | undefined;
  let nginxPort: number;
  const processes: Running[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sbops_scale');
    redis = await startPrivateRedis();
    telegram = new FakeTelegram();
    await telegram.start();
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-scale-'));

    const base: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENVIRONMENT: 'test',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      TELEGRAM_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ADMIN_TELEGRAM_IDS: '1',
      // On the wall clock: notices must not wait for a school morning.
      QUIET_HOURS: 'off',
    };
    const migrated = await run(process.execPath, schoolbotArgs('migrate'), { env: base, timeoutMs: 120_000 });
    expect(migrated.code, migrated.stderr).toBe(0);

    for (const [name, role] of [
      ['bot-a', 'bot'],
      ['bot-b', 'bot'],
      ['worker-a', 'worker'],
      ['worker-b', 'worker'],
    ] as const) {
      const port = await freePort();
      const env = { ...base, HTTP_PORT: String(port), BOT_INSTANCE_ID: name };
      processes.push(start(name, process.execPath, schoolbotArgs('start', '--role', role), env, port));
    }
    for (const running of processes) {
      await waitFor(healthy(running.port), 90_000, `${running.name} to be healthy:\n${running.output()}`);
    }

    // Our nginx.conf with the upstream pointed at the two bots and the paths moved into a temp prefix.
    nginxPort = await freePort();
    const [botA, botB] = processes;
    const args = await loopbackNginxConfig(dir, nginxPort, [botA!.port, botB!.port]);
    expect((await run('nginx', ['-t', ...args])).code).toBe(0);
    nginx = start('nginx', 'nginx', args, { PATH: process.env.PATH }, nginxPort);
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${nginxPort}/nginx-health`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
      'nginx',
    );
  }, 300_000);

  afterAll(async () => {
    await stop(nginx, 'SIGQUIT');
    for (const running of processes) await stop(running);
    await telegram?.stop();
    await redis?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const post = (body: unknown, secret = SECRET) =>
    fetch(`http://127.0.0.1:${nginxPort}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify(body),
    });
  let updateId = 1000;
  const message = (userId: number, text: string) => {
    updateId += 1;
    const from = { id: userId, is_bot: false, first_name: `User${userId}`, username: `user${userId}` };
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.length }] : undefined;
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private' },
        from,
        text,
        ...(entities ? { entities } : {}),
      },
    };
  };

  it('exposes only the webhook and /healthz through nginx', async () => {
    const base = `http://127.0.0.1:${nginxPort}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/readyz`)).status).toBe(404);
    expect((await fetch(`${base}/telegram/webhook`)).status).toBe(403);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await post(message(99, '/start'), 'wrong-secret')).status).toBe(401);
  });

  it('spreads updates over both bots, one worker projects, and the read model holds every registration', async () => {
    const users = Array.from({ length: STAFF }, (_, index) => 5000 + index);
    await Promise.all(
      users.map(async (userId) => {
        expect((await post(message(userId, '/start'))).status).toBe(200);
        expect((await post(message(userId, `Сотрудник Номер ${userId}`))).status).toBe(200);
      }),
    );
    const [botA, botB, workerA, workerB] = processes;
    const handled = [await requestsHandled(botA!.port), await requestsHandled(botB!.port)];
    expect(handled[0]! + handled[1]!).toBeGreaterThanOrEqual(STAFF * 2);
    expect(Math.min(...handled), `requests per bot: ${handled.join(', ')}`).toBeGreaterThan(0);

    // Exactly one of the two workers holds the projector lock.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const holders = await admin.query<{ application_name: string }>(
        `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
            AND a.application_name LIKE 'schoolbot-worker-lock%'`,
      );
      expect(holders.rows).toHaveLength(1);
      expect([workerA!.name, workerB!.name].some((name) => holders.rows[0]!.application_name.includes(name))).toBe(
        true,
      );
    } finally {
      await admin.end();
    }

    const sql = createPgExecutor({ connectionString: database.url, maxConnections: 3 });
    const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
    try {
      await waitFor(
        async () => {
          const rows = await sql.query<{ count: string }>(`SELECT count(*) FROM rm_staff WHERE status = 'pending'`);
          return rows.rows[0]?.count === String(STAFF);
        },
        60_000,
        'every registration in the staff read model',
      );
      const names = await sql.query<{ full_name: string }>(`SELECT full_name FROM rm_staff ORDER BY telegram_id`);
      expect(names.rows.map((row) => row.full_name)).toEqual(users.map((userId) => `Сотрудник Номер ${userId}`));
      // The live read models equal a clean rebuild from the log.
      const live = await Promise.all(allProjectors.map((p) => tableRows(sql, p.table, p.key.column)));
      await rebuildProjections({ store, sql, checkpoints: sqlCheckpointStore(sql), projectors: allProjectors });
      expect(await Promise.all(allProjectors.map((p) => tableRows(sql, p.table, p.key.column)))).toEqual(live);
    } finally {
      await store.close();
      await sql.close();
    }
    // Each user was asked for a name by one bot and thanked by whichever bot got the name.
    const { askName, pending } = texts.registration;
    await waitFor(
      async () => users.every((userId) => telegram.textsTo(userId).join('\n') === `${askName}\n${pending}`),
      30_000,
      'every user to be asked for a name and told the request is pending',
    );
  }, 300_000);
});
