// Migrated databases for tests, made once per `vitest run` instead of once per test. Creating and migrating
// costs more than most tests do: PGlite runs initdb (several seconds of CPU) before the migrations, PostgreSQL
// runs every migration in each new database. So a migrated TEMPLATE is built once (a PostgreSQL database that
// `CREATE DATABASE … TEMPLATE` clones, by the first test that needs one; a PGlite data directory that is
// copied, by the global setup) and every test clones it. Workers run in separate processes, so the builds are
// guarded across processes (an advisory lock on PostgreSQL, an exclusive directory on disk for PGlite) and the
// templates live for the run: the global setup (tests/support/globalSetup.ts) names them and removes them at
// its end. Outside such a run (a bench) each call creates and migrates as before.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor, type PgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's templates: a PostgreSQL database name and a directory for the PGlite one ('' outside a run). */
    schoolbotTemplates: { postgres: string; pgliteDir: string };
  }
}

const TEMPLATE_WAIT_MS = 180_000;

function templates(): { postgres: string; pgliteDir: string } | undefined {
  try {
    return inject('schoolbotTemplates');
  } catch {
    return undefined; // outside a vitest run with the global setup
  }
}

async function ensurePostgresTemplate(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    // One builder across the workers; the others wait here and then find it built.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      const url = new URL(TEST_DATABASE_URL);
      url.pathname = `/${building}`;
      const sql = createPgExecutor({ connectionString: url.toString(), maxConnections: 1 });
      try {
        await runMigrations(sql, migrations);
      } finally {
        await sql.close();
      }
      // Renamed once complete, so a clone never sees a half-migrated template.
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
    await admin.end();
  }
}

/** A new database on the test PostgreSQL with every migration applied (a clone of the run's template). */
export async function createMigratedTestDatabase(prefix = 'sbtest'): Promise<TestDatabase> {
  const run = templates();
  if (!run?.postgres) {
    const database = await createTestDatabase(prefix);
    const sql = createPgExecutor({ connectionString: database.url, maxConnections: 1 });
    try {
      await runMigrations(sql, migrations);
    } finally {
      await sql.close();
    }
    return database;
  }
  await ensurePostgresTemplate(run.postgres);
  return createTestDatabase(prefix, run.postgres);
}

/** Drops this run's PostgreSQL template (the global setup's teardown). */
export async function dropPostgresTemplate(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}_building WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The run's migrated PGlite data directory, built by the first caller: the global setup, before any test
 * starts (so no test's hook waits for it), or, should that have failed, the first worker that needs it.
 */
export async function pgliteTemplate(dir: string): Promise<string> {
  const template = join(dir, 'migrated');
  const ready = join(dir, 'migrated.ready');
  if (existsSync(ready)) return template;
  let builder = false;
  try {
    mkdirSync(join(dir, 'migrated.building'));
    builder = true;
  } catch {
    // another worker builds it
  }
  if (builder) {
    try {
      await buildPgliteTemplate(dir, template);
    } catch (error) {
      rmSync(join(dir, 'migrated.building'), { recursive: true, force: true });
      throw error;
    }
    writeFileSync(ready, '');
    return template;
  }
  const started = Date.now();
  while (!existsSync(ready)) {
    if (Date.now() - started > TEMPLATE_WAIT_MS) throw new Error(`the migrated PGlite template in ${dir} was not built within ${TEMPLATE_WAIT_MS} ms`);
    await sleep(100);
  }
  return template;
}

async function buildPgliteTemplate(dir: string, template: string): Promise<void> {
  // Built in memory and unpacked from PGlite's dump: a new data directory on disk would run initdb in a child
  // process, which costs several times as much.
  const staging = join(dir, 'migrated.staging');
  const tar = join(dir, 'migrated.tar');
  rmSync(staging, { recursive: true, force: true });
  const sql = await createPgliteExecutor();
  try {
    await runMigrations(sql, migrations);
    const dump = await sql.db.dumpDataDir('none');
    writeFileSync(tar, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await sql.close();
  }
  mkdirSync(staging);
  await promisify(execFile)('tar', ['-xf', tar, '-C', staging]);
  rmSync(tar);
  renameSync(staging, template);
}

/**
 * Fills `dataDir` (a PGlite data directory that does not exist yet, for a process the test starts) with a copy
 * of the run's migrated template, so nobody runs initdb and the migrations there. Outside a run it leaves
 * `dataDir` alone: the first opener creates and migrates it, only slower.
 */
export async function copyMigratedPglite(dataDir: string): Promise<void> {
  const run = templates();
  if (run?.pgliteDir) cpSync(await pgliteTemplate(run.pgliteDir), dataDir, { recursive: true });
}

export interface MigratedPglite {
  sql: PgliteExecutor;
  /** Closes the database and removes its copy. */
  close(): Promise<void>;
}

/** A PGlite database with every migration applied: a copy of the run's migrated data directory. */
export async function createMigratedPglite(): Promise<MigratedPglite> {
  const run = templates();
  if (!run?.pgliteDir) {
    const sql = await createPgliteExecutor();
    await runMigrations(sql, migrations);
    return { sql, close: () => sql.close() };
  }
  const template = await pgliteTemplate(run.pgliteDir);
  const copies = join(run.pgliteDir, 'copies');
  mkdirSync(copies, { recursive: true });
  const dir = mkdtempSync(join(copies, 'db-'));
  const dataDir = join(dir, 'pglite');
  cpSync(template, dataDir, { recursive: true });
  const sql = await createPgliteExecutor({ dataDir });
  return {
    sql,
    async close() {
      try {
        await sql.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
