// Task commands as the adapters call them: (who, input naming the task, request) → result with its number.
import type { CommandMetadata, Photo, TaskCommand, TaskEvent } from '../../domain/index.js';
import { TASK_NUMBERS_STREAM, initialTaskState, taskStreamName } from '../../domain/index.js';
import { taskAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { NumberKind } from '../numbering.js';
import { findReservation, reserveNumber } from '../numbering.js';
import type { Person, Scheduler } from '../people.js';
import type { CommandContext, NumberedResult, RequestMeta, Who } from './context.js';
import { withNumber } from './context.js';

export interface AssignTaskInput {
  readonly assigneeId: string;
  readonly title: string;
  readonly description?: string;
  /** ISO 8601 (the adapter has read the Russian phrase in SCHOOL_TIMEZONE and had it confirmed). */
  readonly deadline: string;
}

/** Names the task a command acts on. */
export interface TaskRef {
  readonly number: number;
}

type Result = Promise<NumberedResult<TaskEvent>>;

export const TASK_NUMBERS: NumberKind = {
  counterStream: TASK_NUMBERS_STREAM,
  eventType: 'TaskNumberReserved',
  streamNameFor: taskStreamName,
};

export function taskCommands(ctx: CommandContext) {
  async function onTask(
    who: Who,
    number: number,
    request: RequestMeta,
    build: (metadata: CommandMetadata) => TaskCommand,
  ): Result {
    const prepared = ctx.acting(who, request);
    if (!prepared.ok) return prepared.result;
    return withNumber(await ctx.handle(taskAggregate, taskStreamName(number), build(prepared.metadata)), number);
  }

  return {
    /** Reserves the next task number (only once the command would be accepted), then assigns `task-<n>`. */
    async assignTask(who: Person, input: AssignTaskInput, request: RequestMeta): Result {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const { metadata } = prepared;
      // The assignee is another party: read from their own Staff stream.
      const assignee = await loadAssignee(ctx.store, input.assigneeId, ctx.adminIds);
      const draft = (number: number): TaskCommand => ({
        type: 'AssignTask',
        data: { number, assignee, title: input.title, description: input.description ?? '', deadline: input.deadline },
        metadata,
      });
      // As for tickets: a retry reuses its number; a new command must pass a dry run before reserving one.
      const earlier = await findReservation(ctx.store, TASK_NUMBERS, metadata.commandId);
      if (earlier === undefined) {
        const dryRun = taskAggregate.decide(draft(1), initialTaskState);
        if (!dryRun.ok) return dryRun;
      }
      const { number, fresh } = earlier !== undefined ? { number: earlier, fresh: false } : await reserveNumber(ctx.store, TASK_NUMBERS, metadata);
      return withNumber(await ctx.handle(taskAggregate, taskStreamName(number), draft(number), { expectNewStream: fresh }), number);
    },
    acceptTask: (who: Person, { number }: TaskRef, request: RequestMeta): Result =>
      onTask(who, number, request, (metadata) => ({ type: 'AcceptTask', data: {}, metadata })),
    extendDeadline: (
      who: Person,
      { number, newDeadline, reason }: TaskRef & { newDeadline: string; reason: string },
      request: RequestMeta,
    ): Result => onTask(who, number, request, (metadata) => ({ type: 'ExtendDeadline', data: { newDeadline, reason }, metadata })),
    completeTask: (
      who: Person,
      { number, report, photo }: TaskRef & { report: string; photo?: Photo | null },
      request: RequestMeta,
    ): Result =>
      onTask(who, number, request, (metadata) => ({
        type: 'CompleteTask',
        data: { report, photo: photo ?? null },
        metadata,
      })),
    approveTask: (who: Person, { number }: TaskRef, request: RequestMeta): Result =>
      onTask(who, number, request, (metadata) => ({ type: 'ApproveTask', data: {}, metadata })),
    returnTask: (who: Person, { number, reason }: TaskRef & { reason: string }, request: RequestMeta): Result =>
      onTask(who, number, request, (metadata) => ({ type: 'ReturnTask', data: { reason }, metadata })),
    cancelTask: (who: Person, { number, reason }: TaskRef & { reason: string }, request: RequestMeta): Result =>
      onTask(who, number, request, (metadata) => ({ type: 'CancelTask', data: { reason }, metadata })),
    /** The deadline watcher: refused with `deadline_not_passed` / `already_recorded` when there is nothing to record. */
    markDeadlineMissed: (who: Scheduler, { number }: TaskRef, request: RequestMeta): Result =>
      onTask(who, number, request, (metadata) => ({ type: 'MarkDeadlineMissed', data: {}, metadata })),
    /** The SLA watcher: the director hears of a missed deadline still not done (once per deadline). */
    escalateTask: (who: Scheduler, { number, deadline, notified }: TaskRef & { deadline: string; notified: readonly string[] }, request: RequestMeta): Result =>
      onTask(who, number, request, (metadata) => ({ type: 'EscalateTask', data: { deadline, notified }, metadata })),
  };
}

export type TaskCommands = ReturnType<typeof taskCommands>;
