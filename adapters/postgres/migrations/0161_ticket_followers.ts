// The tickets read model counts a ticket's followers and names the ticket it was merged into
// (projections/tickets.ts, version 4; issue 15, item 6). The columns are added here so that an installation
// whose table was created before can be projected into at once; the version bump then rebuilds the table.
import type { Migration } from './migration.js';

export const ticketFollowersMigration: Migration = {
  id: '0161_ticket_followers',
  sql: `
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS follower_count int NOT NULL DEFAULT 0;
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS merged_into int;
`,
};
