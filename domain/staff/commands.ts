// Staff commands. The target person is the stream (`staff-<telegramId>`); the actor is in metadata.
import type { Command } from '../shared/command.js';
import type { Role } from '../shared/values.js';

export type RegisterStaff = Command<
  'RegisterStaff',
  {
    telegramId: string;
    fullName: string;
    username: string | null;
    /** The application sets this for ids listed in ADMIN_TELEGRAM_IDS: they are approved as admins at once. */
    bootstrapAdmin: boolean;
  }
>;
export type ApproveStaff = Command<'ApproveStaff', { role: Role; categories: readonly string[] }>;
export type ChangeStaffRole = Command<'ChangeStaffRole', { role: Role; categories: readonly string[] }>;
export type DeactivateStaff = Command<'DeactivateStaff', { reason: string }>;
export type ReactivateStaff = Command<'ReactivateStaff', Record<string, never>>;
/** Telegram answered 403 (blocked): sent by the notifier under the system actor. */
export type MarkStaffUnreachable = Command<'MarkStaffUnreachable', { reason: string }>;
/** They wrote to the bot again (the system actor or the person themselves). */
export type MarkStaffReachable = Command<'MarkStaffReachable', Record<string, never>>;

/** An admin sets the categories a person leads (the escalation ladder's first step). */
export type SetStaffLeads = Command<'SetStaffLeads', { categories: readonly string[] }>;

export type StaffCommand =
  | RegisterStaff
  | ApproveStaff
  | ChangeStaffRole
  | DeactivateStaff
  | ReactivateStaff
  | MarkStaffUnreachable
  | MarkStaffReachable
  | SetStaffLeads;
