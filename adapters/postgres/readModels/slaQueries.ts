// The tickets read model's SLA columns, for the SLA figures (application/sla/slaFigures.ts).
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { SlaQueries, SlaTicketFacts } from '../../../application/sla/slaFigures.js';

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const maybeDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

export function sqlSlaQueries(sql: SqlQueryable): SlaQueries {
  return {
    async slaTickets(period) {
      const result = await sql.query<Record<string, unknown>>(
        `SELECT number, priority, status, COALESCE(resolved_by, assignee_id) AS technician_id, opened_at, respond_by,
                first_response_at, due_at, resolved_at
           FROM rm_tickets
          WHERE status <> 'cancelled' AND ($1::timestamptz IS NULL OR opened_at >= $1) AND ($2::timestamptz IS NULL OR opened_at < $2)
          ORDER BY number`,
        [period?.from?.toISOString() ?? null, period?.to?.toISOString() ?? null],
      );
      return result.rows.map(
        (row): SlaTicketFacts => ({
          number: Number(row.number),
          priority: String(row.priority) as SlaTicketFacts['priority'],
          status: String(row.status),
          technicianId: row.technician_id === null || row.technician_id === undefined ? null : String(row.technician_id),
          openedAt: date(row.opened_at),
          respondBy: maybeDate(row.respond_by),
          firstResponseAt: maybeDate(row.first_response_at),
          dueAt: date(row.due_at),
          resolvedAt: maybeDate(row.resolved_at),
        }),
      );
    },
  };
}
