// The schedule of tickets waiting on their author (application/reactions/waitingWatcher.ts): each ticket with
// its question's moment, its next step and when that step is due.
import type { SqlExecutor } from '../../../application/ports/sql.js';
import type { WaitingSchedule, WaitingTicket } from '../../../application/reactions/waitingWatcher.js';

type Row = { ticket_number: number; asked_at: string | Date; stage: string; due_at: string | Date };

const ticketOf = (row: Row): WaitingTicket => ({
  ticketNumber: Number(row.ticket_number),
  askedAt: new Date(row.asked_at),
  stage: row.stage === 'close' ? 'close' : 'remind',
  dueAt: new Date(row.due_at),
});

export function sqlWaitingSchedule(sql: SqlExecutor): WaitingSchedule {
  return {
    scheduleFor(tx) {
      return {
        async asked(ticketNumber, askedAt, remindAt) {
          await tx.query(
            `INSERT INTO waiting_watch (ticket_number, asked_at, stage, due_at) VALUES ($1, $2, 'remind', $3)
             ON CONFLICT (ticket_number) DO UPDATE SET asked_at = EXCLUDED.asked_at, stage = 'remind', due_at = EXCLUDED.due_at`,
            [ticketNumber, askedAt, remindAt],
          );
        },
        async reminded(ticketNumber, closeAt) {
          await tx.query(`UPDATE waiting_watch SET stage = 'close', due_at = $2 WHERE ticket_number = $1`, [ticketNumber, closeAt]);
        },
        async forget(ticketNumber) {
          await tx.query(`DELETE FROM waiting_watch WHERE ticket_number = $1`, [ticketNumber]);
        },
      };
    },
    async dueBy(now, limit) {
      const result = await sql.query<Row>(
        `SELECT ticket_number, asked_at, stage, due_at FROM waiting_watch WHERE due_at <= $1 ORDER BY due_at, ticket_number LIMIT $2`,
        [now.toISOString(), limit],
      );
      return result.rows.map(ticketOf);
    },
    async firstDueAfter(now) {
      const result = await sql.query<{ due_at: string | Date | null }>(`SELECT min(due_at) AS due_at FROM waiting_watch WHERE due_at > $1`, [now.toISOString()]);
      const first = result.rows[0]?.due_at;
      return first ? new Date(first) : undefined;
    },
  };
}
