// Rebuilding read models from the whole log, beside the live tables. Each projector gets a shadow table;
// pages of the log are folded into every shadow in one transaction that also records how far each got
// (projection_rebuilds), so a crashed rebuild resumes where it stopped. The swap then, in one transaction
// holding the live checkpoint, catches the shadow up to the end of the log, drops the live table and gives
// the shadow its name: readers see the old model or the new one, never a half-built one.
import type { EventStore, Position, ReadAllResult, RecordedEvent } from '../application/ports/eventStore.js';
import { PositionNotInLogError } from '../application/ports/eventStore.js';
import type { SqlExecutor, SqlQueryable } from '../application/ports/sql.js';
import type { CheckpointStore, ConsumerState } from '../application/ports/checkpoints.js';
import { logSettled } from './lag.js';
import type { Row, RowProjector } from './projector.js';
import { applyBatch, createBareTableSql, createIndexesSql, FoldBuffer, quoteIdent, renameTableSql, saveRows } from './projector.js';

export interface RebuildProgress {
  /** Events folded so far in this run (all projectors together count each event once). */
  events: number;
  elapsedMs: number;
  /** When known (the caller counted the log), for an ETA. */
  total?: number;
  /** `settling`: waiting (at most settleMs) for events committed behind a transaction still running elsewhere. */
  phase: 'settling' | 'building' | 'indexing' | 'swapping' | 'done';
}

export interface RebuildOptions {
  store: EventStore;
  sql: SqlExecutor;
  checkpoints: CheckpointStore;
  projectors: readonly RowProjector[];
  /** Events per page read from the log. */
  pageSize?: number;
  /** Events folded in memory between two writes of the shadow tables (and of the resume position). */
  flushEvery?: number;
  /**
   * How long to wait first for events committed behind a transaction still running to become readable (default
   * REBUILD_SETTLE_MS); past it the rebuild goes on, and the live projectors add what it could not see.
   */
  settleMs?: number;
  /** Continue an interrupted rebuild of the same version (default true). */
  resume?: boolean;
  total?: number;
  onProgress?(progress: RebuildProgress): void;
}

/** Events per page read from the log (the CLI's --page-size default). */
export const REBUILD_PAGE_SIZE = 2_000;
/** The longest a rebuild waits for the log to settle before it starts (RebuildOptions.settleMs). */
export const REBUILD_SETTLE_MS = 30_000;
/** Events folded in memory between two writes of the shadow tables. */
const REBUILD_FLUSH_EVERY = 50_000;
/** Events per page when reading the tail that arrived during a rebuild. */
const TAIL_PAGE_SIZE = 5_000;

const shadowTableOf = (projector: RowProjector) => `${projector.table}__rebuild`;

interface RebuildRow {
  name: string;
  version: number;
  position: string | null;
}

export const maxPosition = (store: EventStore, a: Position | undefined, b: Position | undefined) =>
  a === undefined ? b : b === undefined ? a : store.comparePositions(a, b) >= 0 ? a : b;

/**
 * True when a shadow can be resumed. A database server crash empties unlogged tables; a shadow that is
 * empty although progress was recorded is such a one, and is built again from the start.
 */
async function shadowSurvived(sql: SqlQueryable, table: string, row: RebuildRow): Promise<boolean> {
  const result = await sql.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  if (result.rows[0]?.present !== true) return false;
  if (row.position === null) return true;
  const rows = await sql.query(`SELECT 1 FROM ${quoteIdent(table)} LIMIT 1`);
  return rows.rowCount > 0;
}

