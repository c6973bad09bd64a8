// The outbox carries replies as well as notices (two lanes, replies first), holds notices for a person who
// blocked the bot until they write again, and remembers the Telegram message ids a row became (so a card in
// the technicians' group can be edited later).
import type { Migration } from './migration.js';

export const deliveryLanesMigration: Migration = {
  id: '0200_delivery_lanes',
  sql: `
ALTER TABLE notification_outbox ADD COLUMN IF NOT EXISTS lane text NOT NULL DEFAULT 'notice';
ALTER TABLE notification_outbox ADD COLUMN IF NOT EXISTS held_at timestamptz;
ALTER TABLE notification_outbox ADD COLUMN IF NOT EXISTS message_ids jsonb;

CREATE INDEX IF NOT EXISTS notification_outbox_lane_due_idx ON notification_outbox (lane, not_before)
  WHERE sent_at IS NULL AND dropped_at IS NULL AND held_at IS NULL;
CREATE INDEX IF NOT EXISTS notification_outbox_held_idx ON notification_outbox (recipient)
  WHERE held_at IS NOT NULL AND sent_at IS NULL AND dropped_at IS NULL;
`,
};
