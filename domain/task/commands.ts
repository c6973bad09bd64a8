// Task commands. The actor, the time and the command id travel in metadata (shared/command.ts).
import type { AssigneeSnapshot } from '../shared/guards.js';
import type { Command } from '../shared/command.js';
import type { Photo } from '../shared/values.js';

export type AssignTask = Command<
  'AssignTask',
  {
    /** Reserved by the application in the `numbers-task` stream before deciding. */
    number: number;
    /** Loaded by the application from the Staff stream. */
    assignee: AssigneeSnapshot;
    title: string;
    description: string;
    /** ISO 8601; the adapter has already read the Russian phrase in the school's time zone. */
    deadline: string;
    /** Set when the task is one recipient's part of an order to many. */
    orderId?: string;
  }
>;
export type AcceptTask = Command<'AcceptTask', Record<string, never>>;
export type ExtendDeadline = Command<'ExtendDeadline', { newDeadline: string; reason: string }>;
export type CompleteTask = Command<'CompleteTask', { report: string; photo: Photo | null }>;
export type ApproveTask = Command<'ApproveTask', Record<string, never>>;
export type ReturnTask = Command<'ReturnTask', { reason: string }>;
export type CancelTask = Command<'CancelTask', { reason: string }>;
/** The deadline watcher's command (system actor). */
export type MarkDeadlineMissed = Command<'MarkDeadlineMissed', Record<string, never>>;

/** The SLA watcher's next step after a missed deadline (system actor): `notified` is who the application tells. */
export type EscalateTask = Command<'EscalateTask', { deadline: string; notified: readonly string[] }>;

export type TaskCommand =
  | AssignTask
  | AcceptTask
  | ExtendDeadline
  | CompleteTask
  | ApproveTask
  | ReturnTask
  | CancelTask
  | MarkDeadlineMissed
  | EscalateTask;
