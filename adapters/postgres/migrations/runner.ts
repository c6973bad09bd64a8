// Applies pending migrations in id order, each in its own transaction, under a transaction-level advisory lock
// so two processes running `migrate` at once apply each migration exactly once.
import { createHash } from 'node:crypto';
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type { Migration } from './migration.js';
import { MIGRATION_ID } from './migration.js';

/** Arbitrary but fixed: the advisory lock key every `migrate` takes. */
const MIGRATION_LOCK_KEY = 4_171_206_001;

export type MigrationState = 'applied' | 'pending' | 'changed' | 'unknown';

export interface MigrationStatus {
  id: string;
  state: MigrationState;
  appliedAt?: Date;
  durationMs?: number;
}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL
)`;

interface AppliedRow {
  id: string;
  checksum: string;
  applied_at: Date | string;
  duration_ms: number;
}

/** Refuses a list with a malformed, duplicate or out-of-order id: mistakes a reviewer should never need to spot. */
export function assertMigrationList(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  const numbers = new Set<string>();
  let previous = '';
  for (const migration of migrations) {
    if (!MIGRATION_ID.test(migration.id)) throw new Error(`migration id "${migration.id}" is not NNNN_snake_case`);
    const number = migration.id.slice(0, 4);
    if (seen.has(migration.id) || numbers.has(number)) throw new Error(`migration number ${number} is used twice`);
    if (migration.id < previous) throw new Error(`migration ${migration.id} is listed after ${previous}`);
    seen.add(migration.id);
    numbers.add(number);
    previous = migration.id;
  }
}

async function readApplied(sql: SqlQueryable): Promise<Map<string, AppliedRow>> {
  const exists = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!exists.rows[0]?.present) return new Map();
  const result = await sql.query<AppliedRow>('SELECT id, checksum, applied_at, duration_ms FROM schema_migrations');
  return new Map(result.rows.map((row) => [row.id, row]));
}

/** Applies what is pending; returns the ids it applied (empty when the schema was current). */
export async function runMigrations(
  sql: SqlExecutor,
  migrations: readonly Migration[],
  onApplied: (id: string, durationMs: number) => void = () => undefined,
): Promise<string[]> {
  assertMigrationList(migrations);
  // A current schema is only read: the bot's role may read schema_migrations but not create in the schema
  // (docs/security.md), and CREATE TABLE IF NOT EXISTS needs that right even when the table exists.
  const before = await readApplied(sql);
  if (migrations.every((migration) => before.has(migration.id))) return [];
  const appliedNow: string[] = [];
  for (const migration of migrations) {
    if (before.has(migration.id)) continue; // applied stays applied
    const applied = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.query(CREATE_TABLE);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [migration.id]);
      if (done.rowCount > 0) return undefined;
      const started = performance.now();
      await tx.query(migration.sql);
      const durationMs = Math.round(performance.now() - started);
      await tx.query('INSERT INTO schema_migrations (id, checksum, duration_ms) VALUES ($1, $2, $3)', [
        migration.id,
        checksum(migration.sql),
        durationMs,
      ]);
      return durationMs;
    }).catch((error: unknown) => {
      // 42501 insufficient_privilege: the bot's role met a pending migration it may not apply.
      if ((error as { code?: unknown }).code !== '42501') throw error;
      throw new Error(
        `migration ${migration.id} is pending and this database role may not apply it (${(error as Error).message}): run \`schoolbot migrate\` as the owner role first (docs/security.md)`,
        { cause: error },
      );
    });
    if (applied !== undefined) {
      appliedNow.push(migration.id);
      onApplied(migration.id, applied);
    }
  }
  return appliedNow;
}

/** Every known migration with its state, then any applied one this build does not know ('unknown'). */
export async function migrationStatus(sql: SqlExecutor, migrations: readonly Migration[]): Promise<MigrationStatus[]> {
  const applied = await readApplied(sql);
  const statuses: MigrationStatus[] = migrations.map((migration) => {
    const row = applied.get(migration.id);
    if (!row) return { id: migration.id, state: 'pending' };
    return {
      id: migration.id,
      state: row.checksum === checksum(migration.sql) ? 'applied' : 'changed',
      appliedAt: new Date(row.applied_at),
      durationMs: row.duration_ms,
    };
  });
  const known = new Set(migrations.map((migration) => migration.id));
  for (const row of applied.values()) {
    if (!known.has(row.id)) {
      statuses.push({ id: row.id, state: 'unknown', appliedAt: new Date(row.applied_at), durationMs: row.duration_ms });
    }
  }
  return statuses.sort((a, b) => a.id.localeCompare(b.id));
}
