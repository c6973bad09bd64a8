// The logical-restore trap: pg_dump → pg_restore into a fresh cluster keeps the stored transaction ids but
// not the counter, so the new cluster's ids start far below them. The store must (1) still show every
// restored event and (2) put events appended after the restore after them, so a subscriber that followed
// the old database continues from its checkpoint without missing anything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { event, eventually, readEverything, waitUntilVisible } from './eventStore/harness.js';
import { migratedStore, postgresStore } from './sqlStores.js';
import { freshClusterUnavailable, startFreshCluster } from './support/freshCluster.js';

import { TOOL, firstMissing, requirePostgres, requireTools } from '../support/tools.js';

const unavailable = firstMissing(requirePostgres(), requireTools(TOOL.pgDump, TOOL.pgRestore)) ?? freshClusterUnavailable();

async function scalar<T>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const row = (await client.query(sql)).rows[0] as Record<string, T> | undefined;
    return (row ? Object.values(row)[0] : undefined) as T;
  } finally {
    await client.end();
  }
}

describe.skipIf(unavailable !== undefined)(`PostgreSQL restore into a fresh cluster${unavailable ? ` — skipped: ${unavailable}` : ''}`, () => {
  it('keeps restored events visible and orders new appends after them', async () => {
    const source = await postgresStore();
    const cluster = await startFreshCluster();
    const workDir = mkdtempSync(join(tmpdir(), 'schoolbot-dump-'));
    try {
      // The old database: a log with some history, and a subscriber's checkpoint at its end.
      for (let i = 0; i < 3; i += 1) {
        const { position } = await source.store.append(`ticket-${i}`, [event('Opened', { i }), event('Noted', { i })], 'no_stream');
        await waitUntilVisible(source.store, [position]);
      }
      const before = await readEverything(source.store, {});
      const checkpoint = before[before.length - 1]!.position;

      const dump = join(workDir, 'events.dump');
      execFileSync('pg_dump', ['-Fc', '-d', source.database.url, '-f', dump], { stdio: 'pipe' });
      await scalar(cluster.url('postgres'), 'CREATE DATABASE restored');
      execFileSync('pg_restore', ['--no-owner', '-d', cluster.url('restored'), dump], { stdio: 'pipe' });

      // The trap is real here: the stored ids are ahead of the fresh cluster's counter.
      const storedMax = BigInt(await scalar<string>(cluster.url('restored'), 'SELECT max(tx_id)::text FROM es_events'));
      const counter = BigInt(await scalar<string>(cluster.url('restored'), 'SELECT pg_current_xact_id()::text'));
      expect(storedMax).toBeGreaterThan(counter);

      const sql = createPgExecutor({ connectionString: cluster.url('restored') });
      const restored = await migratedStore(sql);
      try {
        const after = await readEverything(restored, {});
        expect(after.map((e) => [e.id, e.position])).toEqual(before.map((e) => [e.id, e.position]));

        const received: RecordedEvent[] = [];
        const subscription = restored.subscribe({ after: checkpoint }, (batch) => void received.push(...batch));
        const appended = [
          await restored.append('ticket-0', [event('Closed', { i: 0 })], 1n),
          await restored.append('ticket-9', [event('Opened', { i: 9 })], 'no_stream'),
        ];
        for (const result of appended) expect(restored.comparePositions(result.position, checkpoint)).toBeGreaterThan(0);
        await eventually(() => received.length === 2, 30_000, 'the resumed subscriber to see the new events');
        await subscription.stop();
        expect(received.map((e) => e.type)).toEqual(['Closed', 'Opened']);
        expect(received[0]!.revision).toBe(2n);
        const everything = await readEverything(restored, {});
        expect(everything.map((e) => e.id)).toEqual([...before, ...received].map((e) => e.id));
      } finally {
        await restored.close();
        await sql.close();
      }
    } finally {
      rmSync(workDir, { recursive: true, force: true });
      await cluster.stop();
      await source.teardown();
    }
  }, 180_000);
});
