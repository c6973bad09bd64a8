// The tickets read model keeps the photos a ticket was opened with (projections/tickets.ts, version 2). The
// column is added here so that an installation whose table was created by 0100 can be projected into at once;
// the version bump then rebuilds the table from the log, which fills it for tickets opened before.
import type { Migration } from './migration.js';

export const ticketPhotosMigration: Migration = {
  id: '0120_ticket_photos',
  sql: `
ALTER TABLE rm_tickets ADD COLUMN IF NOT EXISTS photo_ids jsonb NOT NULL DEFAULT '[]'::jsonb;
`,
};
