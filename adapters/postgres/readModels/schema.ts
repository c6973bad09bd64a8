// The read side's own bookkeeping tables (the read-model tables themselves are created from each projector's
// definition, see projections/projector.ts). Used by migration 0100 and by tests that set up a database.
export const READ_SIDE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS projection_checkpoints (
     name text PRIMARY KEY,
     version int NOT NULL DEFAULT 0,
     position text,
     state text NOT NULL DEFAULT 'idle',
     last_error text,
     events_applied bigint NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS projection_rebuilds (
     name text PRIMARY KEY,
     version int NOT NULL,
     shadow_table text NOT NULL,
     position text,
     events_applied bigint NOT NULL DEFAULT 0,
     started_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS notification_outbox (
     id text PRIMARY KEY,
     source text NOT NULL,
     kind text NOT NULL,
     recipient text NOT NULL,
     payload jsonb NOT NULL,
     not_before timestamptz NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     attempts int NOT NULL DEFAULT 0,
     leased_until timestamptz,
     sent_at timestamptz,
     dropped_at timestamptz,
     last_error text
   )`,
  `CREATE INDEX IF NOT EXISTS notification_outbox_due_idx ON notification_outbox (not_before)
     WHERE sent_at IS NULL AND dropped_at IS NULL`,
  `CREATE TABLE IF NOT EXISTS deadline_watch (
     task_number int PRIMARY KEY,
     deadline timestamptz NOT NULL,
     active boolean NOT NULL DEFAULT true,
     missed_deadline timestamptz
   )`,
  `CREATE INDEX IF NOT EXISTS deadline_watch_due_idx ON deadline_watch (deadline) WHERE active`,
];
