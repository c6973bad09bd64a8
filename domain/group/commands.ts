// Staff group commands. The group is the stream (`group-<groupId>`); the actor is in metadata.
import type { Command } from '../shared/command.js';

/** `groupId` is derived by the application from the command id, so a retry defines the same group. */
export type DefineStaffGroup = Command<'DefineStaffGroup', { groupId: string; name: string }>;
export type RenameStaffGroup = Command<'RenameStaffGroup', { name: string }>;
/** Adds and removes people (Telegram ids); the application has checked that those added are active staff. */
export type ChangeStaffGroupMembers = Command<'ChangeStaffGroupMembers', { add: readonly string[]; remove: readonly string[] }>;
export type RemoveStaffGroup = Command<'RemoveStaffGroup', Record<string, never>>;

export type GroupCommand = DefineStaffGroup | RenameStaffGroup | ChangeStaffGroupMembers | RemoveStaffGroup;