/** Prepares each shadow table (fresh, or kept for resuming) and returns where each one stands. */
async function prepareShadows(options: RebuildOptions, shadowOf: (p: RowProjector) => string, resume: boolean) {
  const { sql, projectors } = options;
  const positions = new Map<string, Position | undefined>();
  for (const projector of projectors) {
    const shadow = shadowOf(projector);
    const found = await sql.query<RebuildRow>(`SELECT name, version, position FROM projection_rebuilds WHERE name = $1`, [
      projector.name,
    ]);
    const row = found.rows[0];
    if (resume && row && Number(row.version) === projector.version && (await shadowSurvived(sql, shadow, row))) {
      positions.set(projector.name, (row.position ?? undefined) as Position | undefined);
      continue;
    }
    await sql.transaction(async (tx) => {
      await tx.query(`DROP TABLE IF EXISTS ${quoteIdent(shadow)}`);
      // Unlogged while it is built (no WAL for rows rewritten flush after flush); logged before the swap.
      await tx.query(createBareTableSql(projector, shadow).replace(/^CREATE TABLE/, 'CREATE UNLOGGED TABLE'));
      await tx.query(
        `INSERT INTO projection_rebuilds (name, version, shadow_table) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET version = $2, shadow_table = $3, position = NULL, events_applied = 0,
                                          started_at = now(), updated_at = now()`,
        [projector.name, projector.version, shadow],
      );
    });
    positions.set(projector.name, undefined);
  }
  return positions;
}

/**
 * Writes the buffered rows of every shadow and records how far each got, in one transaction. The rebuild
 * rows are locked; one that vanished or moved means another process finished or restarted this rebuild.
 */
async function flushShadows(
  tx: SqlQueryable,
  options: RebuildOptions,
  rowsByProjector: ReadonlyMap<string, { projector: RowProjector; table: string; rows: Row[] }>,
  positions: Map<string, Position | undefined>,
  upTo: Position,
  applied: ReadonlyMap<string, number>,
): Promise<void> {
  const { store } = options;
  const names = [...rowsByProjector.keys()];
  const locked = await tx.query<RebuildRow>(
    `SELECT name, version, position FROM projection_rebuilds WHERE name IN (SELECT jsonb_array_elements_text($1::jsonb)) FOR UPDATE`,
    [JSON.stringify(names)],
  );
  const stored = new Map(locked.rows.map((row) => [row.name, (row.position ?? undefined) as Position | undefined]));
  for (const [name, { projector, table, rows }] of rowsByProjector) {
    if (!stored.has(name) || stored.get(name) !== positions.get(name)) throw new RebuildSupersededError(name);
    await saveRows(tx, projector, table, rows);
    await tx.query(
      `UPDATE projection_rebuilds SET position = $2, events_applied = events_applied + $3, updated_at = now() WHERE name = $1`,
      [name, upTo, applied.get(name) ?? 0],
    );
  }
  for (const name of names) {
    const before = positions.get(name);
    if (before === undefined || store.comparePositions(upTo, before) > 0) positions.set(name, upTo);
  }
}

/** Another rebuild of the same projector finished (or restarted) meanwhile: this one stops. */
class RebuildSupersededError extends Error {
  constructor(readonly projector: string) {
    super(`the rebuild of ${projector} was finished or restarted by another process`);
    this.name = 'RebuildSupersededError';
  }
}

/**
 * Streams the log from the earliest shadow's position to its end into the shadows. Pages are folded in
 * memory and written every `flushEvery` events (and at the end) together with the positions reached, so a
 * crash resumes from the last flush. While one page is folded the next is already being read.
 */
