// `npm run bench -- event-store [--seconds N] [--rounds N] [--read-events N]`: the PostgreSQL event store vs pgbench
// inserting the same event rows into the same table, one per transaction, side by side in one run — the
// machine is shared and noisy, so the ratios are what to compare (the two take turns in short slices). Uses a
// fresh database on the local server.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, Position } from '../../application/ports/eventStore.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { createTestDatabase } from '../support/postgres.js';
import type { BenchResult } from './report.js';
import { percentile, report, trackPeakRss } from './report.js';

const run = promisify(execFile);

const DATA = { ticketNumber: 1042, building: 'main', room: '204', text: 'Проектор не включается', priority: 'normal' };
const METADATA = {
  actorId: 'staff-17',
  occurredAt: '2026-09-01T08:00:00.000Z',
  correlationId: '6f1c1c9e-5a8e-4a0e-9a53-1f8f3f1b2a10',
  causationId: '6f1c1c9e-5a8e-4a0e-9a53-1f8f3f1b2a10',
  source: 'telegram' as const,
  schemaVersion: 1,
};
const STREAMS = 10_000;
/** Events per readAll page, as a projection rebuild reads. */
const READ_PAGE = 5_000;

function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const newEvent = (): EventToAppend => ({ id: randomUUID(), type: 'TicketOpened', data: DATA, metadata: METADATA });

/** `writers` loops appending one event per call for `seconds`; returns every call's latency. */
async function appendFor(store: EventStore, writers: number, seconds: number) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        const stream = `bench-${Math.floor(Math.random() * STREAMS)}`;
        const begin = performance.now();
        await store.append(stream, [newEvent()], 'any');
        latencies.push(performance.now() - begin);
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - started };
}

/** The same row shape into the same table (same indexes), one INSERT per transaction, over TCP. */
async function pgbench(databaseUrl: string, clients: number, seconds: number, workDir: string) {
  const url = new URL(databaseUrl);
  const script = join(workDir, 'insert-event.sql');
  writeFileSync(
    script,
    `INSERT INTO es_events (epoch, event_id, stream_name, revision, type, data, metadata)
VALUES (1, gen_random_uuid(), 'pgbench-' || gen_random_uuid(), 0, 'TicketOpened', '${JSON.stringify(DATA)}'::jsonb, '${JSON.stringify(METADATA)}'::jsonb);
`,
  );
  // pgbench's per-transaction log goes to memory (tmpfs): written to disk, its page-cache writeback would
  // compete with the WAL flushes of whichever side runs next — our slices, as it turned out.
  const logDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : workDir, 'schoolbot-pgbench-'));
  const { stdout } = await run(
    'pgbench',
    ['-n', '-h', '127.0.0.1', '-p', url.port || '5432', '-U', url.username || 'postgres', '-c', String(clients), '-j', String(Math.min(clients, 2)),
      '-T', String(seconds), '-f', script, '-l', '--log-prefix', join(logDir, 'tx'), url.pathname.slice(1)],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's tps from:\n${stdout}`);
  // Per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
  const latenciesMs = readdirSync(logDir).flatMap((file) =>
    readFileSync(join(logDir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[2]) / 1000),
  );
  rmSync(logDir, { recursive: true, force: true });
  // pgbench's tps excludes connection set-up; its measured time is transactions / tps.
  return { latencies: latenciesMs, elapsedMs: (latenciesMs.length / tps) * 1000 };
}

interface Slice {
  latencies: number[];
  elapsedMs: number;
}

/**
 * pgbench and our store take turns in short slices, so a change in the machine's load (or in how fast the
 * disk flushes) hits both alike; each side's figures sum over its slices.
 */
async function sideBySide(rounds: number, reference: () => Promise<Slice>, ours: () => Promise<Slice>) {
  const total = { reference: { latencies: [] as number[], elapsedMs: 0 }, ours: { latencies: [] as number[], elapsedMs: 0 } };
  for (let round = 0; round < rounds; round += 1) {
    for (const [side, run] of [['reference', reference], ['ours', ours]] as const) {
      const slice = await run();
      total[side].latencies.push(...slice.latencies);
      total[side].elapsedMs += slice.elapsedMs;
    }
  }
  return total;
}

