// Rooms have a history (issue 15, item 5): the room of each ticket (projections/roomTickets.ts, version 1), and
// the repeat-problem watch of its reaction (application/reactions/repeatProblems.ts): the tickets it has seen by
// room and category, and the notices it recorded (at most one per room and category in 30 days).
import type { Migration } from './migration.js';

export const roomTicketsMigration: Migration = {
  id: '0111_room_tickets',
  sql: `
CREATE TABLE IF NOT EXISTS "rm_room_tickets" ("number" int NOT NULL, "room" text, "category" text NOT NULL, "opened_at" timestamptz NOT NULL, CONSTRAINT "rm_room_tickets_pkey" PRIMARY KEY ("number"));

CREATE INDEX IF NOT EXISTS "rm_room_tickets_room_idx" ON "rm_room_tickets" (room, opened_at DESC, number DESC);

CREATE TABLE IF NOT EXISTS repeat_watch_tickets (
  ticket_number int PRIMARY KEY,
  room text NOT NULL,
  category text NOT NULL,
  opened_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS repeat_watch_tickets_room_idx ON repeat_watch_tickets (room, category, opened_at);

CREATE TABLE IF NOT EXISTS repeat_watch_notices (
  ticket_number int PRIMARY KEY,
  room text NOT NULL,
  category text NOT NULL,
  noticed_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS repeat_watch_notices_room_idx ON repeat_watch_notices (room, category, noticed_at);
`,
};
