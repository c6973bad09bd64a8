// Auto-close's schedule (application/reactions/autoClose.ts): resolved tickets and when they were resolved.
// Filled by its reaction from the log, so an existing installation schedules its resolved tickets on start.
import type { Migration } from './migration.js';

export const autoCloseScheduleMigration: Migration = {
  id: '0101_auto_close_schedule',
  sql: `
CREATE TABLE IF NOT EXISTS auto_close_watch (
  ticket_number int PRIMARY KEY,
  resolved_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS auto_close_watch_resolved_idx ON auto_close_watch (resolved_at);
`,
};
