// The rooms read model (projections/rooms.ts, version 1). Later shapes arrive by a projector version bump and a
// rebuild, not by editing this.
import type { Migration } from './migration.js';

export const roomsMigration: Migration = {
  id: '0110_rooms',
  sql: `
CREATE TABLE IF NOT EXISTS "rm_rooms" ("number" text NOT NULL, "name" text NOT NULL, "floor" int, "category" text NOT NULL, "defined_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, CONSTRAINT "rm_rooms_pkey" PRIMARY KEY ("number"));

CREATE INDEX IF NOT EXISTS "rm_rooms_floor_idx" ON "rm_rooms" (floor, number);
`,
};
