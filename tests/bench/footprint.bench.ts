// `npm run bench -- footprint [runs] [tickets]`: how heavy the process is, as the Docker image runs it
// (`node dist/infra/main.js start`, compiled by `npm run build` first, with the Dockerfile's NODE_OPTIONS). For the embedded store and for
// PostgreSQL, each `runs` times (default 3), medians reported:
//  - footprint-<store>-first-start: a new data directory / empty database; ready_ms = spawn → /readyz 200,
//    rss_mb = resident size after 5 s idle;
//  - footprint-<store>-restart: the same, started again on what the first start created;
//  - footprint-<store>-<n>-tickets: a school of `tickets` (default 10,000) tickets and a tenth as many tasks,
//    made beforehand by the school's own commands (support/commandedSchool.ts) and copied into a new store for
//    each run; started, projections and reactions caught up from nothing, 5 s idle, then rss_mb.
//    caught_up_ms = spawn → the end of the catch-up (the last moment the process was busy before every
//    projection_lag_seconds read 0); peak_rss_mb = the process's resident high-water mark (VmHWM) at the end;
//  - footprint-<store>-<n>-tickets-restart: that store started again once caught up (a school's every restart);
//  - footprint-<store>-<n>-tickets-restart-sandbox: the same without a token, i.e. with the sandbox's local Bot
//    API inside the process (a first `npm start`), for comparison.
// Every other row runs as a school runs in production: with a token, in webhook mode (docker-compose's default),
// talking to a fake Bot API that runs in this benchmark's process (the local Bot API, Telegram's limits enforced,
// bounded) through TELEGRAM_API_ROOT, so the process under test holds no Telegram of its own.
// ops_per_s is 0 (not a throughput benchmark); p50_ms/p95_ms are the median/worst ready_ms. ready_cpu_ms is the
// CPU time (user + system, all threads) the process had used when /readyz turned 200: unlike ready_ms it hardly
// depends on what else the machine runs, so each line also carries the load average it was measured under.
// heap_mb/external_mb are the process's V8 heap in use and its external memory (PGlite's WebAssembly memory is
// counted there) after the idle, from /metrics; photos_sent (production rows) how many photos the run sent, i.e.
// whether that start drew the day's digest charts. A line `footprint-fill` says what making the school took.
// FOOTPRINT_NODE_OPTIONS replaces the image's NODE_OPTIONS (`FOOTPRINT_NODE_OPTIONS=` measures without).
// FOOTPRINT_DIST=<dir> measures another compiled tree (e.g. `npx tsc -p tsconfig.build.json --outDir .tmp/x`
// and `node .tmp/x/infra/prepareEmbedded.js`) without building dist/; FOOTPRINT_STORES=embedded|postgres one
// store only.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { MemoryEventStore } from '../../adapters/eventstore/memory.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { LocalBotApi } from '../../adapters/telegram/localBotApi/localBotApi.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { loadConfig, schoolPolicyOf } from '../../infra/config.js';
import { loadConfiguredCalendar } from '../../infra/schoolCalendar.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/postgres.js';
import { copyLog, fillSchoolThroughCommands } from './support/commandedSchool.js';
import { report } from './report.js';

const root = resolve(import.meta.dirname, '../..');
const dist = process.env.FOOTPRINT_DIST ?? 'dist';
const IDLE_MS = 5_000;
/** How long a catch-up may take before the run fails. */
const CATCH_UP_LIMIT_MS = 20 * 60_000;
/** A process using more than this share of one core is still busy catching up. */
const BUSY_SHARE = 0.25;
const TARGETS = {
  embedded: { rss_mb: 300, ready_ms: 5_000 },
  postgres: { rss_mb: 150, ready_ms: 2_000 },
} as const;
type StoreKind = keyof typeof TARGETS;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Resident size now (VmRSS) or its high-water mark (VmHWM), in MB. */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

