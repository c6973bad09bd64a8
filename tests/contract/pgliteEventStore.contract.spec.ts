import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { describeEventStoreContract } from './eventStore.contract.js';
import { event, readEverything } from './eventStore/harness.js';
import { migratedStore } from './sqlStores.js';
import { copyMigratedPglite } from '../support/migrated.js';

// PGlite is one connection in this process: writers queue on it and commit one at a time, so out-of-order
// commits cannot happen here and the concurrency case proves less than on the server: that queued writers lose
// nothing and a live subscriber keeps up with them. 20 writers × 50 events (over 20 streams, ten subscriber
// batches) show that as well as the 5,000 it ran before; PostgreSQL runs 20 × 100.
describeEventStoreContract(
  'embedded PGlite (in memory)',
  async (schemas) => {
    const sql = await createPgliteExecutor();
    const store = await migratedStore(sql, { schemas });
    return {
      store,
      openAnother: async () => createSqlEventStore(sql, { schemas }),
      async teardown() {
        await store.close();
        await sql.close();
      },
    };
  },
  { concurrency: { writers: 20, eventsPerWriter: 50, streams: 20 } },
);

describe('embedded PGlite on disk', () => {
  it('keeps the log across a close and reopen of its data directory, and continues after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'schoolbot-pglite-'));
    try {
      // From the run's migrated template: a new data directory on disk would run initdb in a child process.
      await copyMigratedPglite(dataDir);
      const firstSql = await createPgliteExecutor({ dataDir });
      const first = await migratedStore(firstSql);
      const written = [event('Opened', { n: 1 }), event('Closed', { n: 2 })];
      await first.append('ticket-1', written, 'no_stream');
      const headBefore = await first.headPosition();
      await first.close();
      await firstSql.close();

      const secondSql = await createPgliteExecutor({ dataDir });
      const second = await migratedStore(secondSql);
      expect((await second.readStream('ticket-1')).map((e) => e.id)).toEqual(written.map((e) => e.id));
      const appended = await second.append('ticket-1', [event('Reopened', { n: 3 })], 1n);
      expect(second.comparePositions(appended.position, headBefore!)).toBeGreaterThan(0);
      const all = await readEverything(second, {});
      expect(all.map((e) => e.type)).toEqual(['Opened', 'Closed', 'Reopened']);
      await second.close();
      await secondSql.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
