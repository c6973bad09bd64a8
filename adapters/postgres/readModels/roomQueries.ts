// The school's rooms over rm_rooms.
import type { RoomQueries, RoomView } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { compareRooms } from '../../../domain/index.js';

interface RoomRecord {
  number: string;
  name: string;
  floor: number | null;
  category: string;
}

const toRoomView = (row: RoomRecord): RoomView => ({
  number: String(row.number),
  name: String(row.name),
  floor: row.floor === null ? null : Number(row.floor),
  category: String(row.category),
});


export function sqlRoomQueries(sql: SqlQueryable): RoomQueries {
  return {
    async roomByNumber(number) {
      const result = await sql.query<RoomRecord>(`SELECT number, name, floor, category FROM rm_rooms WHERE number = $1`, [number]);
      return result.rows[0] ? toRoomView(result.rows[0]) : undefined;
    },
    async allRooms() {
      // A school has at most a few hundred rooms: sorted here, as people read numbers (2 before 10).
      const result = await sql.query<RoomRecord>(`SELECT number, name, floor, category FROM rm_rooms`);
      return result.rows.map(toRoomView).sort(compareRooms);
    },
  };
}
