// Task events: past-tense facts carrying what read models, KPI and reminders need without other streams.
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import {
  actorIdSchema,
  humanNumberSchema,
  isoTimeSchema,
  optionalTextSchema,
  photoSchema,
  telegramIdSchema,
  textSchema,
} from '../shared/values.js';

export const taskAssignedSchema = z.object({
  number: humanNumberSchema,
  issuerId: telegramIdSchema,
  assigneeId: telegramIdSchema,
  title: textSchema,
  description: optionalTextSchema,
  deadline: isoTimeSchema,
  assignedAt: isoTimeSchema,
  /** The order to many this task is one recipient's part of (domain/order). Absent: a task of its own. */
  orderId: z.string().min(1).optional(),
});

export const taskAcceptedSchema = z.object({
  number: humanNumberSchema,
  assigneeId: telegramIdSchema,
  acceptedAt: isoTimeSchema,
  /** Who issued it, to tell them it was accepted. Absent in events written before 2026-12-03. */
  issuerId: telegramIdSchema.optional(),
  /** The order to many the task is part of (its issuer hears on the order's card). Absent: a task of its own. */
  orderId: z.string().min(1).optional(),
});

export const taskDeadlineExtendedSchema = z.object({
  number: humanNumberSchema,
  previousDeadline: isoTimeSchema,
  newDeadline: isoTimeSchema,
  reason: textSchema,
  extendedBy: telegramIdSchema,
  extendedAt: isoTimeSchema,
  assigneeId: telegramIdSchema,
  /** The previous deadline had already passed: the task stays late in the KPI whatever happens next. */
  previousDeadlineMissed: z.boolean(),
  /** Who issued it, to tell them when somebody else (an admin) moved it. Absent before 2026-12-03. */
  issuerId: telegramIdSchema.optional(),
});

export const taskCompletedSchema = z.object({
  number: humanNumberSchema,
  assigneeId: telegramIdSchema,
  issuerId: telegramIdSchema,
  report: textSchema,
  photo: photoSchema.nullable(),
  completedAt: isoTimeSchema,
  deadline: isoTimeSchema,
  /** Completed after the deadline, or some deadline of this task was missed before. */
  late: z.boolean(),
  /** The order to many the task is part of (its issuer hears on the order's card). Absent: a task of its own. */
  orderId: z.string().min(1).optional(),
});

export const taskApprovedSchema = z.object({
  number: humanNumberSchema,
  approvedBy: telegramIdSchema,
  assigneeId: telegramIdSchema,
  approvedAt: isoTimeSchema,
  completedAt: isoTimeSchema,
  deadline: isoTimeSchema,
  /** The KPI verdict: completed before the deadline and no deadline of this task was ever missed. */
  onTime: z.boolean(),
});

export const taskReturnedSchema = z.object({
  number: humanNumberSchema,
  returnedBy: telegramIdSchema,
  assigneeId: telegramIdSchema,
  reason: textSchema,
  returnedAt: isoTimeSchema,
});

export const taskCancelledSchema = z.object({
  number: humanNumberSchema,
  cancelledBy: telegramIdSchema,
  assigneeId: telegramIdSchema,
  reason: textSchema,
  from: z.enum(['assigned', 'accepted']),
  cancelledAt: isoTimeSchema,
  /** Who issued it, to tell them when somebody else (an admin) cancelled it. Absent before 2026-12-03. */
  issuerId: telegramIdSchema.optional(),
  /** The order to many the task is part of (its issuer hears on the order's card). Absent: a task of its own. */
  orderId: z.string().min(1).optional(),
});

export const taskDeadlineMissedSchema = z.object({
  number: humanNumberSchema,
  /** The deadline that passed (one event per deadline). */
  deadline: isoTimeSchema,
  assigneeId: telegramIdSchema,
  issuerId: telegramIdSchema,
  title: textSchema,
  detectedAt: isoTimeSchema,
  detectedBy: actorIdSchema,
  /** The order to many the task is part of (its issuer hears on the order's card). Absent: a task of its own. */
  orderId: z.string().min(1).optional(),
});

/**
 * The next step of the ladder after TaskDeadlineMissed: the task is still not completed TASK_ESCALATE_AFTER
 * (school time) after its missed deadline, and the director(s) are told. Once per deadline; nothing undoes it.
 */
export const taskEscalatedSchema = z.object({
  number: humanNumberSchema,
  /** The missed deadline this step follows. */
  deadline: isoTimeSchema,
  assigneeId: telegramIdSchema,
  issuerId: telegramIdSchema,
  title: textSchema,
  /** Who was told. */
  notified: z.array(telegramIdSchema),
  escalatedAt: isoTimeSchema,
});

export const taskEventSchemas = {
  TaskAssigned: taskAssignedSchema,
  TaskAccepted: taskAcceptedSchema,
  TaskDeadlineExtended: taskDeadlineExtendedSchema,
  TaskCompleted: taskCompletedSchema,
  TaskApproved: taskApprovedSchema,
  TaskReturned: taskReturnedSchema,
  TaskCancelled: taskCancelledSchema,
  TaskDeadlineMissed: taskDeadlineMissedSchema,
  TaskEscalated: taskEscalatedSchema,
} as const;

export type TaskEventType = keyof typeof taskEventSchemas;

export const taskEventSchemaVersions: Readonly<Record<TaskEventType, number>> = {
  TaskAssigned: 1,
  TaskAccepted: 1,
  TaskDeadlineExtended: 1,
  TaskCompleted: 1,
  TaskApproved: 1,
  TaskReturned: 1,
  TaskCancelled: 1,
  TaskDeadlineMissed: 1,
  TaskEscalated: 1,
};

export type TaskEventOf<T extends TaskEventType> = DomainEvent<T, z.infer<(typeof taskEventSchemas)[T]>>;
export type TaskEvent = { [T in TaskEventType]: TaskEventOf<T> }[TaskEventType];

export const TASK_EVENT_TYPES = Object.keys(taskEventSchemas) as TaskEventType[];
