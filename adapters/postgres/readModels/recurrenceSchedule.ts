// Recurring orders: each recurrence as its reaction folded it (recurrence_watch), the scheduler's alarm clock
// and the /repeat list.
import type { Recurrence } from '../../../domain/index.js';
import type { RecurrenceQueries, RecurrenceView } from '../../../application/ports/readModels.js';
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type { RecurrenceSchedule } from '../../../application/reactions/recurrenceWatcher.js';

interface Row {
  recurrence_id: string;
  state: Recurrence | string;
  next_at: string | Date | null;
}

const stateOf = (row: Row): Recurrence => (typeof row.state === 'string' ? (JSON.parse(row.state) as Recurrence) : row.state);

export function sqlRecurrenceSchedule(sql: SqlExecutor): RecurrenceSchedule {
  return {
    scheduleFor(tx) {
      return {
        async get(recurrenceId) {
          const result = await tx.query<Row>(`SELECT recurrence_id, state, next_at FROM recurrence_watch WHERE recurrence_id = $1`, [recurrenceId]);
          const row = result.rows[0];
          return row ? stateOf(row) : undefined;
        },
        async put(state, nextAt, createdAt) {
          await tx.query(
            `INSERT INTO recurrence_watch (recurrence_id, issuer_id, status, title, next_at, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
             ON CONFLICT (recurrence_id) DO UPDATE SET status = EXCLUDED.status, title = EXCLUDED.title,
               next_at = EXCLUDED.next_at, state = EXCLUDED.state`,
            [state.recurrenceId, state.issuerId, state.status, state.title, nextAt, JSON.stringify(state), createdAt ?? state.notBefore],
          );
        },
      };
    },
    async due(now, limit) {
      const result = await sql.query<{ recurrence_id: string; next_at: string | Date }>(
        `SELECT recurrence_id, next_at FROM recurrence_watch WHERE status = 'active' AND next_at <= $1
          ORDER BY next_at, recurrence_id LIMIT $2`,
        [now.toISOString(), limit],
      );
      return result.rows.map((row) => ({ recurrenceId: row.recurrence_id, nextAt: new Date(row.next_at) }));
    },
    async nextDueAt(now) {
      const result = await sql.query<{ next_at: string | Date | null }>(
        `SELECT min(next_at) AS next_at FROM recurrence_watch WHERE status = 'active' AND next_at > $1`,
        [now.toISOString()],
      );
      const next = result.rows[0]?.next_at;
      return next ? new Date(next) : undefined;
    },
  };
}

const viewOf = (row: Row): RecurrenceView => {
  const state = stateOf(row);
  return { ...state, nextAt: row.next_at === null ? null : new Date(row.next_at) };
};

export function sqlRecurrenceQueries(sql: SqlQueryable): RecurrenceQueries {
  return {
    async recurrencesIssuedBy(issuerId) {
      const result = await sql.query<Row>(
        `SELECT recurrence_id, state, next_at FROM recurrence_watch
          WHERE status <> 'stopped' AND ($1::text IS NULL OR issuer_id = $1) ORDER BY created_at, recurrence_id`,
        [issuerId],
      );
      return result.rows.map(viewOf);
    },
    async recurrenceById(recurrenceId) {
      const result = await sql.query<Row>(`SELECT recurrence_id, state, next_at FROM recurrence_watch WHERE recurrence_id = $1`, [recurrenceId]);
      const row = result.rows[0];
      return row ? viewOf(row) : undefined;
    },
  };
}
