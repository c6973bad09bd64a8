// A projector folds events into rows of one table, one row per key (a ticket, a task, a person). The fold
// itself (`evolve`) is pure; this module does the batching around it: for a batch of events it loads the
// rows they touch in one query, folds every event in memory, and writes the touched rows back with one
// multi-row upsert. The same code serves live projection and rebuilds, only the table name differs.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import type { SqlQueryable } from '../application/ports/sql.js';

export type Row = Record<string, unknown>;
export type RowKey = string | number;

export interface RowProjector<R extends Row = Row> {
  /** Unique; also the checkpoint's name. */
  readonly name: string;
  /** Bump when the fold or the table's shape changes: the worker then rebuilds it on start. */
  readonly version: number;
  readonly eventTypes: readonly string[];
  /** The live table. */
  readonly table: string;
  readonly key: { column: string; type: 'int' | 'text' };
  /** Column name → SQL type, the key first. */
  readonly columns: Readonly<Record<string, string>>;
  /**
   * Columns the database computes from the others (`name: 'tsvector GENERATED ALWAYS AS (…) STORED'`): created
   * with the table, never written by the fold (optional; the search read model's documents).
   */
  readonly generated?: Readonly<Record<string, string>>;
  /** Index definitions as `suffix: (columns)`; named `<table>_<suffix>`. */
  readonly indexes: Readonly<Record<string, string>>;
  /** Events that always create their row: no need to look for it first. */
  readonly creationTypes: ReadonlySet<string>;
  keyOf(event: RecordedEvent): RowKey;
  /**
   * Returns the row after the event (`row` is undefined when it does not exist yet); a new object or `row`.
   * A method, so bivariant in `row`: a `RowProjector<TicketRow>` is a `RowProjector` and the registry needs
   * no cast. That is sound here because a projector is only ever given rows of its own table, written by it.
   */
  evolve(row: R | undefined, event: RecordedEvent): R | undefined;
}

export const quoteIdent = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
};

