// Staff group state and its fold.
import { match } from 'ts-pattern';
import type { GroupEvent } from './events.js';

export interface StaffGroup {
  readonly status: 'active' | 'removed';
  readonly groupId: string;
  readonly name: string;
  readonly members: readonly string[];
}

export type GroupState = { readonly status: 'none' } | StaffGroup;

export const initialGroupState: GroupState = { status: 'none' };

export function evolveGroup(state: GroupState, event: GroupEvent): GroupState {
  if (event.type === 'StaffGroupDefined') {
    return { status: 'active', groupId: event.data.groupId, name: event.data.name, members: [] };
  }
  if (state.status === 'none') return state;
  return match(event)
    .with({ type: 'StaffGroupRenamed' }, ({ data }): StaffGroup => ({ ...state, name: data.name }))
    .with({ type: 'StaffGroupMembersChanged' }, ({ data }): StaffGroup => ({ ...state, members: data.members }))
    .with({ type: 'StaffGroupRemoved' }, (): StaffGroup => ({ ...state, status: 'removed' }))
    .exhaustive();
}

export const foldGroup = (events: readonly GroupEvent[]): GroupState => events.reduce(evolveGroup, initialGroupState);
