import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import type { Migration } from '../../../adapters/postgres/migrations/migration.js';
import { assertMigrationList, migrationStatus, runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { createTestDatabase } from '../../support/postgres.js';
import type { TestDatabase } from '../../support/postgres.js';
import { requirePostgres, titled } from '../../support/tools.js';

const sample: Migration[] = [
  { id: '0001_first', sql: 'CREATE TABLE first_table (id integer PRIMARY KEY)' },
  { id: '0002_second', sql: 'CREATE TABLE second_table (id integer PRIMARY KEY); INSERT INTO second_table VALUES (1)' },
];

describe('migration list', () => {
  it('the project list is well formed and ordered', () => {
    expect(() => assertMigrationList(migrations)).not.toThrow();
    expect(migrations[0]?.id).toBe('0001_event_store');
  });

  it('refuses malformed ids, reused numbers and wrong order', () => {
    expect(() => assertMigrationList([{ id: 'first', sql: '' }])).toThrow(/NNNN_snake_case/);
    expect(() => assertMigrationList([{ id: '0001_a', sql: '' }, { id: '0001_b', sql: '' }])).toThrow(/used twice/);
    expect(() => assertMigrationList([{ id: '0002_a', sql: '' }, { id: '0001_b', sql: '' }])).toThrow(/listed after/);
  });
});

describe('migrations on PGlite', () => {
  it('applies pending migrations once and reports their state', async () => {
    const sql = await createPgliteExecutor();
    try {
      expect((await migrationStatus(sql, sample)).map((s) => s.state)).toEqual(['pending', 'pending']);
      const applied: string[] = [];
      expect(await runMigrations(sql, sample, (id) => applied.push(id))).toEqual(['0001_first', '0002_second']);
      expect(applied).toEqual(['0001_first', '0002_second']);
      expect(await runMigrations(sql, sample)).toEqual([]);
      expect((await sql.query<{ n: string }>('SELECT count(*) AS n FROM second_table')).rows[0]?.n).toBe('1');

      const edited = [sample[0]!, { ...sample[1]!, sql: `${sample[1]!.sql}; SELECT 1` }];
      const statuses = await migrationStatus(sql, edited.slice(0, 2));
      expect(statuses.map((s) => [s.id, s.state])).toEqual([
        ['0001_first', 'applied'],
        ['0002_second', 'changed'],
      ]);
      expect((await migrationStatus(sql, sample.slice(0, 1))).map((s) => s.state)).toEqual(['applied', 'unknown']);
    } finally {
      await sql.close();
    }
  });

  it('a failing migration leaves nothing behind and stops the run', async () => {
    const sql = await createPgliteExecutor();
    try {
      const broken: Migration[] = [
        sample[0]!,
        { id: '0002_broken', sql: 'CREATE TABLE half_done (id integer); SELECT no_such_function()' },
      ];
      await expect(runMigrations(sql, broken)).rejects.toThrow(/no_such_function/);
      expect((await migrationStatus(sql, broken)).map((s) => s.state)).toEqual(['applied', 'pending']);
      expect((await sql.query(`SELECT to_regclass('half_done') AS t`)).rows[0]).toEqual({ t: null });
    } finally {
      await sql.close();
    }
  });
});

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('migrations on PostgreSQL', noPostgres), () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sbmig');
  });
  afterAll(async () => {
    await database.drop();
  });

  it('several processes migrating at once apply each migration exactly once', async () => {
    const executors: SqlExecutor[] = Array.from({ length: 4 }, () =>
      createPgExecutor({ connectionString: database.url, maxConnections: 2 }),
    );
    try {
      const results = await Promise.all(executors.map((sql) => runMigrations(sql, migrations)));
      expect(results.flat().sort()).toEqual(migrations.map((m) => m.id).sort());
      const rows = await executors[0]!.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    } finally {
      await Promise.all(executors.map((sql) => sql.close()));
    }
  }, 120_000);
});
