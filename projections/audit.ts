// `audit verify`: rebuild every read model into a throw-away table from the log, up to where the live model
// stands, and compare the two row by row. Any difference means the live model was changed behind the
// projector's back (or the projector is not deterministic): both are worth an operator's attention.
import type { SqlQueryable } from '../application/ports/sql.js';
import type { RowProjector } from './projector.js';
import { quoteIdent } from './projector.js';
import type { Position } from '../application/ports/eventStore.js';
import { applyBatch, createBareTableSql } from './projector.js';
import type { RebuildOptions } from './rebuild.js';
import { liveIsAhead, maxPosition, readTail } from './rebuild.js';

/** Events per page while building an audit's shadow table (one transaction each). */
const AUDIT_PAGE_SIZE = 10_000;

export interface RowDifference {
  projector: string;
  key: string;
  kind: 'missing_in_live' | 'extra_in_live' | 'changed';
  /** Changed columns: live value and the value the log gives. */
  columns: { column: string; live: unknown; fromLog: unknown }[];
}

export interface AuditReport {
  projectors: string[];
  differences: RowDifference[];
  /** True when more differences existed than were listed. */
  truncated: boolean;
}

async function differencesOf(
  tx: SqlQueryable,
  projector: RowProjector,
  shadow: string,
  live: string,
  limit: number,
): Promise<{ rows: RowDifference[]; truncated: boolean }> {
  const cols = Object.keys(projector.columns).map(quoteIdent).join(', ');
  const key = quoteIdent(projector.key.column);
  const keys = await tx.query<{ k: string }>(
    `SELECT k FROM (
       SELECT ${key}::text AS k FROM (SELECT ${cols} FROM ${quoteIdent(live)} EXCEPT SELECT ${cols} FROM ${quoteIdent(shadow)}) a
       UNION
       SELECT ${key}::text FROM (SELECT ${cols} FROM ${quoteIdent(shadow)} EXCEPT SELECT ${cols} FROM ${quoteIdent(live)}) b
     ) d ORDER BY k LIMIT $1`,
    [limit + 1],
  );
  const truncated = keys.rows.length > limit;
  const wanted = keys.rows.slice(0, limit).map((row) => row.k);
  if (wanted.length === 0) return { rows: [], truncated: false };
  const load = async (table: string) => {
    const result = await tx.query<{ k: string; row: Record<string, unknown> }>(
      `SELECT ${key}::text AS k, to_jsonb(t.*) AS row FROM ${quoteIdent(table)} t
        WHERE ${key}::text IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(wanted)],
    );
    return new Map(result.rows.map((r) => [r.k, typeof r.row === 'string' ? (JSON.parse(r.row) as Record<string, unknown>) : r.row]));
  };
  const [liveRows, logRows] = [await load(live), await load(shadow)];
  const rows = wanted.map((k): RowDifference => {
    const inLive = liveRows.get(k);
    const fromLog = logRows.get(k);
    if (!inLive) return { projector: projector.name, key: k, kind: 'missing_in_live', columns: [] };
    if (!fromLog) return { projector: projector.name, key: k, kind: 'extra_in_live', columns: [] };
    const columns = Object.keys(projector.columns)
      .filter((column) => JSON.stringify(inLive[column]) !== JSON.stringify(fromLog[column]))
      .map((column) => ({ column, live: inLive[column], fromLog: fromLog[column] }));
    return { projector: projector.name, key: k, kind: 'changed', columns };
  });
  return { rows, truncated };
}

/**
 * Builds throw-away copies of the read models (`<table>__audit`) from the log up to where each live model
 * stands, then hands each copy and the live table to `compare` inside a transaction that holds the live
 * checkpoint (so the live model cannot move while they are compared).
 */
async function buildAuditShadows<T>(
  options: RebuildOptions,
  compare: (tx: SqlQueryable, projector: RowProjector, shadow: string, live: string) => Promise<T>,
): Promise<Map<string, T>> {
  const { store, sql } = options;
  const shadowOf = (projector: RowProjector) => `${projector.table}__audit`;
  const results = new Map<string, T>();
  for (const projector of options.projectors) {
    const until = (await options.checkpoints.get(projector.name))?.position;
    const shadow = shadowOf(projector);
    await sql.query(`DROP TABLE IF EXISTS ${quoteIdent(shadow)}`);
    await sql.query(createBareTableSql(projector, shadow));
    let built: Position | undefined;
    if (until !== undefined) {
      for (;;) {
        const page = await store.readAll({ after: built, filter: { eventTypes: projector.eventTypes }, maxCount: options.pageSize ?? AUDIT_PAGE_SIZE });
        const events = page.events.filter((e) => store.comparePositions(e.position, until) <= 0);
        await sql.transaction((tx) => applyBatch(tx, projector, shadow, events));
        built = maxPosition(store, built, events[events.length - 1]?.position);
        if (page.isEnd || events.length < page.events.length || !page.checkpoint) break;
        built = maxPosition(store, built, page.checkpoint);
      }
    }
    try {
      for (let attempt = 1; ; attempt += 1) {
        const tail = await readTail(store, projector.eventTypes, built);
        const outcome = await options.checkpoints.withCheckpoint(projector.name, async ({ tx, position: live }) => {
          if (liveIsAhead(store, live, tail.position)) return { result: undefined };
          const upToLive = live === undefined ? [] : tail.events.filter((e) => store.comparePositions(e.position, live) <= 0);
          await applyBatch(tx, projector, shadow, upToLive);
          return { result: { value: await compare(tx, projector, shadow, projector.table) } };
        });
        if (outcome) {
          results.set(projector.name, outcome.value);
          break;
        }
        if (attempt >= 20) throw new Error(`the live ${projector.name} model kept moving during the audit; try again`);
      }
    } finally {
      await sql.query(`DROP TABLE IF EXISTS ${quoteIdent(shadow)}`);
    }
  }
  return results;
}

export async function auditReadModels(options: RebuildOptions, limitPerProjector = 1_000): Promise<AuditReport> {
  const results = await buildAuditShadows(options, (tx, projector, shadow, live) =>
    differencesOf(tx, projector, shadow, live, limitPerProjector),
  );
  const differences = [...results.values()].flatMap((r) => r.rows);
  return {
    projectors: options.projectors.map((p) => p.name),
    differences,
    truncated: [...results.values()].some((r) => r.truncated),
  };
}
