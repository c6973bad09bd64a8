// SLA (issue 14): the tickets read model's first-response target, first response and escalation count
// (projections/tickets.ts, version 3; the version bump rebuilds the table from the log, which fills them), and
// the SLA watcher's schedules (application/reactions/slaWatcher.ts), filled by its reactions from the log.
import type { Migration } from './migration.js';

export const slaMigration: Migration = {
  id: '0130_sla',
  sql: `
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS respond_by timestamptz;
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS first_response_at timestamptz;
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS escalation_count int NOT NULL DEFAULT 0;
ALTER TABLE rm_staff ADD COLUMN IF NOT EXISTS leads text[] NOT NULL DEFAULT '{}';

CREATE TABLE IF NOT EXISTS sla_watch (
  ticket_number int PRIMARY KEY,
  priority text NOT NULL,
  category text NOT NULL,
  respond_by timestamptz,
  due_at timestamptz,
  responded boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  escalated_respond_by timestamptz,
  escalated_due_at timestamptz
);
CREATE INDEX IF NOT EXISTS sla_watch_respond_idx ON sla_watch (respond_by);
CREATE INDEX IF NOT EXISTS sla_watch_due_idx ON sla_watch (due_at);

CREATE TABLE IF NOT EXISTS task_escalation_watch (
  task_number int PRIMARY KEY,
  deadline timestamptz NOT NULL,
  escalate_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  escalated_deadline timestamptz
);
CREATE INDEX IF NOT EXISTS task_escalation_watch_at_idx ON task_escalation_watch (escalate_at);
`,
};
