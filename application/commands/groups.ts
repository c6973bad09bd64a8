// Staff group commands: admins define named groups of staff (for orders to many), change who is in them,
// rename and remove them. A group's id derives from the defining command, so a redelivered update defines
// one group.
import type { CommandMetadata, GroupCommand, GroupEvent } from '../../domain/index.js';
import { groupStreamName } from '../../domain/index.js';
import { groupAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { CommandResult } from '../commandHandler.js';
import { uuidV5 } from '../eventIds.js';
import type { Person } from '../people.js';
import type { CommandContext, RequestMeta } from './context.js';

/** Names the group a command acts on. */
export interface GroupRef {
  readonly groupId: string;
}

type Result = Promise<CommandResult<GroupEvent>>;

/** A group's id: twelve hex digits of a name-based uuid of the defining command (fits a button). */
export const groupIdFor = (commandId: string): string => uuidV5(`staff-group:${commandId}`).replace(/-/g, '').slice(0, 12);

export function groupCommands(ctx: CommandContext) {
  async function onGroup(who: Person, groupId: string, request: RequestMeta, build: (metadata: CommandMetadata) => GroupCommand): Result {
    const prepared = ctx.acting(who, request);
    if (!prepared.ok) return prepared.result;
    return ctx.handle(groupAggregate, groupStreamName(groupId), build(prepared.metadata));
  }

  return {
    /** Defines a new, empty group; the result names it by `groupId`. */
    async defineGroup(who: Person, { name }: { name: string }, request: RequestMeta): Promise<(Awaited<Result> & { ok: false }) | (Awaited<Result> & { ok: true; groupId: string })> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const groupId = groupIdFor(prepared.metadata.commandId);
      const result = await ctx.handle(groupAggregate, groupStreamName(groupId), {
        type: 'DefineStaffGroup',
        data: { groupId, name },
        metadata: prepared.metadata,
      });
      return result.ok ? { ...result, groupId } : result;
    },
    renameGroup: (who: Person, { groupId, name }: GroupRef & { name: string }, request: RequestMeta): Result =>
      onGroup(who, groupId, request, (metadata) => ({ type: 'RenameStaffGroup', data: { name }, metadata })),
    /** Adds and removes people; someone added must be active working staff (as for a task's assignee). */
    async changeGroupMembers(
      who: Person,
      { groupId, add = [], remove = [] }: GroupRef & { add?: readonly string[]; remove?: readonly string[] },
      request: RequestMeta,
    ): Result {
      for (const id of add) {
        const assignee = await loadAssignee(ctx.store, id, ctx.adminIds);
        if (!assignee.active || assignee.role === 'guest' || assignee.role === 'auditor') {
          return { ok: false, refusal: { code: 'assignee_not_eligible', message: 'not active working staff', details: { assigneeId: id } } };
        }
      }
      return onGroup(who, groupId, request, (metadata) => ({ type: 'ChangeStaffGroupMembers', data: { add, remove }, metadata }));
    },
    removeGroup: (who: Person, { groupId }: GroupRef, request: RequestMeta): Result =>
      onGroup(who, groupId, request, (metadata) => ({ type: 'RemoveStaffGroup', data: {}, metadata })),
  };
}

export type GroupCommands = ReturnType<typeof groupCommands>;
