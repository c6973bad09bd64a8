// The event store and the SQL database, chosen from the configuration. One SQL database holds the read
// models and (for EVENT_STORE=postgres|embedded) the event log: PostgreSQL when DATABASE_URL is set, otherwise
// PGlite files under DATA_DIR. EVENT_STORE=esdb keeps the log in EventStoreDB at EVENTSTORE_URL.
import { join } from 'node:path';
import type { EventStore } from '../application/ports/eventStore.js';
import type { SqlExecutor } from '../application/ports/sql.js';
import type { EventReadValidator } from '../adapters/eventstore/readValidation.js';
import { createSqlEventStore } from '../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../adapters/postgres/migrations/index.js';
import { runMigrations } from '../adapters/postgres/migrations/runner.js';
import { createPgExecutor } from '../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../adapters/sql/pgliteExecutor.js';
import { parseDomainEvent } from '../domain/events.js';
import type { Config } from './config.js';
import { migratedTemplatePath } from './embeddedTemplate.js';

/** Where the embedded database keeps its files. One process at a time may open it. */
const embeddedDataDir = (config: Pick<Config, 'DATA_DIR'>) => join(config.DATA_DIR, 'pglite');

export interface SqlExecutorOptions {
  applicationName?: string;
  /** PostgreSQL pool size (default 10). */
  maxConnections?: number;
  /** Told when PostgreSQL drops a connection under a transaction (logged by the app). */
  onConnectionError?: (error: Error) => void;
}

/** The SQL database: PostgreSQL at DATABASE_URL, or PGlite under DATA_DIR when it is unset. */
export async function createSqlExecutor(
  config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'> & Partial<Pick<Config, 'EMBEDDED_SHARED_BUFFERS' | 'EMBEDDED_WORK_MEM'>>,
  options: SqlExecutorOptions = {},
): Promise<SqlExecutor> {
  if (config.DATABASE_URL) {
    return createPgExecutor({
      connectionString: config.DATABASE_URL,
      applicationName: options.applicationName ?? 'schoolbot',
      maxConnections: options.maxConnections ?? 10,
      ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    });
  }
  return createPgliteExecutor({
    dataDir: embeddedDataDir(config),
    sharedBuffers: config.EMBEDDED_SHARED_BUFFERS,
    workMem: config.EMBEDDED_WORK_MEM,
    templates: [migratedTemplatePath()],
  });
}

/** Every event read is upcast and checked against the domain's schemas; a failure names the event. */
const domainEventValidator: EventReadValidator = (event) => {
  const parsed = parseDomainEvent(event.type, event.metadata.schemaVersion, event.data);
  return parsed.ok ? { ok: true, data: parsed.event.data } : parsed;
};

export interface EventStoreFactoryOptions {
  /** Read-time validation (default: the domain's registry). Pass `null` for none (tests of raw storage). */
  validate?: EventReadValidator | null;
}

/**
 * The configured event store. For postgres/embedded it lives in `sql` (the schema comes from `migrate`);
 * closing the store leaves `sql` open for its owner to close. EventStoreDB's client (gRPC, about a second of
 * CPU to load) is loaded only when it is the configured store.
 */
export async function createEventStore(
  config: Pick<Config, 'EVENT_STORE' | 'EVENTSTORE_URL'>,
  sql?: SqlExecutor,
  options: EventStoreFactoryOptions = {},
): Promise<EventStore> {
  const validate = options.validate === null ? undefined : (options.validate ?? domainEventValidator);
  if (config.EVENT_STORE === 'esdb') {
    if (!config.EVENTSTORE_URL) throw new Error('EVENT_STORE=esdb needs EVENTSTORE_URL (esdb://host:2113?tls=false)');
    const { createEsdbEventStore } = await import('../adapters/eventstore/esdbEventStore.js');
    return createEsdbEventStore({ connectionString: config.EVENTSTORE_URL, validate });
  }
  if (!sql) throw new Error(`EVENT_STORE=${config.EVENT_STORE} keeps the log in the SQL database: pass its executor`);
  const expected = config.EVENT_STORE === 'postgres' ? 'postgres' : 'pglite';
  if (sql.dialect !== expected) {
    throw new Error(
      config.EVENT_STORE === 'postgres'
        ? 'EVENT_STORE=postgres needs DATABASE_URL'
        : 'EVENT_STORE=embedded keeps the log in PGlite under DATA_DIR, but DATABASE_URL is set: unset it, or use EVENT_STORE=postgres',
    );
  }
  return createSqlEventStore(sql, { validate });
}

export interface Stores {
  sql: SqlExecutor;
  store: EventStore;
  close(): Promise<void>;
}

/** Opens the SQL database, applies pending migrations, and opens the configured event store on it. */
export async function openStores(
  config: Pick<Config, 'EVENT_STORE' | 'EVENTSTORE_URL' | 'DATABASE_URL' | 'DATA_DIR'> &
    Partial<Pick<Config, 'EMBEDDED_SHARED_BUFFERS' | 'EMBEDDED_WORK_MEM'>>,
  options: SqlExecutorOptions & EventStoreFactoryOptions = {},
): Promise<Stores> {
  const sql = await createSqlExecutor(config, options);
  try {
    await runMigrations(sql, migrations);
    const store = await createEventStore(config, sql, options);
    return {
      sql,
      store,
      async close() {
        await store.close();
        await sql.close();
      },
    };
  } catch (error) {
    await sql.close();
    throw error;
  }
}
