// The notification outbox over SQL: the writer side runs inside a reaction's checkpoint transaction; the
// queue side is what a sender polls.
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type { OutboxQueue, OutboxWriter, PendingMessage } from '../../../application/ports/outbox.js';

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
  payload: Record<string, unknown> | string;
  not_before: string | Date;
  attempts: number;
  created_at: string | Date;
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
      return result.rows
        .map(
          (row): PendingMessage => ({
            id: row.id,
            source: row.source,
            kind: row.kind,
            recipient: row.recipient,
            payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
            notBefore: new Date(row.not_before),
            attempts: Number(row.attempts),
            createdAt: new Date(row.created_at),
          }),
        )
        .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
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
