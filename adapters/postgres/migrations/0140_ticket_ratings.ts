// The tickets read model keeps the author's rating of the last rated resolution (projections/tickets.ts,
// version 3; issue 14, item 6). The columns are added here so that an installation whose table was created
// before can be projected into at once; the version bump then rebuilds the table from the log.
import type { Migration } from './migration.js';

export const ticketRatingsMigration: Migration = {
  id: '0140_ticket_ratings',
  sql: `
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS rating int;
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS rating_comment text;
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS rated_at timestamptz;
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS rated_resolver text;
`,
};
