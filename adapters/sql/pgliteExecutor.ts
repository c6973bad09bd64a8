// SqlExecutor over PGlite: PostgreSQL compiled to WebAssembly, in process. One connection: PGlite queues
// queries and runs a transaction exclusively, so the same SQL as on the server stays correct here.
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { SqlExecutor, SqlQueryable, SqlResult } from '../../application/ports/sql.js';
import { lockDataDir, type DataDirLock } from './dataDirLock.js';
import { copyTemplate, initdbTemplate, initialiseInChild, isDataDir } from './pgliteTemplate.js';

export interface PgliteExecutorOptions {
  /** A directory for the database files; omitted: in memory (tests). Locked against a second process. */
  dataDir?: string;
  /** PostgreSQL's shared_buffers inside PGlite (its page cache, in the process's memory). Default 16MB. */
  sharedBuffers?: string;
  /** work_mem: per sort or hash before spilling to (in-memory) temp files. Default 2MB. */
  workMem?: string;
  /** Ready-made data directories (./pgliteTemplate.ts) a new `dataDir` is copied from, the first that exists. */
  templates?: readonly (string | undefined)[];
}

/** PGlite's own defaults (shared_buffers 160MB, maintenance_work_mem 64MB…) suit a desktop, not a small server. */
export const PGLITE_DEFAULTS = { sharedBuffers: '16MB', workMem: '2MB' } as const;

function postgresqlConf(options: PgliteExecutorOptions): string[] {
  return [
    `shared_buffers=${options.sharedBuffers ?? PGLITE_DEFAULTS.sharedBuffers}`,
    `work_mem=${options.workMem ?? PGLITE_DEFAULTS.workMem}`,
    'maintenance_work_mem=16MB',
    'temp_buffers=2MB',
    'wal_buffers=1MB',
  ];
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

/**
 * PostgreSQL's WebAssembly (9 MB) runs on V8's baseline compiler only. By default V8 also recompiles every
 * function that gets warm with its optimising compiler: at start that is over a second of CPU and 40–90 MB
 * of machine code that stays resident, for queries that take a millisecond either way in a school's bot
 * (measured in docs/operations.md). Must be set before the module is compiled; a process started with its
 * own choice (`node --no-liftoff-only …`, `--liftoff-only`) keeps it.
 */
function preferBaselineWasmCompiler(): void {
  if (process.execArgv.some((flag) => /^--(no-)?(liftoff|wasm-tier)/.test(flag))) return;
  setFlagsFromString('--liftoff-only');
}

/** A new data directory: copied from a template (a migrated one first, else initdb's), initdb as the last resort. */
async function initialise(dataDir: string, templates: readonly (string | undefined)[]): Promise<void> {
  if (copyTemplate(templates, dataDir)) return;
  if (copyTemplate([await initdbTemplate()], dataDir)) return;
  await initialiseInChild(dataDir);
}

/**
 * PGlite runs each query synchronously, and hands its connection to the next waiting query in a microtask: while
 * the projectors catch up on a long log their queries would follow each other without the event loop ever
 * reaching I/O, and a /readyz or a Telegram update would wait for the whole catch-up. One macrotask turn before
 * each query and transaction lets requests in (and queue their own queries) between any two.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class PgliteExecutor implements SqlExecutor {
  readonly dialect = 'pglite' as const;

  private constructor(
    readonly db: PGlite,
    private readonly lock?: DataDirLock,
  ) {}

  static async open(options: PgliteExecutorOptions = {}): Promise<PgliteExecutor> {
    let lock: DataDirLock | undefined;
    if (options.dataDir) {
      mkdirSync(dirname(options.dataDir), { recursive: true });
      lock = lockDataDir(options.dataDir);
      mkdirSync(options.dataDir, { recursive: true });
    }
    try {
      if (options.dataDir && !isDataDir(options.dataDir)) await initialise(options.dataDir, options.templates ?? []);
      preferBaselineWasmCompiler();
      // pg_trgm: the search read model's room index (migration 0160 creates the extension).
      const db = await PGlite.create(options.dataDir, { parsers: PARSERS, postgresqlconf: postgresqlConf(options), extensions: { pg_trgm } });
      return new PgliteExecutor(db, lock);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
    await turn();
    if (params === undefined || params.length === 0) {
      // Without parameters, allow several statements (migrations), as node-postgres's simple protocol does.
      const results = await this.db.exec(sql);
      return toResult<Row>(results[results.length - 1] ?? { rows: [] });
    }
    return toResult<Row>(await this.db.query(sql, params as unknown[]));
  }

  async transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    await turn();
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
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

export function createPgliteExecutor(options: PgliteExecutorOptions = {}): Promise<PgliteExecutor> {
  return PgliteExecutor.open(options);
}
