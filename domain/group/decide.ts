// Staff group decider: admins keep the groups. A group's name is unique only by convention (the list shows
// both); a removed group takes no more commands.
import { match } from 'ts-pattern';
import type { Actor } from '../shared/command.js';
import type { Decision } from '../shared/refusal.js';
import { accept } from '../shared/refusal.js';
import { activeActor, isAdmin, notFound, permittedIf, refusal, rejected, text } from '../shared/guards.js';
import { normalizeIso } from '../shared/time.js';
import { NAME_MAX, telegramIdSchema } from '../shared/values.js';
import type * as C from './commands.js';
import type { GroupEvent } from './events.js';
import { groupIdSchema } from './events.js';
import type { GroupState, StaffGroup } from './state.js';

type Result = Decision<GroupEvent>;

/** Most people one group holds (a school's staff is well under it). */
export const GROUP_MEMBERS_MAX = 500;

const adminOnly = (actor: Actor) => activeActor(actor) ?? permittedIf(isAdmin(actor), actor, 'only an admin keeps staff groups');
const cleanName = (name: string) => name.trim().replace(/\s+/g, ' ');

/** The group exists and is not removed; otherwise the refusal the admin hears. */
function live(state: GroupState, actor: Actor): { group: StaffGroup } | { result: Result } {
  if (state.status === 'none') return { result: notFound(adminOnly(actor), 'such group') };
  const why = adminOnly(actor) ?? (state.status === 'removed' ? refusal('invalid_transition', 'the group was removed', { status: 'removed' }) : undefined);
  return why ? { result: rejected(why) } : { group: state };
}

export function defineStaffGroup(command: C.DefineStaffGroup, state: GroupState): Result {
  const { data, metadata } = command;
  const { actor, now } = metadata;
  const why =
    adminOnly(actor) ??
    (state.status === 'none' ? undefined : refusal('already_exists', 'the group exists', { groupId: data.groupId })) ??
    (groupIdSchema.safeParse(data.groupId).success ? undefined : refusal('invalid_input', 'bad group id', { field: 'groupId' })) ??
    text(data.name, 'name', NAME_MAX);
  if (why) return rejected(why);
  return accept({ type: 'StaffGroupDefined', data: { groupId: data.groupId, name: cleanName(data.name), definedBy: actor.id, definedAt: normalizeIso(now) } });
}

export function renameStaffGroup(command: C.RenameStaffGroup, state: GroupState): Result {
  const { data, metadata } = command;
  const found = live(state, metadata.actor);
  if ('result' in found) return found.result;
  const name = cleanName(data.name);
  const why = text(data.name, 'name', NAME_MAX) ?? (name === found.group.name ? refusal('no_change', 'the group has this name') : undefined);
  if (why) return rejected(why);
  return accept({
    type: 'StaffGroupRenamed',
    data: { groupId: found.group.groupId, name, previousName: found.group.name, renamedBy: metadata.actor.id, renamedAt: normalizeIso(metadata.now) },
  });
}

export function changeStaffGroupMembers(command: C.ChangeStaffGroupMembers, state: GroupState): Result {
  const { data, metadata } = command;
  const found = live(state, metadata.actor);
  if ('result' in found) return found.result;
  const { members } = found.group;
  const badId = [...data.add, ...data.remove].find((id) => !telegramIdSchema.safeParse(id).success);
  if (badId !== undefined) return rejected(refusal('invalid_input', 'not a Telegram id', { field: 'members' }));
  const added = [...new Set(data.add)].filter((id) => !members.includes(id));
  const removed = [...new Set(data.remove)].filter((id) => members.includes(id) && !added.includes(id));
  if (added.length === 0 && removed.length === 0) return rejected(refusal('no_change', 'the group already has these members'));
  const after = [...members.filter((id) => !removed.includes(id)), ...added];
  if (after.length > GROUP_MEMBERS_MAX) return rejected(refusal('invalid_input', 'too many members', { field: 'members' }));
  return accept({
    type: 'StaffGroupMembersChanged',
    data: { groupId: found.group.groupId, added, removed, members: after, changedBy: metadata.actor.id, changedAt: normalizeIso(metadata.now) },
  });
}

export function removeStaffGroup(command: C.RemoveStaffGroup, state: GroupState): Result {
  const { metadata } = command;
  const found = live(state, metadata.actor);
  if ('result' in found) return found.result;
  return accept({
    type: 'StaffGroupRemoved',
    data: { groupId: found.group.groupId, name: found.group.name, removedBy: metadata.actor.id, removedAt: normalizeIso(metadata.now) },
  });
}

/** Dispatches a command to its function; a command type nobody handles fails the type check. */
export function decideGroup(command: C.GroupCommand, state: GroupState): Result {
  return match(command)
    .with({ type: 'DefineStaffGroup' }, (c) => defineStaffGroup(c, state))
    .with({ type: 'RenameStaffGroup' }, (c) => renameStaffGroup(c, state))
    .with({ type: 'ChangeStaffGroupMembers' }, (c) => changeStaffGroupMembers(c, state))
    .with({ type: 'RemoveStaffGroup' }, (c) => removeStaffGroup(c, state))
    .exhaustive();
}
