// Staff events. A person is identified by their Telegram user id; the stream is `staff-<telegramId>`.
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import {
  actorIdSchema,
  categorySchema,
  isoTimeSchema,
  optionalTextSchema,
  roleSchema,
  telegramIdSchema,
  textSchema,
} from '../shared/values.js';

/**
 * What Telegram said about the account when it asked for access (the admins' request message shows it beside
 * the name the person typed). Telegram gives no creation date; the user id itself hints at the account's age.
 */
export const telegramProfileSchema = z.object({
  firstName: z.string().max(256).optional(),
  lastName: z.string().max(256).optional(),
  languageCode: z.string().max(35).optional(),
  isPremium: z.boolean().optional(),
});
export type TelegramProfile = z.infer<typeof telegramProfileSchema>;

export const staffRegisteredSchema = z.object({
  telegramId: telegramIdSchema,
  fullName: textSchema,
  /** The Telegram @username at registration, if any (for the admin's approval message). */
  username: z.string().max(64).nullable(),
  /** Recorded since 2026-12-03; older events carry none (the request message then shows the id and @username only). */
  telegram: telegramProfileSchema.optional(),
  registeredAt: isoTimeSchema,
});

export const staffApprovedSchema = z.object({
  telegramId: telegramIdSchema,
  fullName: textSchema,
  role: roleSchema,
  /** For technicians: the ticket categories they work on; empty means all. */
  categories: z.array(categorySchema),
  /** An admin's id, or 'config' for a bootstrap admin from ADMIN_TELEGRAM_IDS. */
  approvedBy: actorIdSchema,
  approvedAt: isoTimeSchema,
});

export const staffRoleChangedSchema = z.object({
  telegramId: telegramIdSchema,
  from: roleSchema,
  to: roleSchema,
  categories: z.array(categorySchema),
  changedBy: telegramIdSchema,
  changedAt: isoTimeSchema,
});

export const staffDeactivatedSchema = z.object({
  telegramId: telegramIdSchema,
  deactivatedBy: telegramIdSchema,
  reason: optionalTextSchema,
  /** True when a pending registration was turned down. */
  wasPending: z.boolean(),
  deactivatedAt: isoTimeSchema,
});

export const staffReactivatedSchema = z.object({
  telegramId: telegramIdSchema,
  reactivatedBy: telegramIdSchema,
  role: roleSchema,
  reactivatedAt: isoTimeSchema,
});

/** Telegram refused to deliver to them (403: blocked the bot): reminders stop until they write again. */
export const staffUnreachableSchema = z.object({
  telegramId: telegramIdSchema,
  reason: optionalTextSchema,
  detectedAt: isoTimeSchema,
});

export const staffReachableSchema = z.object({
  telegramId: telegramIdSchema,
  detectedAt: isoTimeSchema,
});

/**
 * The categories a person leads (a deputy, a head of maintenance or IT), set by an admin: they hear of the
 * tickets of these categories nobody took in time (the escalation ladder). Empty: no longer a lead.
 */
export const staffLeadsChangedSchema = z.object({
  telegramId: telegramIdSchema,
  categories: z.array(categorySchema),
  changedBy: telegramIdSchema,
  changedAt: isoTimeSchema,
});

export const staffEventSchemas = {
  StaffRegistered: staffRegisteredSchema,
  StaffApproved: staffApprovedSchema,
  StaffRoleChanged: staffRoleChangedSchema,
  StaffDeactivated: staffDeactivatedSchema,
  StaffReactivated: staffReactivatedSchema,
  StaffUnreachable: staffUnreachableSchema,
  StaffReachable: staffReachableSchema,
  StaffLeadsChanged: staffLeadsChangedSchema,
} as const;

export type StaffEventType = keyof typeof staffEventSchemas;

export const staffEventSchemaVersions: Readonly<Record<StaffEventType, number>> = {
  StaffRegistered: 1,
  StaffApproved: 1,
  StaffRoleChanged: 1,
  StaffDeactivated: 1,
  StaffReactivated: 1,
  StaffUnreachable: 1,
  StaffReachable: 1,
  StaffLeadsChanged: 1,
};

export type StaffEventOf<T extends StaffEventType> = DomainEvent<T, z.infer<(typeof staffEventSchemas)[T]>>;
export type StaffEvent = { [T in StaffEventType]: StaffEventOf<T> }[StaffEventType];

export const STAFF_EVENT_TYPES = Object.keys(staffEventSchemas) as StaffEventType[];
