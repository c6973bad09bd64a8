// A real worker process for the crash and takeover tests: `worker` runs infra/worker.ts behind the advisory
// lock; `rebuild` rebuilds every projection (slowly, in small pages) and exits. It prints one JSON line per
// fact the test waits for. Usage: DATABASE_URL=… tsx workerProcess.ts worker|rebuild
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { sqlCheckpointStore } from '../../../adapters/postgres/readModels/checkpointStore.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { systemClock } from '../../../application/ports/clock.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { allProjectors } from '../../../projections/index.js';
import { rebuildProjections } from '../../../projections/rebuild.js';
import { postgresLeaderLock } from '../../../adapters/postgres/readModels/advisoryLock.js';
import { startWorker } from '../../../infra/worker.js';

const mode = process.argv[2] ?? 'worker';
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const say = (fact: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...fact })}\n`);
const quiet = { info: () => {}, warn: () => {}, error: (o: object, m: string) => say({ error: m, detail: String((o as { err?: unknown }).err) }) };

const sql = createPgExecutor({ connectionString: url, maxConnections: 4 });
const store = createSqlEventStore(sql, { schemas: domainEventSchemas, pollIntervalMs: 200 });

if (mode === 'rebuild') {
  await rebuildProjections({
    store,
    sql,
    checkpoints: sqlCheckpointStore(sql),
    projectors: allProjectors,
    pageSize: Number(process.env.PAGE_SIZE ?? 50),
    flushEvery: Number(process.env.FLUSH_EVERY ?? 100_000),
    onProgress: (progress) => say({ rebuilt: progress.events, phase: progress.phase }),
  });
  say({ done: true });
  await store.close();
  await sql.close();
} else {
  const worker = startWorker({
    store,
    sql,
    clock: systemClock,
    log: quiet,
    lock: postgresLeaderLock({ connectionString: url, retryMs: Number(process.env.LOCK_RETRY_MS ?? 1_000) }),
    batchSize: Number(process.env.BATCH_SIZE ?? 20),
    retryDelayMs: 500,
    onLeadership: (leader) => say({ leader }),
  });
  say({ started: true });
  process.once('SIGTERM', () => {
    void worker.stop().then(async () => {
      await store.close();
      await sql.close();
      process.exit(0);
    });
  });
}
