// Task commands as the adapters call them: (actorId, task number, input, request meta) → CommandResult.
import type { CommandMetadata, Photo, TaskCommand, TaskEvent } from '../../domain/index.js';
import { TASK_NUMBERS_STREAM, initialTaskState, taskStreamName } from '../../domain/index.js';
import { taskAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { CommandResult } from '../commandHandler.js';
import type { NumberKind } from '../numbering.js';
import { findReservation, reserveNumber } from '../numbering.js';
import type { ActingAs, CommandContext, RequestMeta } from './context.js';
import { AS_SCHEDULER, withNumber } from './context.js';

export interface AssignTaskInput {
  readonly assigneeId: string;
  readonly title: string;
  readonly description?: string;
  /** ISO 8601 (the adapter has read the Russian phrase in SCHOOL_TIMEZONE and had it confirmed). */
  readonly deadline: string;
}

type Result = Promise<CommandResult<TaskEvent>>;

const TASK_NUMBERS: NumberKind = {
  counterStream: TASK_NUMBERS_STREAM,
  eventType: 'TaskNumberReserved',
  streamNameFor: taskStreamName,
};

export function taskCommands(ctx: CommandContext) {
  async function onTask(
    actorId: ActingAs,
    number: number,
    meta: RequestMeta | undefined,
    build: (metadata: CommandMetadata) => TaskCommand,
  ): Result {
    const prepared = await ctx.acting(actorId, meta);
    if (!prepared.ok) return prepared.result;
    return withNumber(await ctx.handle(taskAggregate, taskStreamName(number), build(prepared.metadata)), number);
  }

  return {
    /** Reserves the next task number (only once the command would be accepted), then assigns `task-<n>`. */
    async assignTask(actorId: string, input: AssignTaskInput, meta?: RequestMeta): Result {
      const prepared = await ctx.asPerson(actorId, meta);
      if (!prepared.ok) return prepared.result;
      const { metadata } = prepared;
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
    acceptTask: (actorId: string, number: number, meta?: RequestMeta): Result =>
      onTask(actorId, number, meta, (metadata) => ({ type: 'AcceptTask', data: {}, metadata })),
    extendDeadline: (
      actorId: string,
      number: number,
      input: { newDeadline: string; reason: string },
      meta?: RequestMeta,
    ): Result => onTask(actorId, number, meta, (metadata) => ({ type: 'ExtendDeadline', data: input, metadata })),
    completeTask: (
      actorId: string,
      number: number,
      input: { report: string; photo?: Photo | null },
      meta?: RequestMeta,
    ): Result =>
      onTask(actorId, number, meta, (metadata) => ({
        type: 'CompleteTask',
        data: { report: input.report, photo: input.photo ?? null },
        metadata,
      })),
    approveTask: (actorId: string, number: number, meta?: RequestMeta): Result =>
      onTask(actorId, number, meta, (metadata) => ({ type: 'ApproveTask', data: {}, metadata })),
    returnTask: (actorId: string, number: number, reason: string, meta?: RequestMeta): Result =>
      onTask(actorId, number, meta, (metadata) => ({ type: 'ReturnTask', data: { reason }, metadata })),
    cancelTask: (actorId: string, number: number, reason: string, meta?: RequestMeta): Result =>
      onTask(actorId, number, meta, (metadata) => ({ type: 'CancelTask', data: { reason }, metadata })),
    /** The deadline watcher: refused with `deadline_not_passed` / `already_recorded` when there is nothing to record. */
    markDeadlineMissed: (number: number, meta?: RequestMeta): Result =>
      onTask(AS_SCHEDULER, number, meta, (metadata) => ({ type: 'MarkDeadlineMissed', data: {}, metadata })),
  };
}

export type TaskCommands = ReturnType<typeof taskCommands>;
