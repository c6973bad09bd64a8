// The repeat-problem watch (application/reactions/repeatProblems.ts) over repeat_watch_tickets and
// repeat_watch_notices (migration 0111), written in the reaction's checkpoint transaction.
import type { RepeatWatch } from '../../../application/reactions/repeatProblems.js';

export const sqlRepeatWatch: RepeatWatch = {
  watchFor(tx) {
    return {
      async seen({ number, room, category, openedAt }) {
        await tx.query(
          `INSERT INTO repeat_watch_tickets (ticket_number, room, category, opened_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (ticket_number) DO UPDATE SET room = EXCLUDED.room, category = EXCLUDED.category, opened_at = EXCLUDED.opened_at`,
          [number, room, category, openedAt],
        );
      },
      async forget(number) {
        await tx.query(`DELETE FROM repeat_watch_tickets WHERE ticket_number = $1`, [number]);
      },
      async ticketsBetween(room, category, from, to) {
        const result = await tx.query<{ ticket_number: number }>(
          `SELECT ticket_number FROM repeat_watch_tickets
            WHERE room = $1 AND category = $2 AND opened_at >= $3 AND opened_at <= $4 ORDER BY opened_at, ticket_number`,
          [room, category, from, to],
        );
        return result.rows.map((row) => Number(row.ticket_number));
      },
      async noticedSince(room, category, since) {
        const result = await tx.query(`SELECT 1 FROM repeat_watch_notices WHERE room = $1 AND category = $2 AND noticed_at >= $3 LIMIT 1`, [
          room,
          category,
          since,
        ]);
        return result.rows.length > 0;
      },
      async noticed(number, room, category, at) {
        const result = await tx.query(
          `INSERT INTO repeat_watch_notices (ticket_number, room, category, noticed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (ticket_number) DO NOTHING RETURNING ticket_number`,
          [number, room, category, at],
        );
        return result.rows.length > 0;
      },
    };
  },
};
