// Staff groups and orders to many (issue 15, items 1 and 2): the read models of projections/staffGroups.ts and
// projections/orders.ts (version 1 each).
import type { Migration } from './migration.js';

export const groupsAndOrdersMigration: Migration = {
  id: '0170_groups_and_orders',
  sql: `
CREATE TABLE IF NOT EXISTS "rm_staff_groups" ("group_id" text NOT NULL, "name" text NOT NULL, "members" text[] NOT NULL, "removed" boolean NOT NULL, "defined_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, CONSTRAINT "rm_staff_groups_pkey" PRIMARY KEY ("group_id"));

CREATE INDEX IF NOT EXISTS "rm_staff_groups_name_idx" ON "rm_staff_groups" (removed, lower(name));

CREATE TABLE IF NOT EXISTS "rm_orders" ("order_id" text NOT NULL, "issuer_id" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "deadline" timestamptz NOT NULL, "target_kind" text NOT NULL, "target_label" text NOT NULL, "task_numbers" int[] NOT NULL, "assignee_ids" text[] NOT NULL, "status" text NOT NULL, "issued_at" timestamptz NOT NULL, "cancelled_at" timestamptz, "reminded_at" timestamptz, "reminders" int NOT NULL, "updated_at" timestamptz NOT NULL, CONSTRAINT "rm_orders_pkey" PRIMARY KEY ("order_id"));

CREATE INDEX IF NOT EXISTS "rm_orders_issuer_idx" ON "rm_orders" (issuer_id, issued_at);

`,
};
