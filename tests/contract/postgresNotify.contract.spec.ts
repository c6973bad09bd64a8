// Subscribers in another process wake on NOTIFY rather than on their poll: with the poll set to a minute, an
// event appended through a different connection pool still arrives within seconds. The notification names the
// types appended, and a subscriber filtered by type is woken by its own types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { event, eventually } from './eventStore/harness.js';
import type { PostgresStoreFixture } from './sqlStores.js';
import { postgresStore } from './sqlStores.js';
import { requirePostgres, titled } from '../support/tools.js';

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('PostgreSQL event store across processes', noPostgres), () => {
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

  it('wakes subscribers filtered by type in another pool when their types are appended', async () => {
    const readerSql = createPgExecutor({ connectionString: writer.database.url, maxConnections: 3 });
    const reader = createSqlEventStore(readerSql, { pollIntervalMs: 60_000 });
    try {
      const opened: RecordedEvent[] = [];
      const closed: RecordedEvent[] = [];
      const openedOnly = reader.subscribe({ filter: { eventTypes: ['Opened'] } }, (batch) => void opened.push(...batch));
      const closedOnly = reader.subscribe({ filter: { eventTypes: ['Closed'] } }, (batch) => void closed.push(...batch));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const before = opened.length;
      await writer.store.append('ticket-typed', [event('Opened')], 'no_stream');
      await eventually(() => opened.length === before + 1, 20_000, 'the Opened reader to be woken');
      await writer.store.append('ticket-typed', [event('Closed')], 'stream_exists');
      await eventually(() => closed.length === 1, 20_000, 'the Closed reader to be woken');
      expect(opened.every((e) => e.type === 'Opened')).toBe(true);
      await Promise.all([openedOnly.stop(), closedOnly.stop()]);
    } finally {
      await reader.close();
      await readerSql.close();
    }
  }, 60_000);
});
