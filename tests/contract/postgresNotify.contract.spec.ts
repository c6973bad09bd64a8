// Subscribers in another process wake on NOTIFY rather than on their poll: with the poll set to a minute, an
// event appended through a different connection pool still arrives within seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { event, eventually } from './eventStore/harness.js';
import type { PostgresStoreFixture } from './sqlStores.js';
import { postgresStore } from './sqlStores.js';

describe('PostgreSQL event store across processes', () => {
  let writer: PostgresStoreFixture;
  beforeAll(async () => {
    writer = await postgresStore();
  });
  afterAll(async () => {
    await writer.teardown();
  });

  it('wakes a subscriber of another connection pool at once (NOTIFY), not at its next poll', async () => {
    const readerSql = createPgExecutor({ connectionString: writer.database.url, maxConnections: 2 });
    const reader = createSqlEventStore(readerSql, { pollIntervalMs: 60_000 });
    try {
      const received: RecordedEvent[] = [];
      const subscription = reader.subscribe({}, (batch) => void received.push(...batch));
      // Let the subscriber finish its first (empty) read, start LISTENing, and fall asleep.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const started = Date.now();
      await writer.store.append('ticket-notify', [event('Opened')], 'no_stream');
      await eventually(() => received.length === 1, 20_000, 'the other process to be woken');
      expect(Date.now() - started).toBeLessThan(20_000);
      await subscription.stop();
    } finally {
      await reader.close();
      await readerSql.close();
    }
  }, 60_000);
});
