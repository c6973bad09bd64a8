// Recurring orders (application/reactions/recurrenceWatcher.ts): each recurrence's state as its reaction
// folded it, with the moment its next occurrence comes due. Filled from the log, so it rebuilds on start.
import type { Migration } from './migration.js';

export const recurrencesMigration: Migration = {
  id: '0180_recurrences',
  sql: `
CREATE TABLE IF NOT EXISTS recurrence_watch (
  recurrence_id text PRIMARY KEY,
  issuer_id text NOT NULL,
  status text NOT NULL,
  title text NOT NULL,
  next_at timestamptz,
  state jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS recurrence_watch_next_idx ON recurrence_watch (next_at) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS recurrence_watch_issuer_idx ON recurrence_watch (issuer_id, created_at);
`,
};
