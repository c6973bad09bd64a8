// The read side's tables: consumer checkpoints, rebuild progress, the notification outbox, the deadline
// watcher's schedule, and the tickets, tasks and staff read models as their projectors (version 1) define them.
// Later shapes of a read model arrive by a projector version bump and a rebuild, not by editing this.
import type { Migration } from './migration.js';

export const readModelsMigration: Migration = {
  id: '0100_read_models',
  sql: `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name text PRIMARY KEY,
  version int NOT NULL DEFAULT 0,
  position text,
  state text NOT NULL DEFAULT 'idle',
  last_error text,
  events_applied bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
  );

CREATE TABLE IF NOT EXISTS projection_rebuilds (
  name text PRIMARY KEY,
  version int NOT NULL,
  shadow_table text NOT NULL,
  position text,
  events_applied bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
  );

CREATE TABLE IF NOT EXISTS notification_outbox (
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
  );

CREATE INDEX IF NOT EXISTS notification_outbox_due_idx ON notification_outbox (not_before)
  WHERE sent_at IS NULL AND dropped_at IS NULL;

CREATE TABLE IF NOT EXISTS deadline_watch (
  task_number int PRIMARY KEY,
  deadline timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  missed_deadline timestamptz
  );

CREATE INDEX IF NOT EXISTS deadline_watch_due_idx ON deadline_watch (deadline) WHERE active;

CREATE TABLE IF NOT EXISTS "rm_tickets" ("number" int NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "category" text NOT NULL, "location" text NOT NULL, "priority" text NOT NULL, "status" text NOT NULL, "author_id" text NOT NULL, "assignee_id" text, "opened_at" timestamptz NOT NULL, "due_at" timestamptz NOT NULL, "resolved_at" timestamptz, "resolved_by" text, "closed_at" timestamptz, "cancelled_at" timestamptz, "updated_at" timestamptz NOT NULL, "reopen_count" int NOT NULL, "comment_count" int NOT NULL, CONSTRAINT "rm_tickets_pkey" PRIMARY KEY ("number"));

CREATE INDEX IF NOT EXISTS "rm_tickets_status_idx" ON "rm_tickets" (status, due_at);

CREATE INDEX IF NOT EXISTS "rm_tickets_author_idx" ON "rm_tickets" (author_id, number);

CREATE INDEX IF NOT EXISTS "rm_tickets_assignee_idx" ON "rm_tickets" (assignee_id, number);

CREATE INDEX IF NOT EXISTS "rm_tickets_category_idx" ON "rm_tickets" (category, status);

CREATE TABLE IF NOT EXISTS "rm_tasks" ("number" int NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "issuer_id" text NOT NULL, "assignee_id" text NOT NULL, "status" text NOT NULL, "deadline" timestamptz NOT NULL, "assigned_at" timestamptz NOT NULL, "accepted_at" timestamptz, "completed_at" timestamptz, "approved_at" timestamptz, "cancelled_at" timestamptz, "updated_at" timestamptz NOT NULL, "extensions" int NOT NULL, "missed_deadlines" int NOT NULL, "last_missed_deadline" timestamptz, "late" boolean NOT NULL, "on_time" boolean NOT NULL, CONSTRAINT "rm_tasks_pkey" PRIMARY KEY ("number"));

CREATE INDEX IF NOT EXISTS "rm_tasks_assignee_idx" ON "rm_tasks" (assignee_id, status);

CREATE INDEX IF NOT EXISTS "rm_tasks_issuer_idx" ON "rm_tasks" (issuer_id, status);

CREATE INDEX IF NOT EXISTS "rm_tasks_deadline_idx" ON "rm_tasks" (status, deadline);

CREATE TABLE IF NOT EXISTS "rm_staff" ("telegram_id" text NOT NULL, "full_name" text NOT NULL, "username" text, "role" text, "categories" text[] NOT NULL, "status" text NOT NULL, "reachable" boolean NOT NULL, "registered_at" timestamptz, "approved_at" timestamptz, "updated_at" timestamptz NOT NULL, CONSTRAINT "rm_staff_pkey" PRIMARY KEY ("telegram_id"));

CREATE INDEX IF NOT EXISTS "rm_staff_role_idx" ON "rm_staff" (role, status);

CREATE INDEX IF NOT EXISTS "rm_staff_name_idx" ON "rm_staff" (lower(full_name));
`,
};
