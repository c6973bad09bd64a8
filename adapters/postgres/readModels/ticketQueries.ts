// Ticket questions over the rm_tickets read model. `now` comes from the caller's Clock.
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { Paged, TicketFilter, TicketQueries, TicketStatus, TicketView } from '../../../application/ports/readModels.js';
import { ticketOverdueSql } from './overdue.js';
import { limitOf, offsetOf, TICKET_COLUMNS, toTicketView } from './rows.js';

const ACTIVE: readonly TicketStatus[] = ['open', 'in_progress', 'resolved', 'waiting'];
const PRIORITY_RANK = `CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

/** The filter's conditions and their parameters ($1 is `now`); `involves`: authored by or assigned to them. */
function whereOf(filter: TicketFilter & { involves?: string }, now: Date): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [now.toISOString()];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(clause(`$${params.length}`));
  };
  if (filter.statuses) add((p) => `t.status = ANY(SELECT jsonb_array_elements_text(${p}::jsonb))`, JSON.stringify(filter.statuses));
  if (filter.categories) add((p) => `t.category = ANY(SELECT jsonb_array_elements_text(${p}::jsonb))`, JSON.stringify(filter.categories));
  if (filter.authorId) add((p) => `t.author_id = ${p}`, filter.authorId);
  if (filter.assigneeId) add((p) => `t.assignee_id = ${p}`, filter.assigneeId);
  if (filter.involves) add((p) => `(t.author_id = ${p} OR t.assignee_id = ${p})`, filter.involves);
  if (filter.unassigned) conditions.push('t.assignee_id IS NULL');
  if (filter.overdueOnly) conditions.push(ticketOverdueSql('$1', 't'));
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** Most urgent first: overdue, then priority, then the oldest. */
const URGENCY_ORDER = `${ticketOverdueSql('$1', 't')} DESC, ${PRIORITY_RANK}, t.opened_at, t.number`;

export function sqlTicketQueries(sql: SqlQueryable): TicketQueries {
  const find = async (filter: TicketFilter & { involves?: string }, now: Date, order = 't.number DESC') => {
    const { where, params } = whereOf(filter, now);
    params.push(limitOf(filter), offsetOf(filter));
    const result = await sql.query(
      `SELECT ${TICKET_COLUMNS('$1')} FROM rm_tickets t ${where}
        ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return result.rows.map(toTicketView);
  };
  const findPage = async (filter: TicketFilter & { involves?: string }, now: Date, order: string): Promise<Paged<TicketView>> => {
    const { where, params } = whereOf(filter, now);
    const [items, counted] = await Promise.all([
      find(filter, now, order),
      // $1 (now) is named even when no condition uses it, so PostgreSQL knows every parameter's type.
      sql.query<{ total: string }>(`SELECT count(*)::text AS total, $1::timestamptz AS now FROM rm_tickets t ${where}`, params),
    ]);
    return { items, total: Number(counted.rows[0]?.total ?? 0) };
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
    ticketQueuePage: (now, options) => findPage({ ...options, statuses: ['open', 'in_progress'] }, now, URGENCY_ORDER),
    myTicketsPage: (telegramId, now, page) => findPage({ ...page, involves: telegramId, statuses: ACTIVE }, now, URGENCY_ORDER),
  };
}
