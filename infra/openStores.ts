// Opens both stores a process works with, from the configuration: the event store and the read-model
// database. PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite under DATA_DIR. Commands that
// change data apply pending migrations first; read-only ones (status, history, audit) never change the
// schema: with migrations pending they stop and say to run `schoolbot migrate`.
import type { EventStore } from '../application/ports/eventStore.js';
import type { SqlExecutor } from '../application/ports/sql.js';
import { migrations } from '../adapters/postgres/migrations/index.js';
import { migrationStatus, runMigrations } from '../adapters/postgres/migrations/runner.js';
import { OperatorError } from './cli/failure.js';
import type { Config } from './config.js';
import { createEventStore, createSqlExecutor } from './stores.js';

export interface StoreHandles {
  store: EventStore;
  /** The read-model database. */
  sql: SqlExecutor;
  databaseUrl?: string;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  applicationName?: string;
  maxConnections?: number;
  /** true: apply pending migrations; false (read-only commands): refuse to run while any is pending. */
  migrate?: boolean;
  /** Told when PostgreSQL drops a connection under a transaction (the long-running roles log it). */
  onConnectionError?: (error: Error) => void;
}

/** Stops a read-only command on a schema that is behind this build, naming what is pending. */
export async function assertSchemaCurrent(sql: SqlExecutor): Promise<void> {
  const pending = (await migrationStatus(sql, migrations)).filter((status) => status.state === 'pending').map((status) => status.id);
  if (pending.length === 0) return;
  const shown = pending.length > 3 ? `${pending.slice(0, 3).join(', ')} and ${pending.length - 3} more` : pending.join(', ');
  throw new OperatorError(
    `the database schema is behind this build: ${pending.length} migration(s) pending (${shown}); this command only reads and changes nothing. Fix: schoolbot migrate`,
  );
}

export async function openStores(
  config: Config,
  nameOrOptions: string | OpenStoresOptions = {},
  maxConnectionsArgument?: number,
): Promise<StoreHandles> {
  const options = typeof nameOrOptions === 'string' ? { applicationName: nameOrOptions, maxConnections: maxConnectionsArgument } : nameOrOptions;
  const { applicationName = 'schoolbot-cli', maxConnections = 4, migrate = true, onConnectionError } = options;
  // The event store as configured (EventStoreDB, PostgreSQL or embedded), read with the domain's schemas.
  const sql: SqlExecutor = await createSqlExecutor(config, { applicationName, maxConnections, ...(onConnectionError ? { onConnectionError } : {}) });
  try {
    if (migrate) await runMigrations(sql, migrations);
    else await assertSchemaCurrent(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  const store = await createEventStore(config, sql);
  // Node exits when nothing is left to wait for: a command whose work stalled must not look like success.
  const unfinished = () => {
    console.error('schoolbot: the command stopped before it finished (nothing left to wait for); nothing was committed after the last progress line');
    process.exitCode = 1;
  };
  process.once('beforeExit', unfinished);
  return {
    store,
    sql,
    databaseUrl: config.DATABASE_URL,
    async close() {
      process.off('beforeExit', unfinished);
      await store.close();
      await sql.close();
    },
  };
}
