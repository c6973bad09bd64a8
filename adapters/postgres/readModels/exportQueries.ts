// The export's reads over rm_tickets and rm_tasks: the rows of a period (opened / assigned in it, as the KPI
// queries count them) a page at a time by number (keyset: each page is an index range scan, however deep),
// with the names of the people on them from rm_staff.
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { ExportPeriod, ExportQueries } from '../../../application/ports/export.js';
import { TASK_COLUMNS, TICKET_COLUMNS, toTaskView, toTicketView } from './rows.js';

/** The largest page one call returns, whatever the caller asks. */
const MAX_EXPORT_PAGE = 5_000;

const nameOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const pageSize = (limit: number) => Math.max(1, Math.min(MAX_EXPORT_PAGE, Math.floor(limit)));

export function sqlExportQueries(sql: SqlQueryable): ExportQueries {
  const count = async (table: string, column: string, period: ExportPeriod) => {
    const result = await sql.query<{ total: string }>(
      `SELECT count(*)::text AS total FROM ${table} WHERE ${column} >= $1 AND ${column} < $2`,
      [period.from.toISOString(), period.to.toISOString()],
    );
    return Number(result.rows[0]?.total ?? 0);
  };
  return {
    countTickets: (period) => count('rm_tickets', 'opened_at', period),
    countTasks: (period) => count('rm_tasks', 'assigned_at', period),
    async ticketPage(period, now, afterNumber, limit) {
      const result = await sql.query(
        `SELECT ${TICKET_COLUMNS('$1')}, a.full_name AS author_name, s.full_name AS assignee_name
           FROM rm_tickets t
           LEFT JOIN rm_staff a ON a.telegram_id = t.author_id
           LEFT JOIN rm_staff s ON s.telegram_id = t.assignee_id
          WHERE t.opened_at >= $2 AND t.opened_at < $3 AND t.number > $4
          ORDER BY t.number LIMIT $5`,
        [now.toISOString(), period.from.toISOString(), period.to.toISOString(), afterNumber, pageSize(limit)],
      );
      return result.rows.map((row) => ({ ...toTicketView(row), authorName: nameOf(row.author_name), assigneeName: nameOf(row.assignee_name) }));
    },
    async taskPage(period, now, afterNumber, limit) {
      const result = await sql.query(
        `SELECT ${TASK_COLUMNS('$1')}, i.full_name AS issuer_name, s.full_name AS assignee_name
           FROM rm_tasks t
           LEFT JOIN rm_staff i ON i.telegram_id = t.issuer_id
           LEFT JOIN rm_staff s ON s.telegram_id = t.assignee_id
          WHERE t.assigned_at >= $2 AND t.assigned_at < $3 AND t.number > $4
          ORDER BY t.number LIMIT $5`,
        [now.toISOString(), period.from.toISOString(), period.to.toISOString(), afterNumber, pageSize(limit)],
      );
      return result.rows.map((row) => ({ ...toTaskView(row), issuerName: nameOf(row.issuer_name), assigneeName: nameOf(row.assignee_name) }));
    },
  };
}
