// Staff groups (admins keep them in /staff): one row per group with its members; removed groups stay marked.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { dataOf } from '../application/recordedEvents.js';
import { GROUP_EVENT_TYPES } from '../domain/group/events.js';
import type { RowProjector } from './projector.js';

export interface StaffGroupRow {
  [column: string]: unknown;
  group_id: string;
  name: string;
  members: string[];
  removed: boolean;
  defined_at: string;
  updated_at: string;
}

function evolveStaffGroupRow(row: StaffGroupRow | undefined, event: RecordedEvent): StaffGroupRow | undefined {
  const at = event.metadata.occurredAt;
  if (event.type === 'StaffGroupDefined') {
    const d = dataOf(event, 'StaffGroupDefined');
    return { group_id: d.groupId, name: d.name, members: [], removed: false, defined_at: d.definedAt, updated_at: at };
  }
  if (!row) return row;
  switch (event.type) {
    case 'StaffGroupRenamed':
      return { ...row, name: dataOf(event, 'StaffGroupRenamed').name, updated_at: at };
    case 'StaffGroupMembersChanged':
      return { ...row, members: [...dataOf(event, 'StaffGroupMembersChanged').members], updated_at: at };
    case 'StaffGroupRemoved':
      return { ...row, removed: true, updated_at: at };
    default:
      return row;
  }
}

export const staffGroupsProjector: RowProjector<StaffGroupRow> = {
  name: 'staff-groups',
  version: 1,
  eventTypes: GROUP_EVENT_TYPES,
  table: 'rm_staff_groups',
  key: { column: 'group_id', type: 'text' },
  columns: {
    group_id: 'text NOT NULL',
    name: 'text NOT NULL',
    members: 'text[] NOT NULL',
    removed: 'boolean NOT NULL',
    defined_at: 'timestamptz NOT NULL',
    updated_at: 'timestamptz NOT NULL',
  },
  indexes: {
    name_idx: '(removed, lower(name))',
  },
  creationTypes: new Set(['StaffGroupDefined']),
  keyOf: (event) => (event.data as { groupId: string }).groupId,
  evolve: evolveStaffGroupRow,
};
