// Recurring orders as the adapters and the scheduler call them. A person creates, pauses, resumes, changes and
// stops a recurrence; the scheduler (application/reactions/recurrenceWatcher.ts) calls `issueDueOccurrences`,
// which issues each occurrence that has come due as tasks through `assignTask`.
//
// Idempotent by construction: each task's command id derives from (recurrence, nominal date, recipient), and
// the occurrence's record from (recurrence, nominal date). A second worker, a crash between the tasks and the
// record, or a replay after a restore runs the same commands again: `assignTask` finds its reservation and its
// events and returns the same task, and the record is appended once (the domain refuses a nominal date that is
// not after the last one). The next occurrence is always the first after the last recorded one, so none is
// skipped either.
import type { AssigneeSnapshot, CommandMetadata, RecurrenceCommand, RecurrenceEvent, RecurrenceSchedule } from '../../domain/index.js';
import { fromEpochMs, nextOccurrence, recurrenceStreamName, toEpochMs } from '../../domain/index.js';
import { recurrenceAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { CommandResult } from '../commandHandler.js';
import { uuidV5 } from '../eventIds.js';
import { findReservation } from '../numbering.js';
import type { Person, Scheduler } from '../people.js';
import { resolvePerson } from '../people.js';
import { loadStream } from '../streamLoader.js';
import type { CommandContext, RequestMeta } from './context.js';
import { TASK_NUMBERS, taskCommands } from './tasks.js';

export interface CreateRecurrenceInput {
  /** Who gets a task at each occurrence (one person from /repeat today; a group's members later). */
  readonly assigneeIds: readonly string[];
  readonly title: string;
  readonly description?: string;
  readonly schedule: RecurrenceSchedule;
}

export interface RecurrenceRef {
  readonly recurrenceId: string;
}

/** A created recurrence's result names its id (for the adapters' replies and buttons). */
export type RecurrenceResult = CommandResult<RecurrenceEvent>;

/** At most this many occurrences are caught up in one call (the timer calls again soon after). */
export const MAX_CATCH_UP = 60;

/** The command id of one recipient's task of one occurrence. */
export const occurrenceTaskCommandId = (recurrenceId: string, nominalDate: string, recipientId: string): string =>
  uuidV5(`RecurrenceTask:${recurrenceId}:${nominalDate}:${recipientId}`);

/** A short latin id for a new recurrence, derived from the creating command (a retry gets the same one). */
export const recurrenceIdFor = (commandId: string): string => uuidV5(`Recurrence:${commandId}`).replace(/-/g, '').slice(0, 12);

export interface IssuedOccurrences {
  /** Occurrences issued as tasks by this call (replays of earlier ones included). */
  readonly issued: number;
  /** Occurrences recorded as missed (deadline passed during a downtime, or the tasks were refused). */
  readonly missed: number;
}

export function recurrenceCommands(ctx: CommandContext) {
  const tasks = taskCommands(ctx);

  async function onRecurrence(
    who: Person | Scheduler,
    recurrenceId: string,
    request: RequestMeta,
    build: (metadata: CommandMetadata) => RecurrenceCommand,
  ): Promise<RecurrenceResult> {
    const prepared = ctx.acting(who, request);
    if (!prepared.ok) return prepared.result;
    return ctx.handle(recurrenceAggregate, recurrenceStreamName(recurrenceId), build(prepared.metadata));
  }

  const assigneesOf = (ids: readonly string[]): Promise<AssigneeSnapshot[]> =>
    Promise.all([...new Set(ids)].map((id) => loadAssignee(ctx.store, id, ctx.adminIds)));

  return {
    /** Creates a recurring order; its id derives from the command id (`recurrenceIdFor`). */
    async createRecurrence(who: Person, input: CreateRecurrenceInput, request: RequestMeta): Promise<RecurrenceResult & { recurrenceId?: string }> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const recurrenceId = recurrenceIdFor(prepared.metadata.commandId);
      const assignees = await assigneesOf(input.assigneeIds);
      const result = await ctx.handle(recurrenceAggregate, recurrenceStreamName(recurrenceId), {
        type: 'CreateRecurrence',
        data: { recurrenceId, assignees, title: input.title, description: input.description ?? '', schedule: input.schedule },
        metadata: prepared.metadata,
      });
      return result.ok ? { ...result, recurrenceId } : result;
    },
    pauseRecurrence: (who: Person, { recurrenceId }: RecurrenceRef, request: RequestMeta) =>
      onRecurrence(who, recurrenceId, request, (metadata) => ({ type: 'PauseRecurrence', data: {}, metadata })),
    resumeRecurrence: (who: Person, { recurrenceId }: RecurrenceRef, request: RequestMeta) =>
      onRecurrence(who, recurrenceId, request, (metadata) => ({ type: 'ResumeRecurrence', data: {}, metadata })),
    stopRecurrence: (who: Person, { recurrenceId }: RecurrenceRef, request: RequestMeta) =>
      onRecurrence(who, recurrenceId, request, (metadata) => ({ type: 'StopRecurrence', data: {}, metadata })),
    async changeRecurrence(
      who: Person,
      { recurrenceId, assigneeIds, title, schedule }: RecurrenceRef & { assigneeIds?: readonly string[]; title?: string; schedule?: RecurrenceSchedule },
      request: RequestMeta,
    ): Promise<RecurrenceResult> {
      const assignees = assigneeIds ? await assigneesOf(assigneeIds) : undefined;
      return onRecurrence(who, recurrenceId, request, (metadata) => ({
        type: 'ChangeRecurrence',
        data: { ...(assignees ? { assignees } : {}), ...(title !== undefined ? { title } : {}), ...(schedule ? { schedule } : {}) },
        metadata,
      }));
    },

    /**
     * The scheduler's step: issues every occurrence of the recurrence that has come due, oldest first. An
     * occurrence whose deadline has already passed (the worker was down that long) is not issued but recorded
     * as missed, so the issuer's list shows it and nobody gets a task that is late before it arrives.
     */
    async issueDueOccurrences(who: Scheduler, { recurrenceId }: RecurrenceRef): Promise<IssuedOccurrences> {
      let issued = 0;
      let missed = 0;
      const stream = recurrenceStreamName(recurrenceId);
      for (let round = 0; round < MAX_CATCH_UP; round += 1) {
        const { state } = await loadStream(ctx.store, stream, recurrenceAggregate);
        if (state.status !== 'active') break;
        const probe = ctx.acting(who, {});
        if (!probe.ok) break;
        const now = toEpochMs(probe.metadata.now);
        const occurrence = nextOccurrence(state.schedule, ctx.policy.calendar, state.lastNominal, toEpochMs(state.notBefore));
        if (!occurrence || occurrence.at > now) break;
        const { nominal, date } = occurrence;
        const correlationId = `recurrence-${recurrenceId}-${nominal}`;
        const recordMissed = async (reason: 'deadline_passed' | 'refused') => {
          missed += 1;
          const commandId = uuidV5(`RecurrenceOccurrenceMissed:${recurrenceId}:${nominal}`);
          return onRecurrence(who, recurrenceId, { commandId, source: 'scheduler', correlationId }, (metadata) => ({
            type: 'RecordMissedOccurrence',
            data: { nominalDate: nominal, date, reason },
            metadata,
          }));
        };
        // Past its deadline (the worker was down that long): issued only to those whose task an earlier attempt
        // already created (it crashed before recording the occurrence); nobody gets a task late on arrival.
        const late = occurrence.deadline <= now;
        // Each task is the issuer's order, as if they gave it themselves (they approve it and see it in KPI).
        const issuer = await resolvePerson(ctx.store, state.issuerId, ctx.adminIds);
        const deadline = fromEpochMs(occurrence.deadline);
        const numbers: number[] = [];
        // An order to many (one command for all recipients) replaces this loop when it exists; see the README.
        for (const assigneeId of state.assigneeIds) {
          const commandId = occurrenceTaskCommandId(recurrenceId, nominal, assigneeId);
          if (late && (await findReservation(ctx.store, TASK_NUMBERS, commandId)) === undefined) continue;
          const result = await tasks.assignTask(
            issuer,
            { assigneeId, title: state.title, description: state.description, deadline },
            { commandId, source: 'scheduler', correlationId, causationId: correlationId },
          );
          if (result.ok) numbers.push(result.number);
        }
        if (numbers.length === 0) {
          await recordMissed(late ? 'deadline_passed' : 'refused');
          continue;
        }
        const commandId = uuidV5(`RecurrenceOccurred:${recurrenceId}:${nominal}`);
        const recorded = await onRecurrence(who, recurrenceId, { commandId, source: 'scheduler', correlationId }, (metadata) => ({
          type: 'RecordOccurrence',
          data: { nominalDate: nominal, date, deadline, taskNumbers: numbers },
          metadata,
        }));
        if (!recorded.ok && recorded.refusal.code !== 'already_recorded') throw new Error(`recurrence ${recurrenceId}: ${recorded.refusal.message}`);
        issued += 1;
      }
      return { issued, missed };
    },
  };
}

export type RecurrenceCommands = ReturnType<typeof recurrenceCommands>;
