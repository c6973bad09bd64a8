// Crash safety on the embedded database (PGlite files, one process at a time): a worker process SIGKILLed in
// the middle of live projection, or in the middle of a rebuild, is started again and leaves read models
// equal to a clean rebuild.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { createPgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { allProjectors } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { schoolLog } from './support/schoolLog.js';
import { spawnWorker, type WorkerProcess } from './support/processes.js';
import { appendAll, tableRows } from './support/readSide.js';
import { copyMigratedPglite } from '../support/migrated.js';

describe('worker processes on the embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schoolbot-crash-'));
  const env = { EMBEDDED_DIR: dir, DATABASE_URL: '' };
  const spawned: WorkerProcess[] = [];
  const spawn = (...args: Parameters<typeof spawnWorker>) => {
    const worker = spawnWorker(...args);
    spawned.push(worker);
    return worker;
  };
  const withDatabase = async <T>(work: (sql: SqlExecutor, store: ReturnType<typeof createSqlEventStore>) => Promise<T>) => {
    const sql = await createPgliteExecutor({ dataDir: dir });
    const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
    try {
      return await work(sql, store);
    } finally {
      await store.close();
      await sql.close();
    }
  };
  /** The read models now, then after a clean rebuild from the log. */
  const projectedAndRebuilt = () =>
    withDatabase(async (sql, store) => {
      const snapshot = () => Promise.all(allProjectors.map((p) => tableRows(sql, p.table, p.key.column)));
      const projected = await snapshot();
      await rebuildProjections({ store, sql, checkpoints: sqlCheckpointStore(sql), projectors: allProjectors });
      return { projected, rebuilt: await snapshot() };
    });

  beforeAll(async () => {
    await copyMigratedPglite(dir);
    await withDatabase(async (sql, store) => {
      await runMigrations(sql, migrations);
      // About 6,400 events: at one event a batch the first worker is far from caught up when it passes 1,000
      // applied, and a rebuild far from done at 400. (16,000 only made the catch-up and the three rebuilds longer.)
      await appendAll(store, schoolLog({ seed: 31, tickets: 1000, tasks: 300, staff: 15 }));
    });
  }, 120_000);
  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((worker) => worker.kill()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a worker killed in the middle of live projection loses and repeats nothing after a restart', async () => {
    const first = spawn('worker', { ...env, BATCH_SIZE: '1' });
    await first.waitFor((f) => typeof f.applied === 'number' && f.applied > 1000 && f.caughtUp === false, 120_000);
    await first.kill('SIGKILL');
    expect(first.facts.some((f) => f.caughtUp === true)).toBe(false);
    const second = spawn('worker', { ...env, BATCH_SIZE: '500' });
    await second.waitFor((f) => f.caughtUp === true, 120_000);
    await second.kill('SIGTERM');
    const { projected, rebuilt } = await projectedAndRebuilt();
    expect(rebuilt).toEqual(projected);
  }, 300_000);

  it('a rebuild killed in the middle resumes and swaps in the same read models', async () => {
    const interrupted = spawn('rebuild', { ...env, PAGE_SIZE: '40', FLUSH_EVERY: '200' });
    await interrupted.waitFor((f) => typeof f.rebuilt === 'number' && f.rebuilt > 400, 120_000);
    await interrupted.kill('SIGKILL');
    const resumed = spawn('rebuild', { ...env, PAGE_SIZE: '2000' });
    expect(await resumed.exited).toBe(0);
    expect(resumed.facts.some((f) => f.done === true)).toBe(true);
    const { projected, rebuilt } = await projectedAndRebuilt();
    expect(rebuilt).toEqual(projected);
  }, 300_000);
});
