// The notification outbox over SQL: the writer side runs inside a reaction's checkpoint transaction; the
// queue side is what a sender polls, each payload parsed back through its kind's schema.
import { parseNotification } from '../../../application/notifications/kinds.js';
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type { ClaimedMessages, OutboxQueue, OutboxWriter, PendingMessage } from '../../../application/ports/outbox.js';

export function sqlOutboxWriter(tx: SqlQueryable): OutboxWriter {
  return {
    async enqueue(message) {
      const result = await tx.query(
        `INSERT INTO notification_outbox (id, source, kind, recipient, payload, not_before)
         VALUES ($1, $2, $3, $4, $5::jsonb, COALESCE($6::timestamptz, now()))
         ON CONFLICT (id) DO NOTHING`,
        [
          message.id,
          message.source,
          message.kind,
          message.recipient,
          JSON.stringify(message.payload),
          message.notBefore?.toISOString() ?? null,
        ],
      );
      return result.rowCount > 0;
    },
  };
}

interface OutboxRow {
  id: string;
  source: string;
  kind: string;
  recipient: string;
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

export function sqlOutboxQueue(sql: SqlExecutor): OutboxQueue {
  return {
    async claimDue(now, limit, leaseMs) {
      const result = await sql.query<OutboxRow>(
        `UPDATE notification_outbox SET leased_until = $2::timestamptz + ($3 || ' milliseconds')::interval,
                attempts = attempts + 1
          WHERE id IN (
            SELECT id FROM notification_outbox
             WHERE sent_at IS NULL AND dropped_at IS NULL AND not_before <= $2
               AND (leased_until IS NULL OR leased_until <= $2)
             ORDER BY not_before, created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, source, kind, recipient, payload, not_before, attempts, created_at`,
        [limit, now.toISOString(), String(leaseMs)],
      );
      const claimed: ClaimedMessages = { due: [], unreadable: [] };
      for (const row of result.rows) {
        const read = parseNotification(row.kind, typeof row.payload === 'string' ? parsedJson(row.payload) : row.payload);
        if (!read.ok) {
          claimed.unreadable.push({ id: row.id, kind: row.kind, recipient: row.recipient, reason: read.reason });
          continue;
        }
        claimed.due.push({
          id: row.id,
          source: row.source,
          recipient: row.recipient,
          ...read.notification,
          notBefore: new Date(row.not_before),
          attempts: Number(row.attempts),
          createdAt: new Date(row.created_at),
        } satisfies PendingMessage);
      }
      claimed.due.sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
      return claimed;
    },
    async markSent(id, sentAt) {
      await sql.query(`UPDATE notification_outbox SET sent_at = $2, leased_until = NULL WHERE id = $1`, [id, sentAt.toISOString()]);
    },
    async markDropped(id, reason, at) {
      await sql.query(
        `UPDATE notification_outbox SET dropped_at = $2, last_error = $3, leased_until = NULL WHERE id = $1`,
        [id, at.toISOString(), reason],
      );
    },
    async markFailed(id, error, retryAt) {
      await sql.query(
        `UPDATE notification_outbox SET last_error = $2, not_before = $3, leased_until = NULL WHERE id = $1`,
        [id, error, retryAt.toISOString()],
      );
    },
  };
}
