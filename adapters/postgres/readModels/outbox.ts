// The notification outbox over SQL: the writer side runs inside a reaction's checkpoint transaction; the
// queue side is what a sender polls, each payload parsed back through its kind's schema.
import { parseNotification } from '../../../application/notifications/kinds.js';
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type {
  ClaimedMessages,
  Lane,
  OutboxMessage,
  OutboxQueue,
  OutboxWriter,
  PendingMessage,
  ReplyOutbox,
} from '../../../application/ports/outbox.js';
import type { QuietMark } from '../../../application/notifications/quietHours.js';

/**
 * Where a row's quiet-hours mark (OutboxMessage.quiet) is kept: beside the facts in the payload, which the
 * kinds' schemas ignore (rows of older code carry none and still render; older code reading newer rows too).
 */
const QUIET_KEY = 'quietHours';

const storedPayload = (message: OutboxMessage): unknown => (message.quiet ? { ...message.payload, [QUIET_KEY]: message.quiet } : message.payload);

const quietOf = (payload: unknown): QuietMark | undefined => {
  const mark = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[QUIET_KEY] : undefined;
  return mark === 'held' || mark === 'early' ? mark : undefined;
};

const INSERT_COLUMNS = `(id, source, kind, recipient, lane, payload, not_before)`;

/** One message's values in INSERT_COLUMNS order, the placeholders starting at `$first`. */
function insertValues(message: OutboxMessage, first: number): { placeholders: string; values: unknown[] } {
  const p = (offset: number) => `$${first + offset}`;
  return {
    placeholders: `(${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::jsonb, COALESCE(${p(6)}::timestamptz, now()))`,
    values: [
      message.id,
      message.source,
      message.kind,
      message.recipient,
      message.lane ?? 'notice',
      JSON.stringify(storedPayload(message)),
      message.notBefore?.toISOString() ?? null,
    ],
  };
}

export function sqlOutboxWriter(tx: SqlQueryable): OutboxWriter {
  return {
    async enqueue(message) {
      const { placeholders, values } = insertValues(message, 1);
      const result = await tx.query(`INSERT INTO notification_outbox ${INSERT_COLUMNS} VALUES ${placeholders} ON CONFLICT (id) DO NOTHING`, values);
      return result.rowCount > 0;
    },
  };
}

function sqlReplyOutbox(sql: SqlQueryable): ReplyOutbox {
  return {
    async recordReplies(messages, now, leaseMs) {
      if (messages.length === 0) return [];
      const rows = messages.map((message, i) => insertValues(message, 3 + i * 7));
      // A new row is leased as it is written; an existing one (a redelivered update) is leased again only when
      // it is still unsent and nobody holds it, so what a crashed attempt recorded goes out now, once.
      const result = await sql.query<{ id: string }>(
        `INSERT INTO notification_outbox AS o (id, source, kind, recipient, lane, payload, not_before, leased_until, attempts)
         SELECT v.id, v.source, v.kind, v.recipient, v.lane, v.payload, v.not_before,
                $1::timestamptz + ($2 || ' milliseconds')::interval, 1
           FROM (VALUES ${rows.map((r) => r.placeholders).join(', ')}) AS v (id, source, kind, recipient, lane, payload, not_before)
         ON CONFLICT (id) DO UPDATE SET leased_until = EXCLUDED.leased_until, attempts = o.attempts + 1
          WHERE o.sent_at IS NULL AND o.dropped_at IS NULL AND o.held_at IS NULL
            AND (o.leased_until IS NULL OR o.leased_until <= $1::timestamptz)
         RETURNING o.id`,
        [now.toISOString(), String(leaseMs), ...rows.flatMap((r) => r.values)],
      );
      const leased = new Set(result.rows.map((row) => row.id));
      return messages.map((m) => m.id).filter((id) => leased.has(id));
    },
  };
}

interface OutboxRow {
  id: string;
  source: string;
  kind: string;
  recipient: string;
  lane: string;
  /** jsonb: pg hands it over parsed; some drivers as text. */
  payload: unknown;
  not_before: string | Date;
  attempts: number;
  created_at: string | Date;
}

/** Text that is not JSON reads as nothing, which every kind's schema refuses with a reason. */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const ROW_COLUMNS = 'id, source, kind, recipient, lane, payload, not_before, attempts, created_at';

