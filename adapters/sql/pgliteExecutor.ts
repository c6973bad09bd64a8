// SqlExecutor over PGlite: PostgreSQL compiled to WebAssembly, in process. One connection: PGlite queues
// queries and runs a transaction exclusively, so the same SQL as on the server stays correct here.
import { PGlite, types } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { SqlExecutor, SqlQueryable, SqlResult } from '../../application/ports/sql.js';

export interface PgliteExecutorOptions {
  /** A directory for the database files; omitted: in memory (tests). */
  dataDir?: string;
}

interface PgliteResults {
  rows: unknown[];
  affectedRows?: number;
}

function toResult<Row>(result: PgliteResults): SqlResult<Row> {
  return { rows: result.rows as Row[], rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
}

// Match node-postgres, so callers see the same values on both: int8 as a decimal string (PGlite would give a
// JavaScript number, which loses precision above 2^53).
const PARSERS = { [types.INT8]: (value: string) => value };

export class PgliteExecutor implements SqlExecutor {
  readonly dialect = 'pglite' as const;

  private constructor(readonly db: PGlite) {}

  static async open(options: PgliteExecutorOptions = {}): Promise<PgliteExecutor> {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const db = await PGlite.create(options.dataDir, { parsers: PARSERS });
    return new PgliteExecutor(db);
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    if (params === undefined || params.length === 0) {
      // Without parameters, allow several statements (migrations), as node-postgres's simple protocol does.
      const results = await this.db.exec(sql);
      return toResult<Row>(results[results.length - 1] ?? { rows: [] });
    }
    return toResult<Row>(await this.db.query(sql, params as unknown[]));
  }

  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        async query<Row>(sql: string, params?: readonly unknown[]) {
          if (params === undefined || params.length === 0) {
            const results = await tx.exec(sql);
            return toResult<Row>(results[results.length - 1] ?? { rows: [] });
          }
          return toResult<Row>(await tx.query(sql, params as unknown[]));
        },
      }),
    );
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const unlisten = await this.db.listen(channel, onNotify);
    return async () => {
      if (!this.db.closed) await unlisten();
    };
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

export function createPgliteExecutor(options: PgliteExecutorOptions = {}): Promise<PgliteExecutor> {
  return PgliteExecutor.open(options);
}
