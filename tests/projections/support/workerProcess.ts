// A real worker process for the crash and takeover tests: `worker` runs infra/worker.ts behind the advisory
// lock; `rebuild` rebuilds every projection (slowly, in small pages) and exits. It prints one JSON line per
// fact the test waits for. Usage: DATABASE_URL=… tsx workerProcess.ts worker|rebuild
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { sqlCheckpointStore } from '../../../adapters/postgres/readModels/checkpointStore.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import { soleLeaderLock } from '../../../adapters/memory/soleLeaderLock.js';
import { systemClock } from '../../../application/ports/clock.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { allProjectors } from '../../../projections/index.js';
import { isCaughtUp } from '../../../projections/lag.js';
import { rebuildProjections } from '../../../projections/rebuild.js';
import { postgresLeaderLock } from '../../../adapters/postgres/readModels/advisoryLock.js';
import { startWorker } from '../../../infra/worker.js';

const mode = process.argv[2] ?? 'worker';
const url = process.env.DATABASE_URL;
// EMBEDDED_DIR: the embedded database (PGlite files) instead of PostgreSQL; one process only, no lock.
const embeddedDir = process.env.EMBEDDED_DIR;
if (!url && !embeddedDir) throw new Error('DATABASE_URL or EMBEDDED_DIR is required');
const say = (fact: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...fact })}\n`);
const quiet = { info: () => {}, warn: () => {}, error: (o: object, m: string) => say({ error: m, detail: String((o as { err?: unknown }).err) }) };

const sql: SqlExecutor = embeddedDir
  ? await createPgliteExecutor({ dataDir: embeddedDir })
  : createPgExecutor({ connectionString: url!, maxConnections: 4 });
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
    lock: url ? postgresLeaderLock({ connectionString: url, retryMs: Number(process.env.LOCK_RETRY_MS ?? 1_000) }) : soleLeaderLock,
    batchSize: Number(process.env.BATCH_SIZE ?? 20),
    retryDelayMs: 500,
    onLeadership: (leader) => say({ leader }),
  });
  say({ started: true });
  // Progress, read in this process (an embedded database cannot be opened by the test meanwhile).
  const checkpoints = sqlCheckpointStore(sql);
  const progress = setInterval(() => {
    void (async () => {
      const applied = (await checkpoints.list()).reduce((sum, c) => sum + c.eventsApplied, 0);
      let caughtUp = true;
      for (const projector of allProjectors) {
        const checkpoint = await checkpoints.get(projector.name);
        if (!(await isCaughtUp(store, checkpoint?.position, projector.eventTypes))) caughtUp = false;
      }
      say({ applied, caughtUp });
    })().catch(() => undefined);
  }, 200);
  progress.unref();
  process.once('SIGTERM', () => {
    void worker.stop().then(async () => {
      await store.close();
      await sql.close();
      process.exit(0);
    });
  });
}
