// `npm run bench -- rebuild [runs] [events]`: a realistic log of 1,000,000 events (≈150,000 tickets and
// 50,000 tasks with comments, reassignments, reopenings) in a fresh PostgreSQL database, then
//  - rebuild-1m: every projection rebuilt from the whole log, `runs` times, each in its own process
//    (ops_per_s = events/s, median of the runs; rss_mb = the peak RSS of the median run);
//  - live-lag: appends at 200/s while the projectors run live; latency from the start of an append to the
//    commit of the read-model transaction that contains it (p50, p95, p99).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Position } from '../../application/ports/eventStore.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { allProjectors } from '../../projections/index.js';
import { isCaughtUp } from '../../projections/lag.js';
import { startProjections } from '../../projections/runner.js';
import { ticketEvents } from '../projections/support/events.js';
import { createTestDatabase } from '../support/postgres.js';
import { percentile, report, trackPeakRss } from './report.js';

const root = resolve(import.meta.dirname, '../..');
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

function runChild(script: string, args: string[], env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) fail(new Error(`${script} exited with ${code}`));
      else done(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

async function liveLag(url: string, seconds: number, ratePerSecond: number) {
  const sql = createPgExecutor({ connectionString: url, maxConnections: 8 });
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
  const checkpoints = sqlCheckpointStore(sql);
  const pending = new Map<Position, number>();
  const latencies: number[] = [];
  const appendMs: number[] = [];
  const peak = trackPeakRss();
  const running = await startProjections({
    store,
    sql,
    checkpoints,
    projectors: allProjectors,
    onCommitted: (projector, _applied, position) => {
      if (projector !== 'tickets') return;
      const now = performance.now();
      for (const [appended, startedAt] of pending) {
        if (store.comparePositions(appended, position) <= 0) {
          latencies.push(now - startedAt);
          pending.delete(appended);
        }
      }
    },
  });
  // Let every projector reach the end of the log first (with no rebuild before, that is a whole catch-up):
  // the lag measured is the live one.
  for (;;) {
    const caughtUp = await Promise.all(
      allProjectors.map(async (projector) => isCaughtUp(store, (await checkpoints.get(projector.name))?.position, projector.eventTypes)),
    );
    if (caughtUp.every(Boolean)) break;
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
  const total = seconds * ratePerSecond;
  // New tickets (a reused database may already hold earlier runs' ones: event ids derive from the number).
  const maxNumber = await sql.query<{ n: number | null }>('SELECT max(number) AS n FROM rm_tickets');
  const firstNumber = Math.max(10_000_000, Number(maxNumber.rows[0]?.n ?? 0) + 1);
  const started = performance.now();
  const appends: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
    const n = firstNumber + i;
    const id = `ffffffff-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
    const at = new Date().toISOString();
    const { event } = ticketEvents.opened({ id, at, actorId: '100010' }, n, { authorId: '100010' });
    const appendStarted = performance.now();
    appends.push(
      store.append(`ticket-${n}`, [event], 'no_stream').then((result) => {
        appendMs.push(performance.now() - appendStarted);
        pending.set(result.position, appendStarted);
      }),
    );
  }
  await Promise.all(appends);
  const deadline = Date.now() + 30_000;
  while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const elapsed = performance.now() - started;
  await running.stop();
  await store.close();
  await sql.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const appendSorted = appendMs.sort((a, b) => a - b);
  report(
    'live-lag',
    latencies,
    elapsed,
    {
      p99_ms: round(percentile(sorted, 99), 3),
      append_p50_ms: round(percentile(appendSorted, 50), 3),
      append_p99_ms: round(percentile(appendSorted, 99), 3),
      appends: total,
      lost: pending.size,
      rate_per_s: ratePerSecond,
    },
    peak.stop(),
  );
}

export default async function rebuildBench(args: string[]): Promise<void> {
  const runs = Math.max(0, Number(args[0] ?? process.env.BENCH_RUNS ?? 3));
  const events = Number(args[1] ?? 1_000_000);
  // BENCH_DATABASE_URL reuses a database a previous run generated (and kept with BENCH_KEEP_DB=1).
  const reused = process.env.BENCH_DATABASE_URL;
  const database = reused ? { url: reused, drop: async () => {} } : await createTestDatabase('sbbench');
  try {
    const sql = createPgExecutor({ connectionString: database.url });
    await runMigrations(sql, migrations);
    await sql.close();
    const env = { DATABASE_URL: database.url };
    const tickets = Math.round(events * 0.154);
    const tasks = Math.round(events * 0.052);
    if (!reused) {
      const generated = await runChild('tests/bench/support/generateSchoolLog.ts', [String(tickets), String(tasks), String(events)], env);
      console.error(`rebuild bench: generated ${JSON.stringify(generated)}`);
    }
    const results: Record<string, unknown>[] = [];
    for (let run = 0; run < runs; run += 1) {
      const result = await runChild('tests/bench/support/rebuildOnce.ts', [], env);
      console.error(`rebuild bench: run ${run + 1}: ${Number(result.events)} events in ${Number(result.seconds).toFixed(2)} s, peak RSS ${Number(result.rss_mb).toFixed(0)} MB`);
      results.push(result);
    }
    const rates = results.map((r) => Number(r.events) / Number(r.seconds));
    const middle = results[rates.indexOf(median(rates))];
    if (middle) printRebuild(middle, rates, results);
    await liveLag(database.url, 20, 200);
  } finally {
    if (process.env.BENCH_KEEP_DB) console.error(`rebuild bench: kept ${database.url}`);
    else await database.drop();
  }
}

/** One `rebuild-1m` line: the median run's figures; p50/p95 are the time to fold a page of the log. */
function printRebuild(middle: Record<string, unknown>, rates: number[], results: Record<string, unknown>[]) {
  const pages = [...(middle.page_ms as number[])].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: 'rebuild-1m',
      ops_per_s: round(median(rates)),
      p50_ms: round(percentile(pages, 50), 3),
      p95_ms: round(percentile(pages, 95), 3),
      rss_mb: round(Number(middle.rss_mb)),
      events: Number(middle.events),
      seconds: round(Number(middle.seconds), 2),
      runs_ops_per_s: rates.map((r) => round(r)),
      runs_rss_mb: results.map((r) => round(Number(r.rss_mb))),
      cpu_seconds: round(Number(middle.cpu_seconds), 2),
      latency_unit: 'ms per page of 2000 events',
    }),
  );
}