/** User + system CPU time of a process so far (clock ticks of 10 ms, Linux's USER_HZ). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Measured {
  ready_ms: number;
  ready_cpu_ms: number;
  rss_mb: number;
  heap_mb: number;
  external_mb: number;
  caught_up_ms?: number;
  caught_up_cpu_ms?: number;
  peak_rss_mb?: number;
  /** Photos the process sent to the fake Bot API (the digest's charts on a school's restart); not on the sandbox rows. */
  photos_sent?: number;
}

/** One gauge of a /metrics text (no labels), or NaN. */
const gauge = (metrics: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);

/** The image's `ENV NODE_OPTIONS=…` (V8's heap settings), read from the Dockerfile so the two cannot drift. */
const IMAGE_NODE_OPTIONS = /^ENV NODE_OPTIONS=(.*)$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1]?.trim() ?? '';

/** What the process under test runs with, besides its store, port and Telegram (see `telegramEnv`). */
const APP_ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'production',
  ENVIRONMENT: 'dev',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  HTTP_HOST: '127.0.0.1',
  BOT_ROLE: 'all',
  NODE_OPTIONS: process.env.FOOTPRINT_NODE_OPTIONS ?? IMAGE_NODE_OPTIONS,
};

/** A production school's Telegram settings, pointed at the fake Bot API at `apiRoot`. */
const productionTelegram = (apiRoot: string): Record<string, string> => ({
  TELEGRAM_TOKEN: '1000000001:footprint-fake-bot-api-not-a-real-token',
  TELEGRAM_API_ROOT: apiRoot,
  TELEGRAM_MODE: 'webhook',
  TELEGRAM_WEBHOOK_SECRET: 'footprint-webhook-secret',
});
/** Set once the fake Bot API listens: the production rows' Telegram; `{}` runs the sandbox instead. */
let telegramEnv: Record<string, string> = {};
/** Photos the fake Bot API has taken so far (counted as they arrive: its call list is bounded). */
let photosTaken = 0;

