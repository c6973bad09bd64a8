// The schedule of tickets waiting on their author (application/reactions/waitingWatcher.ts): when the author
// is reminded, then when the ticket closes itself. Filled by its reaction from the log.
import type { Migration } from './migration.js';

export const waitingWatchMigration: Migration = {
  id: '0141_waiting_watch',
  sql: `
CREATE TABLE IF NOT EXISTS waiting_watch (
  ticket_number int PRIMARY KEY,
  asked_at timestamptz NOT NULL,
  -- 'remind' until the reminder is recorded, then 'close'.
  stage text NOT NULL,
  due_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS waiting_watch_due_idx ON waiting_watch (due_at);
`,
};
