// Opens both stores a process works with, from the configuration: the event store and the read-model
// database (migrated). PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite under DATA_DIR.
import type { EventStore } from '../application/ports/eventStore.js';
import type { SqlExecutor } from '../application/ports/sql.js';
import { migrations } from '../adapters/postgres/migrations/index.js';
import { runMigrations } from '../adapters/postgres/migrations/runner.js';
import type { Config } from './config.js';
import { createEventStore, createSqlExecutor } from './stores.js';

export interface StoreHandles {
  store: EventStore;
  /** The read-model database. */
  sql: SqlExecutor;
  databaseUrl?: string;
  close(): Promise<void>;
}

export async function openStores(
  config: Config,
  applicationName = 'schoolbot-cli',
  maxConnections = 4,
): Promise<StoreHandles> {
  // The event store as configured (EventStoreDB, PostgreSQL or embedded), read with the domain's schemas.
  const sql: SqlExecutor = await createSqlExecutor(config, { applicationName, maxConnections });
  await runMigrations(sql, migrations);
  const store = createEventStore(config, sql);
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
