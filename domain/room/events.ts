// Room events. A room is identified by its number, a short ASCII slug that fits a deep link (`204`, `1a`,
// `sportzal`); the stream is `room-<number>`. Rooms are data admins keep: a QR poster per room opens a ticket
// with the room filled in.
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import { actorIdSchema, categorySchema, isoTimeSchema, optionalTextSchema } from '../shared/values.js';

/**
 * Lower-case latin letters, digits, `-` and `_`, starting with a letter or a digit: a Telegram deep link
 * (`?start=room_<number>`) carries only `[A-Za-z0-9_-]`, at most 64 characters, and the bot's buttons carry
 * the number as an argument of at most 24.
 */
export const ROOM_NUMBER_MAX = 24;
export const roomNumberSchema = z
  .string()
  .regex(new RegExp(`^[a-z0-9][a-z0-9_-]{0,${ROOM_NUMBER_MAX - 1}}$`), 'a room number: latin letters, digits, - and _');

/** A floor as people count them (0 or below for a basement); null when the school did not say. */
export const FLOOR_MIN = -5;
export const FLOOR_MAX = 50;
export const floorSchema = z.number().int().min(FLOOR_MIN).max(FLOOR_MAX).nullable();

const roomFields = {
  number: roomNumberSchema,
  /** "Кабинет информатики", "Спортзал"; empty when the number says it all. */
  name: optionalTextSchema,
  floor: floorSchema,
  /** The category a ticket from this room's poster gets. */
  category: categorySchema,
};

export const roomDefinedSchema = z.object({
  ...roomFields,
  /** An admin's id, or 'config' for the operator at the command line. */
  definedBy: actorIdSchema,
  definedAt: isoTimeSchema,
});

/** The room's values after the change (all of them, so a reader needs no earlier event). */
export const roomChangedSchema = z.object({
  ...roomFields,
  changedBy: actorIdSchema,
  changedAt: isoTimeSchema,
});

export const roomEventSchemas = {
  RoomDefined: roomDefinedSchema,
  RoomChanged: roomChangedSchema,
} as const;

export type RoomEventType = keyof typeof roomEventSchemas;

export const roomEventSchemaVersions: Readonly<Record<RoomEventType, number>> = {
  RoomDefined: 1,
  RoomChanged: 1,
};

export type RoomEventOf<T extends RoomEventType> = DomainEvent<T, z.infer<(typeof roomEventSchemas)[T]>>;
export type RoomEvent = { [T in RoomEventType]: RoomEventOf<T> }[RoomEventType];

export const ROOM_EVENT_TYPES = Object.keys(roomEventSchemas) as RoomEventType[];
