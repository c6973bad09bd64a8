// Staff commands. The target person is the stream (`staff-<telegramId>`); the actor is in metadata.
import type { Command } from '../shared/command.js';
import type { Role } from '../shared/values.js';
import type { TelegramProfile } from './events.js';

export type RegisterStaff = Command<
  'RegisterStaff',
  {
    telegramId: string;
    fullName: string;
    username: string | null;
    /** What Telegram says of the account (names, language, premium), kept for the admins' request message. */
    telegram?: TelegramProfile;
    /** The application sets this for ids listed in ADMIN_TELEGRAM_IDS: they are approved as admins at once. */
    bootstrapAdmin: boolean;
  }
>;
/** `pendingOnly`: from a request's buttons, refused once anyone decided it (never approves someone turned down meanwhile). */
export type ApproveStaff = Command<'ApproveStaff', { role: Role; categories: readonly string[]; pendingOnly?: boolean }>;
export type ChangeStaffRole = Command<'ChangeStaffRole', { role: Role; categories: readonly string[] }>;
/** `pendingOnly`: a request for access turned down, refused once anyone decided it (never deactivates someone approved meanwhile). */
export type DeactivateStaff = Command<'DeactivateStaff', { reason: string; pendingOnly?: boolean }>;
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
