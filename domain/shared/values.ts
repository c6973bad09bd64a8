// Value types shared by every aggregate, each with its zod schema so events and commands validate alike.
import { z } from 'zod';

export const ROLES = ['teacher', 'technician', 'deputy', 'director', 'auditor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles that may issue tasks and assign tickets (deputy and up). */
export const MANAGER_ROLES: readonly Role[] = ['deputy', 'director', 'admin'];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

/** The default ticket categories; a school may configure more, so events accept any slug. */
export const DEFAULT_CATEGORIES = ['it', 'equipment', 'maintenance', 'cleaning', 'safety', 'other'] as const;
export const categorySchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a lower-case category slug');
export type Category = z.infer<typeof categorySchema>;

export const SOURCES = ['telegram', 'cli', 'http', 'scheduler'] as const;
export const sourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof sourceSchema>;

/** Telegram user ids, kept as decimal strings (they exceed 2^31 and are never used for arithmetic). */
export const telegramIdSchema = z.string().regex(/^[1-9]\d{0,19}$/, 'a Telegram user id');

/** The scheduler (deadline watcher, auto-close) acts under this id. */
export const SYSTEM_ACTOR_ID = 'system';
/** Configuration (ADMIN_TELEGRAM_IDS) approves bootstrap admins under this id. */
export const CONFIG_ACTOR_ID = 'config';
export const actorIdSchema = z.union([telegramIdSchema, z.literal(SYSTEM_ACTOR_ID), z.literal(CONFIG_ACTOR_ID)]);

/** Human numbers (№124): 1, 2, 3 … per kind, unique forever. */
export const humanNumberSchema = z.number().int().positive();

export const isoTimeSchema = z.iso.datetime({ offset: true });

/** A Telegram photo: `file_id` to resend it, `file_unique_id` to recognise it across bots. */
export const photoSchema = z.object({
  fileId: z.string().min(1).max(512),
  fileUniqueId: z.string().min(1).max(128),
});
export type Photo = z.infer<typeof photoSchema>;

// What a person may type now: the deciders refuse more. An adapter that checks input before sending a command
// imports these rather than keeping a copy.
/** A description, a comment, a resolution, a report or a reason. */
export const TEXT_MAX = 4000;
export const TITLE_MAX = 200;
export const NAME_MAX = 100;
export const LOCATION_MAX = 200;
export const PHOTOS_MAX = 10;

/**
 * The bound stored text (any text field of any event) is validated against when it is read back; today
 * five times TEXT_MAX. A literal, not derived from TEXT_MAX: stored events were validated against it, so it
 * may grow but must never shrink, whatever later happens to TEXT_MAX.
 */
export const STORED_TEXT_MAX = 20_000;

/** Stored text: never empty; bounded by STORED_TEXT_MAX, so a stricter input rule never invalidates history. */
export const textSchema = z.string().min(1).max(STORED_TEXT_MAX);
export const optionalTextSchema = z.string().max(STORED_TEXT_MAX);
