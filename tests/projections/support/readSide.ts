// A read side to test against: an event store and the read-model database on PGlite (in memory) or on a
// fresh database of the local PostgreSQL, migrated, with the checkpoint store and the queries.
import type { EventStore } from '../../../application/ports/eventStore.js';
import { logSettled } from '../../../projections/lag.js';
import type { ReadModels } from '../../../application/ports/readModels.js';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import type { CheckpointStore } from '../../../application/ports/checkpoints.js';
import type { Clock } from '../../../application/ports/clock.js';
import type { RunningConsumer } from '../../../application/consumers/checkpointedConsumer.js';
import { startReaction, type Reaction } from '../../../application/reactions/reaction.js';
import { sqlOutboxWriter } from '../../../adapters/postgres/readModels/outbox.js';
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { sqlCheckpointStore } from '../../../adapters/postgres/readModels/checkpointStore.js';
import { sqlReadModels } from '../../../adapters/postgres/readModels/index.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { createMigratedPglite, createMigratedTestDatabase } from '../../support/migrated.js';
import { requirePostgres } from '../../support/tools.js';
import type { StreamEvent } from './events.js';

export type ReadSideKind = 'pglite' | 'postgres';
/** Both, or only PGlite when the test PostgreSQL does not answer (recorded for the run's summary line). */
export const READ_SIDE_KINDS: readonly ReadSideKind[] = requirePostgres() === undefined ? ['pglite', 'postgres'] : ['pglite'];

export interface ReadSide {
  kind: ReadSideKind;
  sql: SqlExecutor;
  store: EventStore;
  checkpoints: CheckpointStore;
  readModels: ReadModels;
  /** postgres:// URL of the database (PostgreSQL only): for worker processes. */
  url?: string;
  teardown(): Promise<void>;
}

export async function openReadSide(kind: ReadSideKind): Promise<ReadSide> {
  let sql: SqlExecutor;
  let url: string | undefined;
  let drop = async () => {};
  if (kind === 'pglite') {
    const database = await createMigratedPglite();
    sql = database.sql;
    drop = () => database.close();
  } else {
    const database = await createMigratedTestDatabase('sbproj');
    url = database.url;
    sql = createPgExecutor({ connectionString: database.url, maxConnections: 6 });
    drop = () => database.drop();
  }
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas, pollIntervalMs: 200 });
  return {
    kind,
    sql,
    store,
    url,
    checkpoints: sqlCheckpointStore(sql),
    readModels: sqlReadModels(sql),
    async teardown() {
      await store.close();
      await sql.close();
      await drop();
    },
  };
}

/** Runs a reaction on the read side with its checkpoint, as the worker does. */
export function startSideReaction(side: ReadSide, reaction: Reaction, clock: Clock): RunningConsumer {
  return startReaction(reaction, { store: side.store, checkpoints: side.checkpoints, outboxFor: sqlOutboxWriter, clock, batchSize: 50 });
}

/**
 * Appends events in order, consecutive events of one stream together, and returns once every one of them is
 * visible to a reader of the whole log (logSettled: another test's transaction on the shared server may hold
 * them back a moment, and a test that reads to the end once must see them).
 */
export async function appendAll(store: EventStore, events: Iterable<StreamEvent>, chunk = 50): Promise<number> {
  let count = 0;
  let stream: string | undefined;
  let pending: StreamEvent['event'][] = [];
  const flush = async () => {
    if (stream && pending.length > 0) await store.append(stream, pending, 'any');
    count += pending.length;
    pending = [];
  };
  for (const item of events) {
    if (item.stream !== stream || pending.length >= chunk) {
      await flush();
      stream = item.stream;
    }
    pending.push(item.event);
  }
  await flush();
  if (!(await logSettled(store, 60_000))) throw new Error('appended events stayed behind a running transaction for 60 s');
  return count;
}

/** Rows of a table in key order, timestamps as epoch ms (so tables compare exactly). */
export async function tableRows(sql: SqlExecutor, table: string, key: string): Promise<unknown[]> {
  const result = await sql.query<{ row: unknown }>(
    `SELECT row_to_json(t.*) AS row FROM "${table}" t ORDER BY "${key}"`,
  );
  return result.rows.map((r) => r.row);
}

export async function eventually(condition: () => Promise<boolean> | boolean, timeoutMs = 60_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
