// The deadline watcher's schedule: unfinished tasks' current deadlines and which of them were marked missed.
// A deadline has passed when now is strictly after it (the domain's rule): due is `deadline < now`.
import type { SqlExecutor } from '../../../application/ports/sql.js';
import type { DeadlineSchedule } from '../../../application/reactions/deadlineWatcher.js';

export function sqlDeadlineSchedule(sql: SqlExecutor): DeadlineSchedule {
  return {
    scheduleFor(tx) {
      return {
        async watch({ taskNumber, deadline }) {
          await tx.query(
            `INSERT INTO deadline_watch (task_number, deadline, active) VALUES ($1, $2, true)
             ON CONFLICT (task_number) DO UPDATE SET deadline = EXCLUDED.deadline`,
            [taskNumber, deadline],
          );
        },
        async setActive(taskNumber, active) {
          await tx.query(`UPDATE deadline_watch SET active = $2 WHERE task_number = $1`, [taskNumber, active]);
        },
        async recordMissed(taskNumber, deadline) {
          await tx.query(`UPDATE deadline_watch SET missed_deadline = $2 WHERE task_number = $1`, [taskNumber, deadline]);
        },
        async forget(taskNumber) {
          await tx.query(`DELETE FROM deadline_watch WHERE task_number = $1`, [taskNumber]);
        },
      };
    },
    async due(now, limit) {
      const result = await sql.query<{ task_number: number; deadline: string | Date }>(
        `SELECT task_number, deadline FROM deadline_watch
          WHERE active AND deadline < $1 AND (missed_deadline IS NULL OR missed_deadline <> deadline)
          ORDER BY deadline LIMIT $2`,
        [now.toISOString(), limit],
      );
      return result.rows.map((row) => ({ taskNumber: Number(row.task_number), deadline: new Date(row.deadline) }));
    },
    async nextDeadline(now) {
      const result = await sql.query<{ deadline: string | Date }>(
        `SELECT deadline FROM deadline_watch
          WHERE active AND deadline >= $1 AND (missed_deadline IS NULL OR missed_deadline <> deadline)
          ORDER BY deadline LIMIT 1`,
        [now.toISOString()],
      );
      return result.rows[0] ? new Date(result.rows[0].deadline) : undefined;
    },
  };
}
