// The SLA watcher's schedules (application/reactions/slaWatcher.ts): each watched ticket's current targets and
// which due moments were escalated (sla_watch), each missed task deadline and when it reaches the director
// (task_escalation_watch). A target has passed when now is strictly after it (the domain's rule).
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import type { SlaPatch, SlaSchedule, TaskEscalationPatch } from '../../../application/reactions/slaWatcher.js';

async function patchTicket(tx: SqlQueryable, number: number, patch: SlaPatch): Promise<void> {
  if (patch === 'forget') {
    await tx.query(`DELETE FROM sla_watch WHERE ticket_number = $1`, [number]);
    return;
  }
  if (patch.open) {
    await tx.query(
      `INSERT INTO sla_watch (ticket_number, priority, category, respond_by, due_at, responded, active)
       VALUES ($1, $2, $3, $4, $5, false, true)
       ON CONFLICT (ticket_number) DO UPDATE SET priority = EXCLUDED.priority, category = EXCLUDED.category,
         respond_by = EXCLUDED.respond_by, due_at = EXCLUDED.due_at, responded = false, active = true`,
      [number, patch.open.priority, patch.open.category, patch.respondBy ?? null, patch.dueAt ?? null],
    );
    return;
  }
  const sets: string[] = [];
  const values: unknown[] = [number];
  const set = (column: string, value: unknown) => {
    values.push(value);
    sets.push(`${column} = $${values.length}`);
  };
  if (patch.priority !== undefined) set('priority', patch.priority);
  if (patch.respondBy !== undefined) set('respond_by', patch.respondBy);
  if (patch.dueAt !== undefined) set('due_at', patch.dueAt);
  if (patch.responded !== undefined) set('responded', patch.responded);
  if (patch.active !== undefined) set('active', patch.active);
  if (patch.escalated) set(patch.escalated.target === 'first_response' ? 'escalated_respond_by' : 'escalated_due_at', patch.escalated.dueAt);
  if (sets.length === 0) return;
  await tx.query(`UPDATE sla_watch SET ${sets.join(', ')} WHERE ticket_number = $1`, values);
}

async function patchTask(tx: SqlQueryable, number: number, patch: TaskEscalationPatch, escalateAt: string | undefined): Promise<void> {
  if (patch === 'forget') {
    await tx.query(`DELETE FROM task_escalation_watch WHERE task_number = $1`, [number]);
    return;
  }
  if (patch.missed && escalateAt) {
    await tx.query(
      `INSERT INTO task_escalation_watch (task_number, deadline, escalate_at, active) VALUES ($1, $2, $3, true)
       ON CONFLICT (task_number) DO UPDATE SET deadline = EXCLUDED.deadline, escalate_at = EXCLUDED.escalate_at, active = true`,
      [number, patch.missed.deadline, escalateAt],
    );
    return;
  }
  if (patch.active !== undefined) await tx.query(`UPDATE task_escalation_watch SET active = $2 WHERE task_number = $1`, [number, patch.active]);
  if (patch.escalated) await tx.query(`UPDATE task_escalation_watch SET escalated_deadline = $2 WHERE task_number = $1`, [number, patch.escalated]);
}

const PASSED_TICKET_TARGETS = `
  SELECT ticket_number, 'first_response' AS target, respond_by AS due_at, category FROM sla_watch
   WHERE active AND NOT responded AND respond_by IS NOT NULL AND respond_by < $1
     AND escalated_respond_by IS DISTINCT FROM respond_by AND priority IN (SELECT jsonb_array_elements_text($2::jsonb))
  UNION ALL
  SELECT ticket_number, 'resolution' AS target, due_at, category FROM sla_watch
   WHERE active AND due_at IS NOT NULL AND due_at < $1
     AND escalated_due_at IS DISTINCT FROM due_at AND priority IN (SELECT jsonb_array_elements_text($2::jsonb))`;

export function sqlSlaSchedule(sql: SqlExecutor): SlaSchedule {
  return {
    scheduleFor(tx) {
      return {
        ticket: (number, patch) => patchTicket(tx, number, patch),
        task: (number, patch, escalateAt) => patchTask(tx, number, patch, escalateAt),
      };
    },
    async dueTickets(now, priorities, limit) {
      const result = await sql.query<{ ticket_number: number; target: 'first_response' | 'resolution'; due_at: string | Date; category: string }>(
        `SELECT * FROM (${PASSED_TICKET_TARGETS}) passed ORDER BY due_at, ticket_number LIMIT $3`,
        [now.toISOString(), JSON.stringify(priorities), limit],
      );
      return result.rows.map((row) => ({
        kind: 'ticket' as const,
        ticketNumber: Number(row.ticket_number),
        target: row.target,
        dueAt: new Date(row.due_at),
        category: row.category,
      }));
    },
    async dueTasks(now, limit) {
      const result = await sql.query<{ task_number: number; deadline: string | Date }>(
        `SELECT task_number, deadline FROM task_escalation_watch
          WHERE active AND escalate_at < $1 AND escalated_deadline IS DISTINCT FROM deadline
          ORDER BY escalate_at, task_number LIMIT $2`,
        [now.toISOString(), limit],
      );
      return result.rows.map((row) => ({ kind: 'task' as const, taskNumber: Number(row.task_number), deadline: new Date(row.deadline) }));
    },
    async nextDueAt(now, priorities) {
      const result = await sql.query<{ at: string | Date | null }>(
        `SELECT min(at) AS at FROM (
           SELECT min(respond_by) AS at FROM sla_watch
            WHERE active AND NOT responded AND respond_by >= $1 AND priority IN (SELECT jsonb_array_elements_text($2::jsonb))
           UNION ALL
           SELECT min(due_at) FROM sla_watch
            WHERE active AND due_at >= $1 AND priority IN (SELECT jsonb_array_elements_text($2::jsonb))
           UNION ALL
           SELECT min(escalate_at) FROM task_escalation_watch
            WHERE active AND escalate_at >= $1 AND escalated_deadline IS DISTINCT FROM deadline
         ) next`,
        [now.toISOString(), JSON.stringify(priorities)],
      );
      const at = result.rows[0]?.at;
      return at ? new Date(at) : undefined;
    },
  };
}
