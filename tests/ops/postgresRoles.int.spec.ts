// SchoolBot's PostgreSQL roles (infra/postgres-init/10-schoolbot-roles.sql, docs/security.md) on the real
// server: the script run by psql as the postgres image runs it, the migrations applied as the owner role, the
// event-store contract and the bot's start path as the app role, and everything the app role must NOT do
// refused by the server itself. Role names are unique per run (roles are global to the cluster).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { migrationStatus, runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { describeEventStoreContract } from '../contract/eventStore.contract.js';
import { event } from '../contract/eventStore/harness.js';
import { TEST_DATABASE_URL, createTestDatabase } from '../support/postgres.js';
import type { TestDatabase } from '../support/postgres.js';
import { TOOL, firstMissing, requirePostgres, requireTools, titled } from '../support/tools.js';
import { repoRoot, run, scriptEnv } from './support.js';

const ROLES_SQL = join(repoRoot, 'infra', 'postgres-init', '10-schoolbot-roles.sql');
const missing = firstMissing(requirePostgres(), requireTools(TOOL.psql, TOOL.pgDump, TOOL.pgRestore));

/** `url` with another user and database: the local test server trusts loopback, so no password is needed. */
function urlAs(user: string, database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.username = user;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

interface RolesFixture {
  database: TestDatabase;
  owner: string;
  app: string;
  ownerUrl: string;
  appUrl: string;
  /** Runs the roles script as the superuser on `database` (default: the fixture's). */
  applyRoles(database?: string, passwords?: boolean): Promise<{ code: number | null; stdout: string; stderr: string }>;
  teardown(): Promise<void>;
}

async function rolesFixture(prefix: string): Promise<RolesFixture> {
  const database = await createTestDatabase(prefix);
  const suffix = randomBytes(4).toString('hex');
  const owner = `${prefix}_owner_${suffix}`;
  const app = `${prefix}_app_${suffix}`;
  const extraDatabases: string[] = [];
  const applyRoles = (name = database.name, passwords = true) => {
    if (name !== database.name && !extraDatabases.includes(name)) extraDatabases.push(name);
    return run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', urlAs(new URL(TEST_DATABASE_URL).username || 'postgres', name), '-f', ROLES_SQL], {
      env: {
        PATH: process.env.PATH,
        SCHOOLBOT_DB_OWNER: owner,
        SCHOOLBOT_DB_USER: app,
        ...(passwords ? { SCHOOLBOT_DB_OWNER_PASSWORD: `owner-${suffix}`, SCHOOLBOT_DB_PASSWORD: `app-${suffix}` } : {}),
      },
    });
  };
  return {
    database,
    owner,
    app,
    ownerUrl: urlAs(owner, database.name),
    appUrl: urlAs(app, database.name),
    applyRoles,
    async teardown() {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        for (const name of [database.name, ...extraDatabases]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        for (const role of [app, owner]) await admin.query(`DROP ROLE IF EXISTS ${role}`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** The SQLSTATE a statement fails with as `url`'s role, or 'ok'. */
async function outcome(url: string, statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
    return 'ok';
  } catch (error) {
    return String((error as { code?: unknown }).code);
  } finally {
    await client.end();
  }
}

describe.skipIf(missing !== undefined)(titled('PostgreSQL roles (owner and app) on the real server', missing), () => {
  let fixture: RolesFixture;
  let ownerSql: SqlExecutor;
  let appSql: SqlExecutor;

  beforeAll(async () => {
    fixture = await rolesFixture('sbroles');
    // An installation from before the roles: a table the superuser made, which the script must hand over.
    const admin = new pg.Client({ connectionString: fixture.database.url });
    await admin.connect();
    await admin.query('CREATE TABLE legacy_notes (id serial PRIMARY KEY, body text)');
    await admin.end();
    const applied = await fixture.applyRoles();
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    ownerSql = createPgExecutor({ connectionString: fixture.ownerUrl, maxConnections: 2 });
    appSql = createPgExecutor({ connectionString: fixture.appUrl, maxConnections: 2 });
    // `schoolbot migrate` in the migrate service: as the owner.
    expect(await runMigrations(ownerSql, migrations)).toHaveLength(migrations.length);
  }, 120_000);

  afterAll(async () => {
    await appSql?.close();
    await ownerSql?.close();
    await fixture?.teardown();
  });

  it('creates both roles without SUPERUSER, CREATEDB, CREATEROLE or REPLICATION; the owner owns the database', async () => {
    const roles = await ownerSql.query<{ rolname: string; rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; rolreplication: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin
         FROM pg_roles WHERE rolname = ANY ($1) ORDER BY rolname`,
      [[fixture.owner, fixture.app]],
    );
    expect(roles.rows).toHaveLength(2);
    for (const role of roles.rows) {
      expect(role, role.rolname).toMatchObject({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true });
    }
    const owners = await ownerSql.query<{ database: string; schema: string }>(
      `SELECT pg_get_userbyid(d.datdba) AS database, pg_get_userbyid(n.nspowner) AS schema
         FROM pg_database d, pg_namespace n WHERE d.datname = current_database() AND n.nspname = 'public'`,
    );
    expect(owners.rows[0]).toEqual({ database: fixture.owner, schema: fixture.owner });
  });

  it('hands every table the superuser made before to the owner, and is idempotent', async () => {
    const again = await fixture.applyRoles(undefined, false);
    expect(again.code).toBe(0);
    const foreign = await ownerSql.query<{ relname: string; owner: string }>(
      `SELECT relname, pg_get_userbyid(relowner) AS owner FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S', 'v', 'm') AND relowner <> $1::regrole`,
      [fixture.owner],
    );
    expect(foreign.rows).toEqual([]);
    expect(await outcome(fixture.appUrl, "INSERT INTO legacy_notes (body) VALUES ('kept')")).toBe('ok');
  });

  it('starts the bot as the app role: a current schema is only read, nothing is applied', async () => {
    expect(await runMigrations(appSql, migrations)).toEqual([]);
    const statuses = await migrationStatus(appSql, migrations);
    expect(statuses.every((status) => status.state === 'applied')).toBe(true);
  });

  it('stops the app role at a pending migration with a line that says to migrate as the owner', async () => {
    const pending = [...migrations, { id: '9999_roles_probe', sql: 'CREATE TABLE roles_probe (id int)' }];
    await expect(runMigrations(appSql, pending)).rejects.toThrow(
      /migration 9999_roles_probe is pending and this database role may not apply it .*schoolbot migrate.* owner role/,
    );
    expect(await outcome(fixture.appUrl, 'SELECT 1 FROM roles_probe')).toBe('42P01'); // nothing was created
  });

  it('lets the app role append and read events through the SQL event store', async () => {
    const store = createSqlEventStore(appSql);
    const stream = `roles-${randomBytes(3).toString('hex')}`;
    const appended = await store.append(stream, [event('SomethingHappened', { value: 1 })], 'no_stream');
    expect(appended).toBeDefined();
    const read = await store.readStream(stream);
    expect(read.map((recorded) => recorded.type)).toEqual(['SomethingHappened']);
    await store.close();
  });

  it('gives the app role rows in tables the owner creates later (a rebuilt read model), through default privileges', async () => {
    await ownerSql.query('CREATE TABLE rebuilt_model (id int PRIMARY KEY, n int)');
    await ownerSql.query('CREATE TABLE rebuilt_counter (id bigserial PRIMARY KEY)');
    expect(await outcome(fixture.appUrl, 'INSERT INTO rebuilt_model VALUES (1, 1)')).toBe('ok');
    expect(await outcome(fixture.appUrl, 'UPDATE rebuilt_model SET n = 2 WHERE id = 1')).toBe('ok');
    expect(await outcome(fixture.appUrl, 'DELETE FROM rebuilt_model WHERE id = 1')).toBe('ok');
    expect(await outcome(fixture.appUrl, 'INSERT INTO rebuilt_counter DEFAULT VALUES')).toBe('ok');
  });

  it.each([
    ['app', 'CREATE TABLE', 'CREATE TABLE intruder (id int)'],
    ['app', 'CREATE UNLOGGED TABLE', 'CREATE UNLOGGED TABLE intruder (id int)'],
    ['app', 'CREATE INDEX', 'CREATE INDEX intruder_idx ON rebuilt_model (n)'],
    ['app', 'CREATE VIEW', 'CREATE VIEW intruder AS SELECT 1'],
    ['app', 'CREATE FUNCTION', 'CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'],
    ['app', 'CREATE SCHEMA', 'CREATE SCHEMA intruder'],
    ['app', 'DROP TABLE', 'DROP TABLE rebuilt_model'],
    ['app', 'DROP TABLE schema_migrations', 'DROP TABLE schema_migrations'],
    ['app', 'ALTER TABLE ADD COLUMN', 'ALTER TABLE rebuilt_model ADD COLUMN intruder int'],
    ['app', 'ALTER TABLE RENAME', 'ALTER TABLE rebuilt_model RENAME TO intruder'],
    ['app', 'ALTER TABLE OWNER', 'ALTER TABLE rebuilt_model OWNER TO CURRENT_USER'],
    ['app', 'TRUNCATE', 'TRUNCATE rebuilt_model'],
    ['app', 'CREATE ROLE', 'CREATE ROLE intruder LOGIN'],
    ['app', 'CREATE DATABASE', 'CREATE DATABASE intruder'],
    ['owner', 'CREATE ROLE', 'CREATE ROLE intruder LOGIN'],
    ['owner', 'CREATE DATABASE', 'CREATE DATABASE intruder'],
    ['owner', 'ALTER ROLE SUPERUSER', 'ALTER ROLE CURRENT_USER SUPERUSER'],
  ] as const)('refuses the %s role %s (insufficient privilege)', async (role, _name, statement) => {
    expect(await outcome(role === 'app' ? fixture.appUrl : fixture.ownerUrl, statement)).toBe('42501');
  });

  it('lets the app role grant nothing it was given (no grant option)', async () => {
    // PostgreSQL answers a GRANT without the grant option with a warning, not an error: check what it did.
    await outcome(fixture.appUrl, 'GRANT SELECT ON rebuilt_model TO PUBLIC');
    const acl = await ownerSql.query<{ acl: string }>(`SELECT relacl::text AS acl FROM pg_class WHERE relname = 'rebuilt_model'`);
    expect(acl.rows[0]?.acl).not.toMatch(/[{,]=/); // no entry for PUBLIC
  });

  it('backs up as the owner (pg_dump) and, restored by a superuser, gives the roles back with the script (restore.sh)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schoolbot-roles-'));
    const copy = `${fixture.database.name}_copy`;
    try {
      const dump = join(dir, 'events.dump');
      const dumped = await run('pg_dump', ['-Fc', '-f', dump, '-d', fixture.ownerUrl], { env: { PATH: process.env.PATH } });
      expect(dumped.stderr).toBe('');
      expect(dumped.code).toBe(0);
      // As restore.sh does: a new database made by the superuser, pg_restore --no-owner as the superuser …
      expect(await outcome(TEST_DATABASE_URL, `CREATE DATABASE ${copy}`)).toBe('ok');
      const superuser = new URL(TEST_DATABASE_URL).username || 'postgres';
      const restored = await run('pg_restore', ['--exit-on-error', '--no-owner', '-d', urlAs(superuser, copy), dump], { env: { PATH: process.env.PATH } });
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      // … then the roles script, after which the owner owns it all and the app role reads and writes again.
      expect((await fixture.applyRoles(copy, false)).code).toBe(0);
      expect(await outcome(urlAs(fixture.owner, copy), 'ALTER TABLE rebuilt_model ADD COLUMN added_by_owner int')).toBe('ok');
      expect(await outcome(urlAs(fixture.app, copy), "INSERT INTO legacy_notes (body) VALUES ('after restore')")).toBe('ok');
      expect(await outcome(urlAs(fixture.app, copy), 'SELECT count(*) FROM es_events')).toBe('ok');
      expect(await outcome(urlAs(fixture.app, copy), 'CREATE TABLE intruder (id int)')).toBe('42501');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to run with a role to create and no password, or with one name for both roles', async () => {
    const env = (extra: Record<string, string>) => ({ PATH: process.env.PATH, ...extra });
    const url = fixture.database.url;
    const noPassword = await run('psql', ['-X', '-q', '-d', url, '-f', ROLES_SQL], {
      env: env({ SCHOOLBOT_DB_OWNER: `${fixture.owner}_x`, SCHOOLBOT_DB_USER: fixture.app }),
    });
    expect(noPassword.code).not.toBe(0);
    expect(noPassword.stdout).toMatch(/needs its password/);
    const sameName = await run('psql', ['-X', '-q', '-d', url, '-f', ROLES_SQL], {
      env: env({ SCHOOLBOT_DB_OWNER: fixture.owner, SCHOOLBOT_DB_USER: fixture.owner }),
    });
    expect(sameName.code).not.toBe(0);
    expect(sameName.stdout).toMatch(/must be two roles/);
    const created = await ownerSql.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${fixture.owner}_x`]);
    expect(created.rowCount).toBe(0);
  });
});

// scripts/restore.sh (local driver) with the roles script: the restored database is the owner's again and the
// app role has its rows, before the swap. The migrate and rebuild steps are stubbed (SCHOOLBOT_CMD=true).
describe.skipIf(missing !== undefined)(titled('PostgreSQL roles: backup.sh and restore.sh', missing), () => {
  let fixture: RolesFixture;
  let dir: string;

  beforeAll(async () => {
    fixture = await rolesFixture('sbrolrs');
    expect((await fixture.applyRoles()).code).toBe(0);
    const owner = createPgExecutor({ connectionString: fixture.ownerUrl, maxConnections: 2 });
    await runMigrations(owner, migrations);
    await createSqlEventStore(owner).append('roles-restore', [event('SomethingHappened', { value: 1 })], 'no_stream');
    await owner.close();
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-roles-restore-'));
  }, 120_000);

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const kept = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${fixture.database.name}\\_%`]);
      for (const { datname } of kept.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    await fixture?.teardown();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores a dump into a database the owner owns and the app role writes to', async () => {
    const superuser = new URL(TEST_DATABASE_URL).username || 'postgres';
    const env = scriptEnv({
      SCHOOLBOT_DRIVER: 'local',
      EVENT_STORE: 'postgres',
      DATABASE_URL: urlAs(superuser, fixture.database.name),
      BACKUP_DIR: join(dir, 'backups'),
      BACKUP_VALIDATE: 'read',
      PG_ROLES_SQL: ROLES_SQL,
      SCHOOLBOT_DB_OWNER: fixture.owner,
      SCHOOLBOT_DB_USER: fixture.app,
      SCHOOLBOT_CMD: 'true',
      HEALTH_URL: '',
    });
    const backup = await run(join(repoRoot, 'scripts', 'backup.sh'), [], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const dump = (await readdir(join(dir, 'backups'))).find((name) => name.endsWith('.dump'));
    const restore = await run(join(repoRoot, 'scripts', 'restore.sh'), ['--yes', join(dir, 'backups', dump!)], { env });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stderr).toMatch(/restored into/);
    // The live name now holds the restored database: made by the superuser, owned by the owner role.
    expect(await outcome(fixture.ownerUrl, 'ALTER TABLE es_events ADD COLUMN restored_probe int')).toBe('ok');
    expect(await outcome(fixture.appUrl, "INSERT INTO schema_migrations (id, checksum, duration_ms) VALUES ('9998_probe', 'x', 0)")).toBe('ok');
    expect(await outcome(fixture.appUrl, 'SELECT count(*) FROM es_events')).toBe('ok');
    expect(await outcome(fixture.appUrl, 'CREATE TABLE intruder (id int)')).toBe('42501');
  }, 240_000);
});

// The whole event-store contract, with the store connected as the app role the bot uses in docker compose.
describe.skipIf(missing !== undefined)(titled('PostgreSQL roles: the event-store contract as the app role', missing), () => {
  describeEventStoreContract('PostgreSQL, as the app role', async (schemas) => {
    const fixture = await rolesFixture('sbrolect');
    const applied = await fixture.applyRoles();
    if (applied.code !== 0) throw new Error(`the roles script failed: ${applied.stdout}${applied.stderr}`);
    const owner = createPgExecutor({ connectionString: fixture.ownerUrl, maxConnections: 2 });
    await runMigrations(owner, migrations);
    await owner.close();
    const executors: SqlExecutor[] = [];
    const open = () => {
      const sql = createPgExecutor({ connectionString: fixture.appUrl, maxConnections: 10 });
      executors.push(sql);
      return createSqlEventStore(sql, { schemas });
    };
    const store = open();
    const others: { close(): Promise<void> }[] = [];
    return {
      store,
      async openAnother() {
        const another = open();
        others.push(another);
        return another;
      },
      async teardown() {
        await store.close();
        for (const other of others) await other.close();
        for (const sql of executors) await sql.close();
        await fixture.teardown();
      },
    };
  });
});
