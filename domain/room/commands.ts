// Room commands. The room is the stream (`room-<number>`); the actor is in metadata.
import type { Command } from '../shared/command.js';

export interface RoomValues {
  number: string;
  name: string;
  floor: number | null;
  category: string;
}

/**
 * Defines a room, or brings an existing one to these values (an import of the school's list): the same
 * values again append nothing.
 */
export type DefineRoom = Command<'DefineRoom', RoomValues>;
/** Changes some of an existing room's values (rename, another floor or default category). */
export type ChangeRoom = Command<'ChangeRoom', { name?: string; floor?: number | null; category?: string }>;

export type RoomCommand = DefineRoom | ChangeRoom;