/** Rows parsed back through their kinds' schemas, oldest first; the unreadable ones set apart. */
function readRows(rows: readonly OutboxRow[]): ClaimedMessages {
  const claimed: ClaimedMessages = { due: [], unreadable: [] };
  for (const row of rows) {
    const payload = typeof row.payload === 'string' ? parsedJson(row.payload) : row.payload;
    const read = parseNotification(row.kind, payload);
    const quiet = quietOf(payload);
    if (!read.ok) {
      claimed.unreadable.push({ id: row.id, kind: row.kind, recipient: row.recipient, reason: read.reason });
      continue;
    }
    claimed.due.push({
      id: row.id,
      source: row.source,
      recipient: row.recipient,
      lane: row.lane === 'reply' ? 'reply' : 'notice',
      ...read.notification,
      notBefore: new Date(row.not_before),
      attempts: Number(row.attempts),
      createdAt: new Date(row.created_at),
      ...(quiet ? { quiet } : {}),
    } satisfies PendingMessage);
  }
  claimed.due.sort(
    (a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
  return claimed;
}

/** The sender's side of the outbox and the bot's (recordReplies) over one database: wiring cannot forget the latter. */
export function sqlOutboxQueue(sql: SqlExecutor): OutboxQueue & ReplyOutbox {
  return {
    ...sqlReplyOutbox(sql),
    async claimDue(now, limit, leaseMs, lane: Lane = 'notice') {
      const result = await sql.query<OutboxRow>(
        `UPDATE notification_outbox SET leased_until = $2::timestamptz + ($3 || ' milliseconds')::interval,
                attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM notification_outbox
             WHERE sent_at IS NULL AND dropped_at IS NULL AND held_at IS NULL AND lane = $4 AND not_before <= $2
               AND (leased_until IS NULL OR leased_until <= $2)
             ORDER BY not_before, created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING ${ROW_COLUMNS}`,
        [limit, now.toISOString(), String(leaseMs), lane],
      );
      return readRows(result.rows);
    },
    async markSent(ids, sentAt, messageIds) {
      if (ids.length === 0) return;
      await sql.query(
        `UPDATE notification_outbox SET sent_at = $2, leased_until = NULL, message_ids = $3::jsonb WHERE id = ANY($1::text[])`,
        [[...ids], sentAt.toISOString(), messageIds ? JSON.stringify(messageIds) : null],
      );
    },
    async markDropped(ids, reason, at) {
      if (ids.length === 0) return;
      await sql.query(
        `UPDATE notification_outbox SET dropped_at = $2, last_error = $3, leased_until = NULL WHERE id = ANY($1::text[])`,
        [[...ids], at.toISOString(), reason],
      );
    },
    async markFailed(ids, error, retryAt) {
      if (ids.length === 0) return;
      await sql.query(
        `UPDATE notification_outbox SET last_error = $2, not_before = $3, leased_until = NULL WHERE id = ANY($1::text[])`,
        [[...ids], error, retryAt.toISOString()],
      );
    },
    async hold(ids, at) {
      if (ids.length === 0) return;
      await sql.query(`UPDATE notification_outbox SET held_at = $2, leased_until = NULL WHERE id = ANY($1::text[])`, [
        [...ids],
        at.toISOString(),
      ]);
    },
    async takeHeld(recipient, at) {
      const result = await sql.query<OutboxRow>(
        `UPDATE notification_outbox SET dropped_at = $2, last_error = 'summarised'
          WHERE recipient = $1 AND held_at IS NOT NULL AND sent_at IS NULL AND dropped_at IS NULL
          RETURNING ${ROW_COLUMNS}`,
        [recipient, at.toISOString()],
      );
      return readRows(result.rows).due;
    },
    async prune(before) {
      const result = await sql.query(`DELETE FROM notification_outbox WHERE sent_at < $1 OR dropped_at < $1`, [before.toISOString()]);
      return result.rowCount;
    },
    async sentMessageIds(id) {
      const result = await sql.query<{ message_ids: unknown }>(
        `SELECT message_ids FROM notification_outbox WHERE id = $1 AND sent_at IS NOT NULL`,
        [id],
      );
      const raw = result.rows[0]?.message_ids;
      const ids = typeof raw === 'string' ? parsedJson(raw) : raw;
      return Array.isArray(ids) ? ids.filter((x): x is number => typeof x === 'number') : undefined;
    },
  };
}
