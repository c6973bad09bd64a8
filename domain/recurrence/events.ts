// Recurring order events (stream `recurrence-<id>`): a schedule a deputy, the director or an admin keeps, and
// the fact of each occurrence (its tasks) or of an occurrence that could not be issued.
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import { humanNumberSchema, isoTimeSchema, optionalTextSchema, telegramIdSchema, textSchema } from '../shared/values.js';
import { recurrenceScheduleSchema } from './schedule.js';

/** Short latin id: it travels in buttons (at most 24 characters there). */
export const recurrenceIdSchema = z.string().regex(/^[a-z0-9]{6,20}$/, 'a recurrence id');
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
/** Who gets a task at each occurrence: one person today; an order to many plugs in here. */
export const RECIPIENTS_MAX = 200;
const recipientsSchema = z.array(telegramIdSchema).min(1).max(RECIPIENTS_MAX);

export const recurrenceCreatedSchema = z.object({
  recurrenceId: recurrenceIdSchema,
  issuerId: telegramIdSchema,
  assigneeIds: recipientsSchema,
  title: textSchema,
  description: optionalTextSchema,
  schedule: recurrenceScheduleSchema,
  createdAt: isoTimeSchema,
});

const byWhomAt = { recurrenceId: recurrenceIdSchema, issuerId: telegramIdSchema, by: telegramIdSchema, at: isoTimeSchema };
export const recurrencePausedSchema = z.object(byWhomAt);
export const recurrenceResumedSchema = z.object(byWhomAt);
export const recurrenceStoppedSchema = z.object(byWhomAt);

/** The schedule's values after the change (all of them, so a reader needs no earlier event). */
export const recurrenceChangedSchema = z.object({
  ...byWhomAt,
  assigneeIds: recipientsSchema,
  title: textSchema,
  schedule: recurrenceScheduleSchema,
});

/** An occurrence was issued: its tasks exist (one per recipient). */
export const recurrenceOccurredSchema = z.object({
  recurrenceId: recurrenceIdSchema,
  issuerId: telegramIdSchema,
  /** The date the schedule names: the occurrence's identity. */
  nominalDate: dateSchema,
  /** The school day it happened on (later than the nominal date when moved past a day off). */
  date: dateSchema,
  deadline: isoTimeSchema,
  taskNumbers: z.array(humanNumberSchema).min(1),
  occurredAt: isoTimeSchema,
});

/**
 * An occurrence was not issued: the scheduler came too late (its deadline had passed, e.g. after a long
 * downtime) or the task was refused (the issuer is no longer a manager, the assignee left).
 */
export const recurrenceOccurrenceMissedSchema = z.object({
  recurrenceId: recurrenceIdSchema,
  issuerId: telegramIdSchema,
  nominalDate: dateSchema,
  date: dateSchema,
  reason: z.enum(['deadline_passed', 'refused']),
  detectedAt: isoTimeSchema,
});

export const recurrenceEventSchemas = {
  RecurrenceCreated: recurrenceCreatedSchema,
  RecurrencePaused: recurrencePausedSchema,
  RecurrenceResumed: recurrenceResumedSchema,
  RecurrenceChanged: recurrenceChangedSchema,
  RecurrenceStopped: recurrenceStoppedSchema,
  RecurrenceOccurred: recurrenceOccurredSchema,
  RecurrenceOccurrenceMissed: recurrenceOccurrenceMissedSchema,
} as const;

export type RecurrenceEventType = keyof typeof recurrenceEventSchemas;

export const recurrenceEventSchemaVersions: Readonly<Record<RecurrenceEventType, number>> = {
  RecurrenceCreated: 1,
  RecurrencePaused: 1,
  RecurrenceResumed: 1,
  RecurrenceChanged: 1,
  RecurrenceStopped: 1,
  RecurrenceOccurred: 1,
  RecurrenceOccurrenceMissed: 1,
};

export type RecurrenceEventOf<T extends RecurrenceEventType> = DomainEvent<T, z.infer<(typeof recurrenceEventSchemas)[T]>>;
export type RecurrenceEvent = { [T in RecurrenceEventType]: RecurrenceEventOf<T> }[RecurrenceEventType];

export const RECURRENCE_EVENT_TYPES = Object.keys(recurrenceEventSchemas) as RecurrenceEventType[];
