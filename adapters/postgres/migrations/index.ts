// Every schema migration of SchoolBot, in apply order. Add yours at the end of your area's range:
// event store 0001–0099, read models 0100–0199, Telegram/outbox 0200–0299 (see migration.ts).
import type { Migration } from './migration.js';
import { eventStoreMigration } from './0001_event_store.js';
import { readModelsMigration } from './0100_read_models.js';
import { autoCloseScheduleMigration } from './0101_auto_close_schedule.js';
import { roomsMigration } from './0110_rooms.js';
import { ticketPhotosMigration } from './0120_ticket_photos.js';
import { searchMigration } from './0160_search.js';
import { slaMigration } from './0130_sla.js';
import { deliveryLanesMigration } from './0200_delivery_lanes.js';
import { ticketRatingsMigration } from './0140_ticket_ratings.js';
import { waitingWatchMigration } from './0141_waiting_watch.js';
import { recurrencesMigration } from './0180_recurrences.js';
import { ticketFollowersMigration } from './0161_ticket_followers.js';
import { roomTicketsMigration } from './0111_room_tickets.js';
import { groupsAndOrdersMigration } from './0170_groups_and_orders.js';

export type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [
  eventStoreMigration,
  readModelsMigration,
  autoCloseScheduleMigration,
  roomsMigration,
  roomTicketsMigration,
  ticketPhotosMigration,
  slaMigration,
  ticketRatingsMigration,
  waitingWatchMigration,
  searchMigration,
  ticketFollowersMigration,
  groupsAndOrdersMigration,
  recurrencesMigration,
  deliveryLanesMigration,
];
