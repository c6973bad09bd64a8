// KPI as queries over the tickets and tasks read models: one source of truth, and the time-based parts
// (overdue) are decided at the caller's `now`. Tasks count for their assignee; tickets count as opened for
// their author, resolved for whoever resolved them, open and overdue for their assignee.
import type { SqlQueryable } from '../../../application/ports/sql.js';
import type { GaugeQueries, KpiFigures, KpiPeriod, KpiQueries, PersonKpi } from '../../../application/ports/readModels.js';
import { taskOverdueSql, ticketOverdueSql } from './overdue.js';

interface FigureRow {
  tasks_total: string | number;
  tasks_done: string | number;
  tasks_done_on_time: string | number;
  tasks_open: string | number;
  tasks_cancelled: string | number;
  tasks_overdue: string | number;
  tickets_opened: string | number;
  tickets_resolved: string | number;
  tickets_open: string | number;
  tickets_overdue: string | number;
  median_resolve_ms: string | number | null;
  rating_average: string | number | null;
  ratings_count: string | number;
}

// $1 now, $2 from, $3 to, $4 person (NULL: everyone).
const FIGURES_SQL = `
WITH tk AS (
  SELECT * FROM rm_tasks
   WHERE ($2::timestamptz IS NULL OR assigned_at >= $2) AND ($3::timestamptz IS NULL OR assigned_at < $3)
     AND ($4::text IS NULL OR assignee_id = $4)
), ti AS (
  SELECT * FROM rm_tickets
   WHERE ($2::timestamptz IS NULL OR opened_at >= $2) AND ($3::timestamptz IS NULL OR opened_at < $3)
)
SELECT
  (SELECT count(*) FROM tk) AS tasks_total,
  (SELECT count(*) FROM tk WHERE status = 'approved') AS tasks_done,
  (SELECT count(*) FROM tk WHERE status = 'approved' AND on_time) AS tasks_done_on_time,
  (SELECT count(*) FROM tk WHERE status IN ('assigned', 'accepted', 'completed')) AS tasks_open,
  (SELECT count(*) FROM tk WHERE status = 'cancelled') AS tasks_cancelled,
  (SELECT count(*) FROM tk WHERE ${taskOverdueSql('$1')}) AS tasks_overdue,
  (SELECT count(*) FROM ti WHERE $4::text IS NULL OR author_id = $4) AS tickets_opened,
  (SELECT count(*) FROM ti WHERE status IN ('resolved', 'closed') AND ($4::text IS NULL OR resolved_by = $4))
    AS tickets_resolved,
  (SELECT count(*) FROM ti WHERE status IN ('open', 'in_progress', 'resolved', 'waiting') AND ($4::text IS NULL OR assignee_id = $4))
    AS tickets_open,
  (SELECT count(*) FROM ti WHERE ${ticketOverdueSql('$1')}
      AND ($4::text IS NULL OR assignee_id = $4)) AS tickets_overdue,
  (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at) * 1000)
     FROM ti WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL
      AND ($4::text IS NULL OR resolved_by = $4)) AS median_resolve_ms,
  (SELECT avg(rating) FROM ti WHERE rating IS NOT NULL AND ($4::text IS NULL OR rated_resolver = $4)) AS rating_average,
  (SELECT count(*) FROM ti WHERE rating IS NOT NULL AND ($4::text IS NULL OR rated_resolver = $4)) AS ratings_count`;

function toFigures(row: FigureRow): KpiFigures {
  const n = (value: string | number) => Number(value);
  const total = n(row.tasks_total);
  const done = n(row.tasks_done);
  const cancelled = n(row.tasks_cancelled);
  const onTime = n(row.tasks_done_on_time);
  const counted = total - cancelled;
  return {
    tasksTotal: total,
    tasksDone: done,
    tasksDoneOnTime: onTime,
    tasksOpen: n(row.tasks_open),
    tasksCancelled: cancelled,
    tasksOverdue: n(row.tasks_overdue),
    completionRate: counted > 0 ? done / counted : 0,
    onTimeRate: done > 0 ? onTime / done : 0,
    ticketsOpened: n(row.tickets_opened),
    ticketsResolved: n(row.tickets_resolved),
    ticketsOpen: n(row.tickets_open),
    ticketsOverdue: n(row.tickets_overdue),
    medianResolveMs: row.median_resolve_ms === null ? null : Math.round(n(row.median_resolve_ms)),
    ratingAverage: row.rating_average === null ? null : n(row.rating_average),
    ratingsCount: n(row.ratings_count),
  };
}

export function sqlKpiQueries(sql: SqlQueryable): KpiQueries & GaugeQueries {
  const figures = async (now: Date, period: KpiPeriod | undefined, person: string | null) => {
    const result = await sql.query<FigureRow>(FIGURES_SQL, [
      now.toISOString(),
      period?.from?.toISOString() ?? null,
      period?.to?.toISOString() ?? null,
      person,
    ]);
    return toFigures(result.rows[0]!);
  };
  const personKpi = async (telegramId: string, now: Date, period?: KpiPeriod): Promise<PersonKpi> => {
    const name = await sql.query<{ full_name: string }>(`SELECT full_name FROM rm_staff WHERE telegram_id = $1`, [telegramId]);
    return { telegramId, fullName: name.rows[0]?.full_name ?? null, ...(await figures(now, period, telegramId)) };
  };
  return {
    kpiOverall: (now, period) => figures(now, period, null),
    kpiForPerson: personKpi,
    async kpiByPerson(now, period) {
      const people = await sql.query<{ id: string }>(
        `SELECT assignee_id AS id FROM rm_tasks UNION SELECT author_id FROM rm_tickets
          UNION SELECT resolved_by FROM rm_tickets WHERE resolved_by IS NOT NULL
          UNION SELECT assignee_id FROM rm_tickets WHERE assignee_id IS NOT NULL`,
      );
      const lines = await Promise.all(people.rows.map((row) => personKpi(row.id, now, period)));
      return lines.sort((a, b) => (a.fullName ?? a.telegramId).localeCompare(b.fullName ?? b.telegramId, 'ru'));
    },
    async ratingCounts() {
      const result = await sql.query<{ rating: number; count: string | number }>(
        `SELECT rating, count(*) AS count FROM rm_tickets WHERE rating IS NOT NULL GROUP BY rating`,
      );
      return Object.fromEntries(result.rows.map((row) => [Number(row.rating), Number(row.count)]));
    },
    async gaugeFigures(now) {
      const result = await sql.query<Record<string, string | number>>(
        `SELECT (SELECT count(*) FROM rm_tickets WHERE status NOT IN ('closed', 'cancelled')) AS tickets_open,
                (SELECT count(*) FROM rm_tasks) AS tasks_total,
                (SELECT count(*) FROM rm_tasks WHERE status = 'approved') AS tasks_done,
                (SELECT count(*) FROM rm_tasks WHERE ${taskOverdueSql('$1')}) AS tasks_overdue`,
        [now.toISOString()],
      );
      const row = result.rows[0]!;
      return {
        ticketsOpen: Number(row.tickets_open),
        tasksTotal: Number(row.tasks_total),
        tasksDone: Number(row.tasks_done),
        tasksOverdue: Number(row.tasks_overdue),
      };
    },
  };
}