async function readAllBench(store: EventStore, sql: ReturnType<typeof createPgExecutor>, events: number) {
  await sql.query(
    `INSERT INTO es_events (epoch, event_id, stream_name, revision, type, data, metadata)
     SELECT 1, gen_random_uuid(), 'readall-' || (n / 10), n % 10, 'TicketOpened', $1::jsonb, $2::jsonb
       FROM generate_series(0, $3::integer - 1) AS n`,
    [JSON.stringify(DATA), JSON.stringify(METADATA), events],
  );
  await sql.query('VACUUM ANALYZE es_events');
  const rss = trackPeakRss();
  const pageLatencies: number[] = [];
  let read = 0;
  let after: Position | undefined;
  const started = performance.now();
  for (;;) {
    const begin = performance.now();
    const page = await store.readAll({ after, maxCount: READ_PAGE });
    pageLatencies.push(performance.now() - begin);
    read += page.events.length;
    after = page.checkpoint ?? after;
    if (page.isEnd) break;
  }
  const elapsedMs = performance.now() - started;
  const sorted = [...pageLatencies].sort((a, b) => a - b);
  const line: BenchResult = {
    bench: 'read-all',
    ops_per_s: Number(((read / elapsedMs) * 1000).toFixed(1)),
    p50_ms: percentile(sorted, 50),
    p95_ms: percentile(sorted, 95),
    rss_mb: Number((rss.stop() / 1_048_576).toFixed(1)),
    events: read,
    page_size: READ_PAGE,
    latency_per: 'page',
  };
  console.log(JSON.stringify(line));
  return line;
}

export default async function eventStoreBench(args: string[]): Promise<void> {
  const seconds = option(args, 'seconds', 12);
  const rounds = option(args, 'rounds', 12);
  const readEvents = option(args, 'read-events', 200_000);
  const database = await createTestDatabase('sbbench');
  const workDir = mkdtempSync(join(tmpdir(), 'schoolbot-bench-'));
  const sql = createPgExecutor({ connectionString: database.url, maxConnections: 10, applicationName: 'schoolbot-bench' });
  try {
    const fsync = (await sql.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync;
    await runMigrations(sql, migrations);
    const store = createSqlEventStore(sql);
    await appendFor(store, 8, 1); // warm-up: connections, plans, caches

    const results: Record<string, BenchResult> = {};
    const slice = Math.max(1, Math.round(seconds / rounds)); // whole seconds: pgbench -T
    const pgbenchNote = { fsync, rounds, note: 'pgbench process; rss not measured' };
    for (const [clients, referenceName, oursName] of [
      [1, 'pgbench-1-client', 'append-1-writer'],
      [8, 'pgbench-8-clients', 'append-8-writers'],
    ] as const) {
      const rss = trackPeakRss();
      const measured = await sideBySide(
        rounds,
        () => pgbench(database.url, clients, slice, workDir),
        () => appendFor(store, clients, slice),
      );
      const peak = rss.stop();
      results[referenceName] = report(referenceName, measured.reference.latencies, measured.reference.elapsedMs, pgbenchNote, 0);
      results[oursName] = report(oursName, measured.ours.latencies, measured.ours.elapsedMs, { fsync, rounds }, peak);
    }
    results['read-all'] = await readAllBench(store, sql, readEvents);

    const ratio = (ours: string, reference: string) =>
      Number((results[ours]!.ops_per_s / results[reference]!.ops_per_s).toFixed(3));
    console.log(
      JSON.stringify({
        bench: 'event-store-ratios',
        fsync,
        append_1_writer_vs_pgbench: ratio('append-1-writer', 'pgbench-1-client'),
        append_8_writers_vs_pgbench: ratio('append-8-writers', 'pgbench-8-clients'),
        read_all_events_per_s: results['read-all']!.ops_per_s,
        targets: { append_1_writer_vs_pgbench: 0.8, append_8_writers_vs_pgbench: 0.6, read_all_events_per_s: 50_000 },
      }),
    );
    await store.close();
  } finally {
    await sql.close();
    rmSync(workDir, { recursive: true, force: true });
    await database.drop();
  }
}
