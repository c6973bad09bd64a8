// Auto-close's schedule: each resolved ticket with the moment of its (last) resolution.
import type { SqlExecutor } from '../../../application/ports/sql.js';
import type { AutoCloseSchedule } from '../../../application/reactions/autoClose.js';

export function sqlAutoCloseSchedule(sql: SqlExecutor): AutoCloseSchedule {
  return {
    scheduleFor(tx) {
      return {
        async resolved(ticketNumber, resolvedAt) {
          await tx.query(
            `INSERT INTO auto_close_watch (ticket_number, resolved_at) VALUES ($1, $2)
             ON CONFLICT (ticket_number) DO UPDATE SET resolved_at = EXCLUDED.resolved_at`,
            [ticketNumber, resolvedAt],
          );
        },
        async forget(ticketNumber) {
          await tx.query(`DELETE FROM auto_close_watch WHERE ticket_number = $1`, [ticketNumber]);
        },
      };
    },
    async resolvedBy(cutoff, limit) {
      const result = await sql.query<{ ticket_number: number; resolved_at: string | Date }>(
        `SELECT ticket_number, resolved_at FROM auto_close_watch WHERE resolved_at <= $1
          ORDER BY resolved_at, ticket_number LIMIT $2`,
        [cutoff.toISOString(), limit],
      );
      return result.rows.map((row) => ({ ticketNumber: Number(row.ticket_number), resolvedAt: new Date(row.resolved_at) }));
    },
    async firstResolvedAfter(cutoff) {
      const result = await sql.query<{ resolved_at: string | Date | null }>(
        `SELECT min(resolved_at) AS resolved_at FROM auto_close_watch WHERE resolved_at > $1`,
        [cutoff.toISOString()],
      );
      const first = result.rows[0]?.resolved_at;
      return first ? new Date(first) : undefined;
    },
  };
}
