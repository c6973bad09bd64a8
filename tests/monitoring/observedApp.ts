// The HTTP side of a SchoolBot instance as infra wires it for observability (setupObservability), over a
// real PostgreSQL event store and read model, with the application's command service to act on it.
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { eventStoreCheck, readDatabaseCheck } from '../../adapters/http/health.js';
import { instrumentEventStore } from '../../adapters/observability/instrumentEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { createSchoolCommands, type SchoolCommands } from '../../application/commands/schoolCommands.js';
import { systemClock } from '../../application/ports/clock.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { randomIds } from '../../application/ports/ids.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { domainEventSchemas } from '../../domain/events.js';
import { loadConfig } from '../../infra/config.js';
import { setupObservability, type Observability } from '../../infra/observability.js';
import { allProjectors } from '../../projections/index.js';
import { startProjections, type RunningProjections } from '../../projections/runner.js';

export const ADMIN_ID = '500';

export interface ObservedApp {
  baseUrl: string;
  port: number;
  sql: SqlExecutor;
  store: EventStore;
  commands: SchoolCommands;
  observability: Observability;
  stop(): Promise<void>;
}

export interface ObservedAppOptions {
  /** The database for events and read models (EVENT_STORE=postgres). */
  databaseUrl: string;
  /** Run the projectors so the gauges follow the commands. */
  projections?: boolean;
  backupStatusFile?: string;
}

export async function startObservedApp(options: ObservedAppOptions): Promise<ObservedApp> {
  const sql = createPgExecutor({ connectionString: options.databaseUrl, maxConnections: 4 });
  await runMigrations(sql, migrations);
  const config = loadConfig({
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    BOT_ROLE: 'all',
    BOT_INSTANCE_ID: 'monitoring-test',
    EVENT_STORE: 'postgres',
    DATABASE_URL: options.databaseUrl,
    ...(options.backupStatusFile ? { BACKUP_STATUS_FILE: options.backupStatusFile } : {}),
  });
  const http = createHttpServer({ logLevel: 'silent', logger: false });
  const observability = setupObservability(config, http);
  const rawStore = createSqlEventStore(sql, { schemas: domainEventSchemas, pollIntervalMs: 100 });
  const store = instrumentEventStore(rawStore, observability.metrics);
  observability.addReadinessCheck(eventStoreCheck(store));
  observability.addReadinessCheck(readDatabaseCheck(sql));
  observability.exportProjectionGauges(sqlReadModels(sql), systemClock);

  let projections: RunningProjections | undefined;
  if (options.projections) {
    projections = await startProjections({ store, sql, checkpoints: sqlCheckpointStore(sql), projectors: allProjectors, retryDelayMs: 200 });
  }
  const commands = createSchoolCommands({ eventStore: store, clock: systemClock, ids: randomIds, adminIds: [ADMIN_ID] });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    sql,
    store,
    commands,
    observability,
    async stop() {
      await http.close();
      await projections?.stop();
      await rawStore.close();
      await sql.close();
      await observability.stop();
    },
  };
}
