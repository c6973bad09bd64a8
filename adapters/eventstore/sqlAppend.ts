// The append of the SQL store: one prepared INSERT, one round trip, one transaction. The statement reads
// what the expectation needs of the stream and inserts only when it holds; the unique constraints decide
// what a read cannot: (stream_name, revision) settles two writers racing, event_id catches a retried batch.
// When nothing was inserted (or a constraint refused the row), a second query tells a retry, a conflict and a
// lost race apart — only on that rare path.
//
// Why not one statement that also checks the batch's ids first: the planner estimates a set-returning function
// at 100 rows, and past a few tens of thousands of events it turns that check into a sequential scan of
// es_events (milliseconds per append, growing with the log). Letting the unique index do it costs nothing.
import type { AppendResult, EventToAppend, ExpectedRevision } from '../../application/ports/eventStore.js';
import { InvalidEventError, WrongExpectedVersionError } from '../../application/ports/eventStore.js';
import type { SqlQueryable } from '../../application/ports/sql.js';
import { encodeSqlPosition } from './sqlPosition.js';

// The epoch: the newest one when it belongs to this cluster (the session caches the cluster id once
// es_current_epoch has run); otherwise es_current_epoch() opens the next (see migration 0001).
const EPOCH = `COALESCE(
  (SELECT CASE WHEN system_identifier = current_setting('schoolbot.cluster_id', true) THEN epoch END
     FROM es_epochs ORDER BY epoch DESC LIMIT 1),
  es_current_epoch())`;

const COLUMNS = 'INSERT INTO es_events (epoch, event_id, stream_name, revision, type, data, metadata)';
const RETURNING = 'RETURNING revision::text AS revision, epoch, tx_id::text AS tx_id, seq::text AS seq';

// One event (almost every append): a statement per expectation, each doing only the lookup it needs; $1 stream,
// $2 id, $3 type, $4 data, $5 metadata, $6 the expected revision. A new stream needs no lookup at all: its first
// event takes revision 0, which the (stream_name, revision) key lets only one writer have.
const ID_AND_STREAM = `$2::uuid, $1::text`;
const EVENT = `$3::text, $4::jsonb, $5::jsonb`;
const APPEND_ONE_SQL: Record<'no_stream' | 'any' | 'stream_exists' | 'exact', string> = {
  no_stream: `${COLUMNS} VALUES (${EPOCH}, ${ID_AND_STREAM}, 0, ${EVENT}) ${RETURNING}`,
  any: `${COLUMNS} VALUES (${EPOCH}, ${ID_AND_STREAM},
    COALESCE((SELECT max(revision) FROM es_events WHERE stream_name = $1), -1) + 1, ${EVENT}) ${RETURNING}`,
  stream_exists: `${COLUMNS} SELECT ${EPOCH}, ${ID_AND_STREAM}, c.revision + 1, ${EVENT}
    FROM (SELECT max(revision) AS revision FROM es_events WHERE stream_name = $1) c WHERE c.revision IS NOT NULL ${RETURNING}`,
  // The expected revision must exist; the key refuses the next one if someone took it first.
  exact: `${COLUMNS} SELECT ${EPOCH}, ${ID_AND_STREAM}, $6::bigint + 1, ${EVENT}
    WHERE EXISTS (SELECT 1 FROM es_events WHERE stream_name = $1 AND revision = $6::bigint) ${RETURNING}`,
};

/**
 * Several events: $1 stream, $2 expectation kind, $3 exact revision (or null), then the events as arrays
 * of (id, type, data, metadata), numbered from 1.
 */
const APPEND_MANY_SQL = `${COLUMNS}
SELECT ${EPOCH}, e.id, $1, COALESCE(c.revision, -1) + e.n, e.type, e.data, e.metadata
  FROM (SELECT max(revision) AS revision FROM es_events WHERE stream_name = $1) c,
       unnest($4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS e(id, type, data, metadata, n)
 WHERE CASE $2::text
         WHEN 'any' THEN true
         WHEN 'no_stream' THEN c.revision IS NULL
         WHEN 'stream_exists' THEN c.revision IS NOT NULL
         ELSE c.revision IS NOT DISTINCT FROM $3::bigint
       END
${RETURNING}`;

// Why nothing was inserted: the stream's last revision, and whether an id of the batch is stored already.
const DIAGNOSE_SQL = `SELECT (SELECT max(revision) FROM es_events WHERE stream_name = $1)::text AS current,
       EXISTS (SELECT 1 FROM es_events WHERE event_id = ANY ($2::uuid[])) AS stored`;