async function buildShadows(
  options: RebuildOptions,
  shadowOf: (p: RowProjector) => string,
  positions: Map<string, Position | undefined>,
  progress: (events: number) => void,
): Promise<void> {
  const { store, sql } = options;
  const eventTypes = [...new Set(options.projectors.flatMap((p) => p.eventTypes))];
  const pageSize = options.pageSize ?? REBUILD_PAGE_SIZE;
  const flushEvery = Math.max(pageSize, options.flushEvery ?? REBUILD_FLUSH_EVERY);
  const buffers = new Map(options.projectors.map((p) => [p.name, new FoldBuffer(p, shadowOf(p))]));
  const known = [...positions.values()];
  const start = known.some((p) => p === undefined)
    ? undefined
    : known.reduce((a, b) => (store.comparePositions(a!, b!) <= 0 ? a : b));
  const read = (after: Position | undefined) => store.readAll({ after, filter: { eventTypes }, maxCount: pageSize });
  let pending: Promise<ReadAllResult> = read(start);
  let folded = 0;
  let applied = new Map<string, number>();
  // One write may run while the next pages are read and folded; the next write waits for it.
  let writing: Promise<void> = Promise.resolve();
  let writeFailed: unknown;
  for (;;) {
    if (writeFailed) throw writeFailed;
    const page = await pending;
    const checkpoint = page.checkpoint;
    if (!page.isEnd && checkpoint) pending = read(checkpoint);
    for (const projector of options.projectors) {
      const n = await buffers.get(projector.name)!.fold(sql, eventsAfter(store, page.events, positions.get(projector.name)));
      applied.set(projector.name, (applied.get(projector.name) ?? 0) + n);
    }
    folded += page.events.length;
    progress(page.events.length);
    if (checkpoint && (folded >= flushEvery || page.isEnd)) {
      await writing;
      if (writeFailed) throw writeFailed;
      const counts = applied;
      const rows = new Map(
        options.projectors.map((p) => [p.name, { projector: p, table: shadowOf(p), rows: buffers.get(p.name)!.take() }]),
      );
      writing = sql
        .transaction((tx) => flushShadows(tx, options, rows, positions, checkpoint, counts))
        .catch((error: unknown) => {
          writeFailed = error;
        });
      folded = 0;
      applied = new Map();
    }
    if (page.isEnd || !checkpoint) {
      await writing;
      if (writeFailed) throw writeFailed;
      return;
    }
  }
}

/**
 * Reads what follows `after` to the end of the log (small: the shadow was just built that far). This is
 * read before the final transaction, never inside it: an embedded database runs one transaction at a time,
 * so a read through the store inside it would wait for ever.
 */
export async function readTail(store: EventStore, eventTypes: readonly string[], after: Position | undefined) {
  const events: RecordedEvent[] = [];
  let position = after;
  for (;;) {
    const page = await store.readAll({ after: position, filter: { eventTypes }, maxCount: TAIL_PAGE_SIZE });
    events.push(...page.events);
    position = maxPosition(store, position, page.checkpoint);
    if (page.isEnd) return { events, position };
  }
}

/** The events after `after` (a page is in log order: when its first event is after, all are). */
function eventsAfter(store: EventStore, events: readonly RecordedEvent[], after: Position | undefined): readonly RecordedEvent[] {
  const first = events[0];
  if (after === undefined || !first || store.comparePositions(first.position, after) > 0) return events;
  return events.filter((e) => store.comparePositions(e.position, after) > 0);
}

/** True when the live checkpoint is past what `tail` reached: the live model moved on, read again. */
export const liveIsAhead = (store: EventStore, live: Position | undefined, reached: Position | undefined) =>
  live !== undefined && (reached === undefined || store.comparePositions(live, reached) > 0);

async function rebuiltPosition(sql: SqlQueryable, projector: RowProjector): Promise<Position | undefined> {
  const row = await sql.query<RebuildRow>(`SELECT name, version, position FROM projection_rebuilds WHERE name = $1`, [projector.name]);
  if (!row.rows[0]) throw new RebuildSupersededError(projector.name);
  return (row.rows[0].position ?? undefined) as Position | undefined;
}

/** The live checkpoint when it names no event of the log (rewound under it by a restore): the swap replaces it. */
async function rewoundCheckpoint(options: RebuildOptions, projector: RowProjector): Promise<Position | undefined> {
  const live = (await options.checkpoints.get(projector.name))?.position;
  if (live === undefined) return undefined;
  try {
    await options.store.readAll({ after: live, maxCount: 1 });
    return undefined;
  } catch (error) {
    if (error instanceof PositionNotInLogError) return live;
    throw error;
  }
}

