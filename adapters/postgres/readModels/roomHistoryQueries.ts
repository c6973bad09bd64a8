// A room's history over rm_room_tickets (which room each ticket is in) and rm_tickets (the tickets themselves).
import type { RoomHistoryQueries } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { limitOf, offsetOf, TICKET_COLUMNS, toTicketView } from './rows.js';

export function sqlRoomHistoryQueries(sql: SqlQueryable): RoomHistoryQueries {
  return {
    async roomTicketsPage(room, now, page) {
      const [items, counted] = await Promise.all([
        sql.query(
          `SELECT ${TICKET_COLUMNS('$2')} FROM rm_room_tickets r JOIN rm_tickets t ON t.number = r.number
            WHERE r.room = $1 ORDER BY r.opened_at DESC, r.number DESC LIMIT $3 OFFSET $4`,
          [room, now.toISOString(), limitOf(page), offsetOf(page)],
        ),
        sql.query<{ total: string }>(
          `SELECT count(*)::text AS total FROM rm_room_tickets r JOIN rm_tickets t ON t.number = r.number WHERE r.room = $1`,
          [room],
        ),
      ]);
      return { items: items.rows.map(toTicketView), total: Number(counted.rows[0]?.total ?? 0) };
    },
    async ticketRoom(number) {
      const result = await sql.query<{ room: string | null }>(`SELECT room FROM rm_room_tickets WHERE number = $1`, [number]);
      const row = result.rows[0];
      return row === undefined ? undefined : row.room;
    },
  };
}
