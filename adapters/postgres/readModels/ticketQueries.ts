// Ticket questions over the rm_tickets read model. `now` comes from the caller's Clock.
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { TicketFilter, TicketQueries, TicketStatus } from '../../../application/ports/readModels.js';
import { ticketOverdueSql } from './overdue.js';
import { limitOf, offsetOf, TICKET_COLUMNS, toTicketView } from './rows.js';

const ACTIVE: readonly TicketStatus[] = ['open', 'in_progress', 'resolved'];
const PRIORITY_RANK = `CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

export function sqlTicketQueries(sql: SqlQueryable): TicketQueries {
  const find = async (filter: TicketFilter, now: Date, order = 't.number DESC') => {
    const where: string[] = [];
    const params: unknown[] = [now.toISOString()];
    const add = (clause: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (filter.statuses) add((p) => `t.status = ANY(SELECT jsonb_array_elements_text(${p}::jsonb))`, JSON.stringify(filter.statuses));
    if (filter.categories) add((p) => `t.category = ANY(SELECT jsonb_array_elements_text(${p}::jsonb))`, JSON.stringify(filter.categories));
    if (filter.authorId) add((p) => `t.author_id = ${p}`, filter.authorId);
    if (filter.assigneeId) add((p) => `t.assignee_id = ${p}`, filter.assigneeId);
    if (filter.unassigned) where.push('t.assignee_id IS NULL');
    if (filter.overdueOnly) where.push(ticketOverdueSql('$1', 't'));
    params.push(limitOf(filter), offsetOf(filter));
    const result = await sql.query(
      `SELECT ${TICKET_COLUMNS('$1')} FROM rm_tickets t
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return result.rows.map(toTicketView);
  };
  return {
    async ticketByNumber(number, now) {
      const result = await sql.query(`SELECT ${TICKET_COLUMNS('$2')} FROM rm_tickets t WHERE t.number = $1`, [
        number,
        now.toISOString(),
      ]);
      return result.rows[0] ? toTicketView(result.rows[0]) : undefined;
    },
    ticketsByAuthor: (authorId, now, page) =>
      find({ ...page, authorId, statuses: page?.activeOnly ? ACTIVE : undefined }, now),
    ticketsByAssignee: (assigneeId, now, page) =>
      find({ ...page, assigneeId, statuses: page?.activeOnly ? ACTIVE : undefined }, now),
    ticketsByStatus: (statuses, now, page) => find({ ...page, statuses }, now),
    ticketQueue: (now, options) =>
      find(
        { ...options, statuses: ['open', 'in_progress'], unassigned: options?.unassignedOnly },
        now,
        `${PRIORITY_RANK}, t.due_at, t.number`,
      ),
    findTickets: (filter, now) => find(filter, now),
    overdueTickets: (now, page) => find({ ...page, overdueOnly: true }, now, 't.due_at, t.number'),
  };
}
