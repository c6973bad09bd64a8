// Builds the SQL event store for contract tests: migrated schema, store, and a teardown that closes it all.
import type { SqlExecutor } from '../../application/ports/sql.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import type { SqlEventStore, SqlEventStoreOptions } from '../../adapters/eventstore/sqlEventStore.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';

export async function migratedStore(sql: SqlExecutor, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
  await runMigrations(sql, migrations);
  return createSqlEventStore(sql, options);
}

export interface PostgresStoreFixture {
  database: TestDatabase;
  store: SqlEventStore;
  sql: SqlExecutor;
  /** Another executor and store over the same database, as a second process would have. */
  openAnother(): Promise<SqlEventStore>;
  teardown(): Promise<void>;
}

export async function postgresStore(options: SqlEventStoreOptions = {}): Promise<PostgresStoreFixture> {
  const database = await createTestDatabase('sbes');
  const sql = createPgExecutor({ connectionString: database.url, maxConnections: 10 });
  const store = await migratedStore(sql, options);
  const others: SqlExecutor[] = [];
  return {
    database,
    store,
    sql,
    async openAnother() {
      const other = createPgExecutor({ connectionString: database.url, maxConnections: 2 });
      others.push(other);
      return createSqlEventStore(other, { ...options, ownsExecutor: true });
    },
    async teardown() {
      await store.close();
      await sql.close();
      await Promise.all(others.map((other) => other.close()));
      await database.drop();
    },
  };
}
