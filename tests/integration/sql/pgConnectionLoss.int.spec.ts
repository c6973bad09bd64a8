// PostgreSQL drops a connection that a transaction holds, between two of its statements (a restart, an
// administrator's pg_terminate_backend): the transaction fails, the process goes on (no unhandled 'error'
// event), the loss is reported, and the pool serves the next query on a fresh connection.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgExecutor, type PgExecutor } from '../../../adapters/sql/pgExecutor.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.js';

let database: TestDatabase;
let sql: PgExecutor;
const lost: Error[] = [];

beforeAll(async () => {
  database = await createTestDatabase('sbconnloss');
  sql = createPgExecutor({ connectionString: database.url, maxConnections: 2, onConnectionError: (error) => lost.push(error) });
});

afterAll(async () => {
  await sql?.close();
  await database?.drop();
});

describe('a connection lost under a transaction', () => {
  it('fails that transaction only; the loss is reported and the next query gets a new connection', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const attempt = sql.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        // The work awaits something else while the server's goodbye arrives (no statement is running).
        const deadline = Date.now() + 10_000;
        while (lost.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.query('SELECT 1');
      });
      await expect(attempt).rejects.toThrow();
      expect(lost.length).toBeGreaterThan(0);
      const { rows } = await sql.query<{ one: number }>('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
  });
});