interface InsertedRow {
  revision: string;
  epoch: number;
  tx_id: string;
  seq: string;
}

/** Attempts when a concurrent writer wins a unique constraint first; each loss means someone progressed. */
const APPEND_ATTEMPTS = 50;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

function expectationHolds(expected: ExpectedRevision, current: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === undefined;
  if (expected === 'stream_exists') return current !== undefined;
  return current === expected;
}

export interface SqlAppendOutcome {
  result: AppendResult;
  /** False when the batch had been stored before (a retry): nothing new to announce. */
  appended: boolean;
}

function insertParams(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): [string, unknown[], string] {
  if (events.length === 1) {
    const [event] = events as [EventToAppend];
    const values = [stream, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)];
    if (typeof expected === 'bigint') return [APPEND_ONE_SQL.exact, [...values, expected.toString()], 'es_append_one_exact'];
    return [APPEND_ONE_SQL[expected], values, `es_append_one_${expected}`];
  }
  return [
    APPEND_MANY_SQL,
    [
      stream,
      typeof expected === 'bigint' ? 'exact' : expected,
      typeof expected === 'bigint' ? expected.toString() : null,
      events.map((event) => event.id),
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data)),
      events.map((event) => JSON.stringify(event.metadata)),
    ],
    'es_append_many_v2',
  ];
}

export async function appendToSql(
  sql: SqlQueryable,
  stream: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<SqlAppendOutcome> {
  const [statement, params, name] = insertParams(stream, events, expected);
  for (let attempt = 1; ; attempt += 1) {
    let inserted: InsertedRow[] = [];
    let refusedByConstraint = false;
    try {
      inserted = (await sql.query<InsertedRow>(statement, params, { name })).rows;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      refusedByConstraint = true;
    }
    if (inserted.length > 0) {
      const last = inserted.reduce((a, b) => (BigInt(b.revision) > BigInt(a.revision) ? b : a));
      return {
        result: { nextRevision: BigInt(last.revision), position: encodeSqlPosition(last.epoch, last.tx_id, last.seq) },
        appended: true,
      };
    }
    const diagnosis = (
      await sql.query<{ current: string | null; stored: boolean }>(DIAGNOSE_SQL, [stream, events.map((event) => event.id)], {
        name: 'es_append_diagnose_v2',
      })
    ).rows[0];
    if (!diagnosis) throw new Error('the append diagnosis returned no row');
    if (diagnosis.stored) return { result: await retriedBatch(sql, stream, events), appended: false };
    const current = diagnosis.current === null ? undefined : BigInt(diagnosis.current);
    // The expectation failed against a stream that has not moved since: a true conflict.
    if (!expectationHolds(expected, current)) throw new WrongExpectedVersionError(stream, expected, current);
    // Otherwise another writer took the revision between our read and our insert (or the stream moved on
    // after a failed expectation): ask again, as 'any' must, or as the next check will decide.
    if (attempt >= APPEND_ATTEMPTS) {
      throw new Error(`append to "${stream}" lost ${APPEND_ATTEMPTS} races for a revision in a row`);
    }
    if (refusedByConstraint && attempt > 3) await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt));
  }
}

/** Some ids of the batch are stored: a retry of the same batch answers as before; anything else is refused. */
async function retriedBatch(sql: SqlQueryable, stream: string, events: readonly EventToAppend[]): Promise<AppendResult> {
  const found = await sql.query<{ stream_name: string; revision: string; epoch: number; tx_id: string; seq: string }>(
    `SELECT stream_name, revision::text AS revision, epoch, tx_id::text AS tx_id, seq::text AS seq
       FROM es_events WHERE event_id = ANY ($1::uuid[]) ORDER BY revision`,
    [events.map((event) => event.id)],
  );
  const rows = found.rows;
  const first = rows[0];
  const isSameBatch =
    first !== undefined &&
    rows.length === events.length &&
    rows.every((row, index) => row.stream_name === stream && BigInt(row.revision) === BigInt(first.revision) + BigInt(index));
  if (!isSameBatch) {
    throw new InvalidEventError(
      `an event id of this batch is already stored, and the batch is not a retry of an earlier append to "${stream}"`,
    );
  }
  const last = rows[rows.length - 1]!;
  return { nextRevision: BigInt(last.revision), position: encodeSqlPosition(last.epoch, last.tx_id, last.seq) };
}