/** Starts the compiled app, waits for /readyz 200 (and, if asked, caught-up projections), idles, measures. */
async function measureStart(env: Record<string, string>, waitForProjections: boolean): Promise<Measured> {
  const port = await freePort();
  const photosBefore = photosTaken;
  const started = performance.now();
  const child = spawn(process.execPath, [join(dist, 'infra/main.js'), 'start'], {
    cwd: root,
    env: { ...APP_ENV, ...telegramEnv, HTTP_PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    let ready_ms: number | undefined;
    let ready_cpu_ms = 0;
    const deadline = Date.now() + 180_000;
    while (ready_ms === undefined) {
      if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}): ${stderr}`);
      if (Date.now() > deadline) throw new Error(`not ready within 180 s: ${stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) {
          ready_ms = Math.round(performance.now() - started);
          ready_cpu_ms = cpuMs(child.pid!);
        }
      } catch {
        // not listening yet
      }
      if (ready_ms === undefined) await sleep(50);
    }
    let caught: Pick<Measured, 'caught_up_ms' | 'caught_up_cpu_ms' | 'peak_rss_mb'> = {};
    if (waitForProjections) {
      // The lag gauge is sampled every 10 s, so it says *that* the catch-up is over, not when: the end is the
      // last moment the process was busy (over a quarter of a core) before every lag read 0 twice.
      let zeroInARow = 0;
      let last = { at: performance.now(), cpu: cpuMs(child.pid!) };
      let busyUntil = { at: last.at, cpu: last.cpu };
      while (zeroInARow < 2) {
        if (performance.now() - started > CATCH_UP_LIMIT_MS) throw new Error(`projections did not catch up within ${CATCH_UP_LIMIT_MS / 60_000} minutes`);
        await sleep(500);
        const now = { at: performance.now(), cpu: cpuMs(child.pid!) };
        if (now.cpu - last.cpu > BUSY_SHARE * (now.at - last.at)) busyUntil = now;
        last = now;
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const lags = [...metrics.matchAll(/^projection_lag_seconds\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
        zeroInARow = lags.length > 0 && lags.every((lag) => lag === 0) ? zeroInARow + 1 : 0;
      }
      caught = { caught_up_ms: Math.round(busyUntil.at - started), caught_up_cpu_ms: busyUntil.cpu };
    }
    await sleep(IDLE_MS);
    const rss_mb = rssMb(child.pid!);
    if (waitForProjections) caught.peak_rss_mb = rssMb(child.pid!, 'VmHWM');
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return {
      ready_ms,
      ready_cpu_ms,
      rss_mb,
      heap_mb: mb(gauge(metrics, 'nodejs_heap_size_used_bytes')),
      external_mb: mb(gauge(metrics, 'nodejs_external_memory_bytes')),
      ...caught,
      ...({ ...telegramEnv, ...env }.TELEGRAM_TOKEN ? { photos_sent: photosTaken - photosBefore } : {}),
    };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The school the loaded runs start on, made once by its commands in memory (copied into each store). */
interface School {
  log: MemoryEventStore;
  events: number;
}

async function makeSchool(tickets: number): Promise<School> {
  // The policy the process under test will have: the same configuration and calendar as its start.
  const config = loadConfig({ ...APP_ENV, DATABASE_URL: '', EVENT_STORE: 'embedded' });
  const policy = schoolPolicyOf(config, await loadConfiguredCalendar(config));
  const log = new MemoryEventStore();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const school = await fillSchoolThroughCommands(log, { seed: 7, tickets, tasks: Math.round(tickets / 10), staff: 40, policy, end: Date.now() });
  const used = process.cpuUsage(cpu);
  const events = (await log.readAll({ maxCount: Number.MAX_SAFE_INTEGER })).events.length;
  report('footprint-fill', [], 1, {
    ops_per_s: 0,
    fill_ms: Math.round(performance.now() - started),
    fill_cpu_ms: Math.round((used.user + used.system) / 1000),
    events,
    ...school,
    load_average: loadavg().map((load) => Math.round(load * 10) / 10),
  });
  return { log, events };
}

/** Copies the school into a migrated store; the time it took goes on the store's tickets line. */
async function seed(sql: SqlExecutor, school: School): Promise<number> {
  await runMigrations(sql, migrations);
  const started = performance.now();
  await copyLog(school.log, sql);
  return Math.round(performance.now() - started);
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function emit(name: string, kind: StoreKind, runs: Measured[], extra: Record<string, unknown> = {}) {
  const ready = runs.map((run) => run.ready_ms);
  const rss = median(runs.map((run) => run.rss_mb));
  const readyMedian = median(ready);
  report(
    name,
    [],
    1,
    {
      ops_per_s: 0,
      p50_ms: readyMedian,
      p95_ms: Math.max(...ready),
      rss_mb: rss,
      ready_ms: readyMedian,
      ready_cpu_ms: median(runs.map((run) => run.ready_cpu_ms)),
      load_average: loadavg().map((load) => Math.round(load * 10) / 10),
      heap_mb: median(runs.map((run) => run.heap_mb)),
      external_mb: median(runs.map((run) => run.external_mb)),
      ...(runs[0]?.caught_up_ms === undefined
        ? {}
        : {
            caught_up_ms: median(runs.map((run) => run.caught_up_ms!)),
            caught_up_cpu_ms: median(runs.map((run) => run.caught_up_cpu_ms!)),
            peak_rss_mb: median(runs.map((run) => run.peak_rss_mb!)),
          }),
      runs: runs.map((run) => ({ ...run })),
      target_rss_mb: TARGETS[kind].rss_mb,
      target_ready_ms: TARGETS[kind].ready_ms,
      ...extra,
    },
    rss * 1_048_576,
  );
}

export default async function footprint(args: string[]): Promise<void> {
  const runs = Math.max(1, Number(args[0] ?? 3) || 3);
  const tickets = Math.max(1, Number(args[1] ?? 10_000) || 10_000);
  const only = process.env.FOOTPRINT_STORES?.split(',') as StoreKind[] | undefined;
  const kinds: StoreKind[] = only ?? ['embedded', 'postgres'];
  if (process.env.FOOTPRINT_DIST === undefined && (process.env.FOOTPRINT_NO_BUILD !== '1' || !existsSync(join(root, 'dist/infra/main.js')))) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const work = mkdtempSync(join(tmpdir(), 'schoolbot-footprint-'));
  const databases: TestDatabase[] = [];
  let school: School | undefined;
  const botApi = new LocalBotApi({ keep: { messagesPerChat: 50, calls: 1_000, files: 20 } });
  botApi.enforceRateLimits();
  botApi.subscribe((event) => {
    if (event.kind === 'message' && event.message.photo) photosTaken += 1;
  });
  telegramEnv = productionTelegram(await botApi.start());
  try {
    for (const kind of kinds) {
      const first: Measured[] = [];
      const restart: Measured[] = [];
      for (let run = 0; run < runs; run += 1) {
        let env: Record<string, string>;
        if (kind === 'embedded') {
          env = { DATA_DIR: join(work, `fresh-${run}`), EVENT_STORE: 'embedded', DATABASE_URL: '' };
        } else {
          const database = await createTestDatabase('sbfoot');
          databases.push(database);
          env = { DATABASE_URL: database.url, EVENT_STORE: 'postgres' };
        }
        first.push(await measureStart(env, false));
        restart.push(await measureStart(env, false));
      }
      emit(`footprint-${kind}-first-start`, kind, first);
      emit(`footprint-${kind}-restart`, kind, restart);

      // The school, made once, copied into one store of this kind, and that copied for each run.
      school ??= await makeSchool(tickets);
      let copy_ms: number;
      let seededEnv: (run: number) => Promise<Record<string, string>>;
      if (kind === 'embedded') {
        const seeded = join(work, 'seeded');
        const sql = await createPgliteExecutor({ dataDir: join(seeded, 'pglite') });
        try {
          copy_ms = await seed(sql, school);
        } finally {
          await sql.close();
        }
        seededEnv = async (run) => {
          const dir = join(work, `seeded-${run}`);
          cpSync(seeded, dir, { recursive: true });
          return { DATA_DIR: dir, EVENT_STORE: 'embedded', DATABASE_URL: '' };
        };
      } else {
        const template = await createTestDatabase('sbfoot_seed');
        databases.push(template);
        const sql = createPgExecutor({ connectionString: template.url, maxConnections: 2 });
        try {
          copy_ms = await seed(sql, school);
        } finally {
          await sql.close();
        }
        seededEnv = async (run) => {
          const name = `${template.name}_r${run}`;
          await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template.name}`);
          const url = new URL(template.url);
          url.pathname = `/${name}`;
          databases.push({ url: url.toString(), name, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) });
          return { DATABASE_URL: url.toString(), EVENT_STORE: 'postgres' };
        };
      }
      const loaded: Measured[] = [];
      const again: Measured[] = [];
      const sandbox: Measured[] = [];
      for (let run = 0; run < runs; run += 1) {
        const env = await seededEnv(run);
        loaded.push(await measureStart(env, true));
        again.push(await measureStart(env, false));
        // The sandbox: no token, so the process runs its own local Bot API (TELEGRAM_TOKEN '' overrides).
        sandbox.push(await measureStart({ ...env, TELEGRAM_TOKEN: '', TELEGRAM_API_ROOT: '', TELEGRAM_MODE: '', TELEGRAM_WEBHOOK_SECRET: '' }, false));
      }
      emit(`footprint-${kind}-${tickets}-tickets`, kind, loaded, { tickets, events: school.events, copy_ms });
      emit(`footprint-${kind}-${tickets}-tickets-restart`, kind, again, { tickets });
      emit(`footprint-${kind}-${tickets}-tickets-restart-sandbox`, kind, sandbox, { tickets });
    }
  } finally {
    await botApi.stop();
    for (const database of databases.reverse()) await database.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}