/** The table with its primary key only (a rebuild adds the other indexes after the bulk load). */
export function createBareTableSql(projector: RowProjector, table: string): string {
  const columns = Object.entries({ ...projector.columns, ...projector.generated }).map(([name, type]) => `${quoteIdent(name)} ${type}`);
  return (
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (${columns.join(', ')}, ` +
    `CONSTRAINT ${quoteIdent(`${table}_pkey`)} PRIMARY KEY (${quoteIdent(projector.key.column)}))`
  );
}

export function createIndexesSql(projector: RowProjector, table: string): string[] {
  return Object.entries(projector.indexes).map(
    ([suffix, definition]) =>
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_${suffix}`)} ON ${quoteIdent(table)} ${definition}`,
  );
}

export function createTableSql(projector: RowProjector, table: string): string[] {
  return [createBareTableSql(projector, table), ...createIndexesSql(projector, table)];
}

/** Statements that give `from` (built beside the live table) the live table's name, and its indexes theirs. */
export function renameTableSql(projector: RowProjector, from: string, to: string): string[] {
  return [
    `ALTER TABLE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`,
    `ALTER TABLE ${quoteIdent(to)} RENAME CONSTRAINT ${quoteIdent(`${from}_pkey`)} TO ${quoteIdent(`${to}_pkey`)}`,
    ...Object.keys(projector.indexes).map(
      (suffix) => `ALTER INDEX ${quoteIdent(`${from}_${suffix}`)} RENAME TO ${quoteIdent(`${to}_${suffix}`)}`,
    ),
  ];
}

async function loadRows<R extends Row>(
  tx: SqlQueryable,
  projector: RowProjector<R>,
  table: string,
  keys: readonly RowKey[],
): Promise<Map<RowKey, R>> {
  const found = new Map<RowKey, R>();
  if (keys.length === 0) return found;
  const { column, type } = projector.key;
  // A table with generated columns (a search document, large) reads back only the folded ones.
  const selectRow = projector.generated
    ? `json_build_object(${Object.keys(projector.columns).map((name) => `'${name}', t.${quoteIdent(name)}`).join(', ')})`
    : 'row_to_json(t.*)';
  const result = await tx.query<{ row: R }>(
    `SELECT ${selectRow} AS row FROM ${quoteIdent(table)} t
      WHERE ${quoteIdent(column)} = ANY ($1::${type}[])`,
    // An array parameter, not a set-returning function: the planner then knows how many keys there are and
    // probes the primary key, where a function's default 100-row guess turns into a scan of a large table.
    [keys],
  );
  for (const { row } of result.rows) {
    const parsed = (typeof row === 'string' ? JSON.parse(row) : row) as R;
    found.set(parsed[column] as RowKey, parsed);
  }
  return found;
}

export async function saveRows(tx: SqlQueryable, projector: RowProjector, table: string, rows: readonly Row[]) {
  if (rows.length === 0) return;
  const names = Object.keys(projector.columns).map(quoteIdent);
  const recordType = Object.entries(projector.columns)
    .map(([name, type]) => `${quoteIdent(name)} ${type.replace(/\s+(NOT NULL|DEFAULT .*)$/i, '')}`)
    .join(', ');
  const updates = names.filter((n) => n !== quoteIdent(projector.key.column)).map((n) => `${n} = EXCLUDED.${n}`);
  await tx.query(
    `INSERT INTO ${quoteIdent(table)} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${recordType})
     ON CONFLICT (${quoteIdent(projector.key.column)}) DO UPDATE SET ${updates.join(', ')}`,
    [JSON.stringify(rows)],
  );
}

/**
 * Folds many pages of events in memory before writing (rebuilds): each row is read at most once and
 * written once per flush, however many of its events the window holds. Rows written by the previous flush
 * stay at hand, so a row that keeps changing is not read back.
 */
export class FoldBuffer<R extends Row = Row> {
  private dirty = new Map<RowKey, R>();
  private clean = new Map<RowKey, R>();

  constructor(
    readonly projector: RowProjector<R>,
    readonly table: string,
  ) {}

  get pending(): number {
    return this.dirty.size;
  }

  /** Folds events (in log order) into the buffer; rows it has not seen are read from `sql`. */
  async fold(sql: SqlQueryable, events: readonly RecordedEvent[]): Promise<number> {
    const { projector } = this;
    const relevant = events.filter((event) => projector.eventTypes.includes(event.type));
    const firstType = new Map<RowKey, string>();
    for (const event of relevant) {
      const key = projector.keyOf(event);
      if (!firstType.has(key) && !this.dirty.has(key) && !this.clean.has(key)) firstType.set(key, event.type);
    }
    const toLoad = [...firstType].filter(([, type]) => !projector.creationTypes.has(type)).map(([key]) => key);
    const loaded = await loadRows(sql, projector, this.table, toLoad);
    for (const event of relevant) {
      const key = projector.keyOf(event);
      const current = this.dirty.get(key) ?? this.clean.get(key) ?? loaded.get(key);
      const next = projector.evolve(current, event);
      if (next !== undefined) this.dirty.set(key, next);
    }
    return relevant.length;
  }

  /**
   * Hands over what changed since the last call, for the caller to write. The rows stay at hand until the
   * next call, so folding may go on while they are written; the caller writes them before the next call.
   */
  take(): Row[] {
    const rows = [...this.dirty.values()];
    this.clean = this.dirty;
    this.dirty = new Map();
    return rows;
  }
}

/** Folds a batch (in log order) into the table: one read of the touched rows, one upsert. */
export async function applyBatch<R extends Row>(
  tx: SqlQueryable,
  projector: RowProjector<R>,
  table: string,
  events: readonly RecordedEvent[],
): Promise<number> {
  const buffer = new FoldBuffer(projector, table);
  const applied = await buffer.fold(tx, events);
  await saveRows(tx, projector, table, buffer.take());
  return applied;
}
