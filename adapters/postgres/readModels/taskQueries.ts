// Task questions over the rm_tasks read model. Overdue and due-soon are decided against the caller's `now`.
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { Paged, TaskQueries, TaskView } from '../../../application/ports/readModels.js';
import { taskOverdueSql } from './overdue.js';
import { limitOf, offsetOf, TASK_COLUMNS, toTaskView } from './rows.js';

const ACTIVE = `t.status IN ('assigned', 'accepted', 'completed')`;

export function sqlTaskQueries(sql: SqlQueryable): TaskQueries {
  const select = async (where: string, order: string, params: unknown[], page?: { limit?: number; offset?: number }) => {
    const all = [...params, limitOf(page), offsetOf(page)];
    const result = await sql.query(
      `SELECT ${TASK_COLUMNS('$1')} FROM rm_tasks t WHERE ${where} ORDER BY ${order}
        LIMIT $${all.length - 1} OFFSET $${all.length}`,
      all,
    );
    return result.rows.map(toTaskView);
  };
  /** Active tasks of one person (as `column`) a page at a time: overdue first, then the nearest deadline. */
  const activePage = async (column: 'assignee_id' | 'issuer_id', telegramId: string, now: Date, page?: { limit?: number; offset?: number }): Promise<Paged<TaskView>> => {
    const where = `t.${column} = $2 AND ${ACTIVE}`;
    const params = [now.toISOString(), telegramId];
    const [items, counted] = await Promise.all([
      select(where, `${taskOverdueSql('$1', 't')} DESC, t.deadline, t.number`, params, page),
      // $1 (now) is named so PostgreSQL knows every parameter's type.
      sql.query<{ total: string }>(`SELECT count(*)::text AS total, $1::timestamptz AS now FROM rm_tasks t WHERE ${where}`, params),
    ]);
    return { items, total: Number(counted.rows[0]?.total ?? 0) };
  };
  return {
    async taskByNumber(number, now) {
      const found = await select('t.number = $2', 't.number', [now.toISOString(), number]);
      return found[0];
    },
    myTasks: (assigneeId, now, page) =>
      select(`t.assignee_id = $2${page?.all ? '' : ` AND ${ACTIVE}`}`, 't.deadline, t.number', [now.toISOString(), assigneeId], page),
    tasksIssuedBy: (issuerId, now, page) =>
      select(`t.issuer_id = $2${page?.all ? '' : ` AND ${ACTIVE}`}`, 't.deadline, t.number', [now.toISOString(), issuerId], page),
    overdueTasks: (now, page) =>
      select(
        `${taskOverdueSql('$1', 't')}
           AND ($2::text IS NULL OR t.assignee_id = $2) AND ($3::text IS NULL OR t.issuer_id = $3)`,
        't.deadline, t.number',
        [now.toISOString(), page?.assigneeId ?? null, page?.issuerId ?? null],
        page,
      ),
    tasksDueSoon: (now, withinMs, page) =>
      select(
        `t.status IN ('assigned', 'accepted') AND t.deadline > $1 AND t.deadline <= $2`,
        't.deadline, t.number',
        [now.toISOString(), new Date(now.getTime() + withinMs).toISOString()],
        page,
      ),
    myTasksPage: (assigneeId, now, page) => activePage('assignee_id', assigneeId, now, page),
    tasksIssuedByPage: (issuerId, now, page) => activePage('issuer_id', issuerId, now, page),
  };
}
