// Staff groups and orders to many over rm_staff_groups, rm_orders and rm_tasks. An order's counts are read
// from its tasks' rows at the query's `now`, so they always equal the sum of its tasks.
import type { GroupQueries, OrderQueries, OrderView, StaffGroupView } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { taskOverdueSql } from './overdue.js';
import { limitOf, offsetOf, TASK_COLUMNS, toTaskView } from './rows.js';

type Raw = Record<string, unknown>;

const toGroupView = (row: Raw): StaffGroupView => ({
  groupId: String(row.group_id),
  name: String(row.name),
  members: (row.members as string[] | null) ?? [],
  removed: row.removed === true,
});

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const maybeDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));

function toOrderView(row: Raw): OrderView {
  const taskNumbers = ((row.task_numbers as unknown[] | null) ?? []).map(Number);
  const counted = Number(row.counted ?? 0);
  return {
    orderId: String(row.order_id),
    issuerId: String(row.issuer_id),
    title: String(row.title),
    description: String(row.description),
    deadline: date(row.deadline),
    targetKind: String(row.target_kind) as OrderView['targetKind'],
    targetLabel: String(row.target_label),
    taskNumbers,
    assigneeIds: (row.assignee_ids as string[] | null) ?? [],
    status: String(row.status) as OrderView['status'],
    issuedAt: date(row.issued_at),
    cancelledAt: maybeDate(row.cancelled_at),
    remindedAt: maybeDate(row.reminded_at),
    reminders: Number(row.reminders),
    counts: {
      total: taskNumbers.length,
      missing: taskNumbers.length - counted,
      done: Number(row.done ?? 0),
      awaitingApproval: Number(row.awaiting ?? 0),
      open: Number(row.open ?? 0),
      overdue: Number(row.overdue ?? 0),
      cancelled: Number(row.cancelled ?? 0),
    },
  };
}

/** Every column of `rm_orders o` and its tasks' counts at `$1` (now). */
const ORDER_WITH_COUNTS = `
  SELECT o.*, c.* FROM rm_orders o
  LEFT JOIN LATERAL (
    SELECT count(*) AS counted,
           count(*) FILTER (WHERE t.status IN ('completed', 'approved')) AS done,
           count(*) FILTER (WHERE t.status = 'completed') AS awaiting,
           count(*) FILTER (WHERE t.status IN ('assigned', 'accepted')) AS open,
           count(*) FILTER (WHERE ${taskOverdueSql('$1::timestamptz', 't')}) AS overdue,
           count(*) FILTER (WHERE t.status = 'cancelled') AS cancelled
      FROM rm_tasks t WHERE t.number = ANY(o.task_numbers)
  ) c ON true`;

export function sqlGroupQueries(sql: SqlQueryable): GroupQueries {
  return {
    async staffGroups() {
      const result = await sql.query(`SELECT * FROM rm_staff_groups WHERE NOT removed ORDER BY lower(name), group_id`);
      return result.rows.map(toGroupView);
    },
    async staffGroup(groupId) {
      const result = await sql.query(`SELECT * FROM rm_staff_groups WHERE group_id = $1`, [groupId]);
      return result.rows[0] ? toGroupView(result.rows[0]) : undefined;
    },
  };
}

export function sqlOrderQueries(sql: SqlQueryable): OrderQueries {
  return {
    async ordersIssuedBy(issuerId, now, page) {
      const result = await sql.query(`${ORDER_WITH_COUNTS} WHERE o.issuer_id = $2 ORDER BY o.issued_at DESC, o.order_id LIMIT $3 OFFSET $4`, [
        now.toISOString(),
        issuerId,
        limitOf(page),
        offsetOf(page),
      ]);
      return result.rows.map(toOrderView);
    },
    async orderSummary(orderId, now) {
      const found = await sql.query(`${ORDER_WITH_COUNTS} WHERE o.order_id = $2`, [now.toISOString(), orderId]);
      const row = found.rows[0];
      if (!row) return undefined;
      const order = toOrderView(row);
      const tasks = await sql.query(`SELECT ${TASK_COLUMNS('$1')} FROM rm_tasks t WHERE t.number = ANY($2::int[]) ORDER BY t.number`, [
        now.toISOString(),
        order.taskNumbers,
      ]);
      return { order, tasks: tasks.rows.map(toTaskView) };
    },
  };
}
