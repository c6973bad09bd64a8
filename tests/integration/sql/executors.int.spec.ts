// Both SqlExecutor implementations behave the same where callers can tell: values, transactions, LISTEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import { createPgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { createTestDatabase } from '../../support/postgres.js';
import type { TestDatabase } from '../../support/postgres.js';
import { requirePostgres } from '../../support/tools.js';

const kinds: Array<[string, () => Promise<{ sql: SqlExecutor; done(): Promise<void> }>]> = [
  [
    'PGlite',
    async () => {
      const sql = await createPgliteExecutor();
      return { sql, done: () => sql.close() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const database: TestDatabase = await createTestDatabase('sbexec');
      const sql = createPgExecutor({ connectionString: database.url, maxConnections: 3 });
      return {
        sql,
        async done() {
          await sql.close();
          await database.drop();
        },
      };
    },
  ],
];

describe.each(requirePostgres() === undefined ? kinds : kinds.filter(([name]) => name !== 'PostgreSQL'))('SqlExecutor on %s', (_name, open) => {
  let handle: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    handle = await open();
    await handle.sql.query('CREATE TABLE items (id bigint PRIMARY KEY, body jsonb, at timestamptz DEFAULT now())');
  });
  afterAll(async () => {
    await handle.done();
  });

  it('returns bigint as a decimal string, jsonb parsed, and counts affected rows', async () => {
    const inserted = await handle.sql.query('INSERT INTO items (id, body) VALUES ($1, $2), ($3, $4)', [
      '9007199254740993',
      JSON.stringify({ name: 'Кабинет 204 🏫' }),
      2,
      JSON.stringify([1, 2]),
    ]);
    expect(inserted.rowCount).toBe(2);
    const rows = await handle.sql.query<{ id: string; body: unknown }>('SELECT id, body FROM items ORDER BY id');
    expect(rows.rows).toEqual([
      { id: '2', body: [1, 2] },
      { id: '9007199254740993', body: { name: 'Кабинет 204 🏫' } },
    ]);
    expect(rows.rowCount).toBe(2);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await handle.sql.transaction(async (tx) => {
      await tx.query('INSERT INTO items (id) VALUES ($1)', [10]);
    });
    await expect(
      handle.sql.transaction(async (tx) => {
        await tx.query('INSERT INTO items (id) VALUES ($1)', [11]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const ids = await handle.sql.query<{ id: string }>('SELECT id FROM items WHERE id IN (10, 11)');
    expect(ids.rows.map((r) => r.id)).toEqual(['10']);
  });

  it('delivers NOTIFY payloads to listeners until they stop listening', async () => {
    const received: string[] = [];
    const stop = await handle.sql.listen('exec_test', (payload) => received.push(payload));
    await handle.sql.query(`SELECT pg_notify('exec_test', 'первый')`);
    for (let i = 0; i < 400 && received.length === 0; i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(received).toEqual(['первый']);
    await stop();
    await handle.sql.query(`SELECT pg_notify('exec_test', 'second')`);
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual(['первый']);
  });
});
