// The append of the SQL store: one prepared statement, one round trip, one transaction. It checks for a
// retried batch (ids already stored), reads the stream's last revision, checks the expectation and inserts —
// and the unique (stream_name, revision) constraint is what finally decides a race: the loser's statement
// fails, and asking again gives it the true answer (a conflict, or for 'any' the next free revision).
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

// $1 stream, $2 expectation kind, $3 exact revision (or null), $4 [{id, type, data, metadata}].
const APPEND_SQL = `WITH batch AS (
  SELECT (x.value->>'id')::uuid AS event_id, x.value->>'type' AS type, x.value->'data' AS data,
         x.value->'metadata' AS metadata, x.ordinality AS n
    FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS x
),
current AS (SELECT max(revision) AS revision FROM es_events WHERE stream_name = $1),
decision AS (
  SELECT CASE
           WHEN EXISTS (SELECT 1 FROM es_events e WHERE e.event_id IN (SELECT event_id FROM batch)) THEN 'stored'
           WHEN CASE $2::text
                  WHEN 'any' THEN true
                  WHEN 'no_stream' THEN c.revision IS NULL
                  WHEN 'stream_exists' THEN c.revision IS NOT NULL
                  ELSE c.revision IS NOT DISTINCT FROM $3::bigint
                END THEN 'append'
           ELSE 'conflict'
         END AS outcome,
         c.revision AS current
    FROM current c
),
inserted AS (
  INSERT INTO es_events (epoch, event_id, stream_name, revision, type, data, metadata)
  SELECT ${EPOCH}, b.event_id, $1, COALESCE(d.current, -1) + b.n, b.type, b.data, b.metadata
    FROM batch b, decision d
   WHERE d.outcome = 'append'
   ORDER BY b.n
  RETURNING revision, epoch, tx_id, seq
)
SELECT d.outcome, d.current::text AS current, i.revision::text AS revision, i.epoch, i.tx_id::text AS tx_id, i.seq::text AS seq
  FROM decision d
  LEFT JOIN (SELECT * FROM inserted ORDER BY revision DESC LIMIT 1) i ON true`;

interface AppendRow {
  outcome: 'append' | 'stored' | 'conflict';
  current: string | null;
  revision: string | null;
  epoch: number | null;
  tx_id: string | null;
  seq: string | null;
}

/** Attempts when a concurrent writer wins a unique constraint first; each loss means someone progressed. */
const APPEND_ATTEMPTS = 50;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export interface SqlAppendOutcome {
  result: AppendResult;
  /** False when the batch had been stored before (a retry): nothing new to announce. */
  appended: boolean;
}

export async function appendToSql(
  sql: SqlQueryable,
  stream: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<SqlAppendOutcome> {
  const payload = JSON.stringify(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })));
  const kind = typeof expected === 'bigint' ? 'exact' : expected;
  const exact = typeof expected === 'bigint' ? expected.toString() : null;
  for (let attempt = 1; ; attempt += 1) {
    let row: AppendRow | undefined;
    try {
      row = (await sql.query<AppendRow>(APPEND_SQL, [stream, kind, exact, payload], { name: 'es_append_v1' })).rows[0];
    } catch (error) {
      if (isUniqueViolation(error) && attempt < APPEND_ATTEMPTS) {
        if (attempt > 3) await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt));
        continue;
      }
      throw error;
    }
    if (!row) throw new Error('the append statement returned no row');
    if (row.outcome === 'conflict') {
      throw new WrongExpectedVersionError(stream, expected, row.current === null ? undefined : BigInt(row.current));
    }
    if (row.outcome === 'stored') return { result: await retriedBatch(sql, stream, events), appended: false };
    return {
      result: { nextRevision: BigInt(row.revision!), position: encodeSqlPosition(row.epoch!, row.tx_id!, row.seq!) },
      appended: true,
    };
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