/** Catches the shadow up to the end of the log and, holding the live checkpoint, swaps it in. */
async function swapIn(options: RebuildOptions, projector: RowProjector, onEvents: (n: number) => void): Promise<void> {
  const { store, sql } = options;
  const shadow = shadowTableOf(projector);
  for (let attempt = 1; ; attempt += 1) {
    const single = { ...options, projectors: [projector] };
    const positions = new Map([[projector.name, await rebuiltPosition(sql, projector)]]);
    await buildShadows(single, shadowTableOf, positions, onEvents);
    const reached = await rebuiltPosition(sql, projector);
    const tail = await readTail(store, projector.eventTypes, reached);
    const rewound = await rewoundCheckpoint(options, projector);
    const swapped = await options.checkpoints.withCheckpoint(projector.name, async ({ tx, position: found }) => {
      const live = found === rewound ? undefined : found;
      if (liveIsAhead(store, live, tail.position)) return { result: false };
      if ((await rebuiltPosition(tx, projector)) !== reached) throw new RebuildSupersededError(projector.name);
      await applyBatch(tx, projector, shadow, tail.events);
      await tx.query(`DROP TABLE IF EXISTS ${quoteIdent(projector.table)}`);
      for (const statement of renameTableSql(projector, shadow, projector.table)) await tx.query(statement);
      await tx.query(`DELETE FROM projection_rebuilds WHERE name = $1`, [projector.name]);
      return { position: maxPosition(store, tail.position, live), version: projector.version, result: true };
    });
    onEvents(tail.events.length);
    if (swapped) return;
    if (attempt >= 20) throw new Error(`the live ${projector.name} model kept moving past the rebuild; try again`);
  }
}

/** Rebuilds the given projectors' read models from the whole log and swaps them in. */
export async function rebuildProjections(options: RebuildOptions): Promise<{ events: number; elapsedMs: number }> {
  const started = performance.now();
  let events = 0;
  let phase: RebuildProgress['phase'] = 'building';
  const report = () => options.onProgress?.({ events, elapsedMs: performance.now() - started, total: options.total, phase });
  const counted = (n: number) => {
    events += n;
    report();
  };
  const { checkpoints } = options;
  // Everything committed before the rebuild started is in it, even when another transaction holds it back a
  // moment; the operator sees the wait only when there is one.
  if (!(await logSettled(options.store, 0))) {
    phase = 'settling';
    report();
    await logSettled(options.store, options.settleMs ?? REBUILD_SETTLE_MS);
    phase = 'building';
  }

  // The live consumer keeps running meanwhile: its state is shown as 'rebuilding', then given back.
  const before = new Map<string, ConsumerState>();
  for (const projector of options.projectors) {
    const state = (await checkpoints.get(projector.name))?.state;
    before.set(projector.name, state === undefined || state === 'rebuilding' ? 'idle' : state);
    await checkpoints.setState(projector.name, 'rebuilding');
  }
  try {
    return await rebuildAll(options, before, started, () => events, counted, (next) => {
      phase = next;
      report();
    });
  } catch (error) {
    const message = `rebuild failed: ${error instanceof Error ? error.message : String(error)}`;
    for (const [name, state] of before) await checkpoints.setState(name, state, message).catch(() => undefined);
    throw error;
  }
}

async function rebuildAll(
  options: RebuildOptions,
  before: ReadonlyMap<string, ConsumerState>,
  started: number,
  events: () => number,
  counted: (n: number) => void,
  enter: (phase: RebuildProgress['phase']) => void,
): Promise<{ events: number; elapsedMs: number }> {
  const { sql, checkpoints } = options;
  const positions = await prepareShadows(options, shadowTableOf, options.resume ?? true);
  await buildShadows(options, shadowTableOf, positions, counted);

  enter('indexing');
  for (const projector of options.projectors) {
    await sql.query(`ALTER TABLE ${quoteIdent(shadowTableOf(projector))} SET LOGGED`);
    for (const statement of createIndexesSql(projector, shadowTableOf(projector))) await sql.query(statement);
  }

  enter('swapping');
  for (const projector of options.projectors) {
    await swapIn(options, projector, counted);
    await checkpoints.setState(projector.name, before.get(projector.name) ?? 'idle', null);
  }
  enter('done');
  return { events: events(), elapsedMs: performance.now() - started };
}
