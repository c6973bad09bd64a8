// The staff directory: one row per person (Telegram user id), with role, categories and status.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import type { Role, StaffStatus } from '../domain/index.js';
import { STAFF_EVENT_TYPES } from '../domain/staff/events.js';
import { dataOf } from '../application/recordedEvents.js';
import type { RowProjector } from './projector.js';

export interface StaffRow {
  [column: string]: unknown;
  telegram_id: string;
  full_name: string;
  username: string | null;
  role: Role | null;
  categories: string[];
  status: StaffStatus;
  reachable: boolean;
  registered_at: string | null;
  approved_at: string | null;
  updated_at: string;
  /** The categories they lead (StaffLeadsChanged): the escalation ladder's first step. */
  leads: string[];
}

function blank(telegramId: string, at: string): StaffRow {
  return {
    telegram_id: telegramId,
    full_name: '',
    username: null,
    role: null,
    categories: [],
    status: 'pending',
    reachable: true,
    registered_at: null,
    approved_at: null,
    updated_at: at,
    leads: [],
  };
}

function evolveStaffRow(existing: StaffRow | undefined, event: RecordedEvent): StaffRow | undefined {
  const at = event.metadata.occurredAt;
  const id = (event.data as { telegramId: string }).telegramId;
  const row = existing ?? blank(id, at);
  switch (event.type) {
    case 'StaffRegistered': {
      const d = dataOf(event, 'StaffRegistered');
      return {
        ...row,
        full_name: d.fullName,
        username: d.username,
        status: row.status === 'active' ? 'active' : 'pending',
        registered_at: d.registeredAt,
        updated_at: at,
      };
    }
    case 'StaffApproved': {
      const d = dataOf(event, 'StaffApproved');
      return { ...row, full_name: d.fullName, role: d.role, categories: d.categories, status: 'active', approved_at: d.approvedAt, updated_at: at };
    }
    case 'StaffRoleChanged': {
      const d = dataOf(event, 'StaffRoleChanged');
      return { ...row, role: d.to, categories: d.categories, updated_at: at };
    }
    case 'StaffDeactivated':
      return { ...row, status: 'inactive', updated_at: at };
    case 'StaffReactivated':
      return { ...row, status: 'active', role: dataOf(event, 'StaffReactivated').role, updated_at: at };
    case 'StaffUnreachable':
      return { ...row, reachable: false, updated_at: at };
    case 'StaffReachable':
      return { ...row, reachable: true, updated_at: at };
    case 'StaffLeadsChanged':
      return { ...row, leads: dataOf(event, 'StaffLeadsChanged').categories, updated_at: at };
    default:
      return existing;
  }
}

export const staffProjector: RowProjector<StaffRow> = {
  name: 'staff',
  // 2: a deactivated person's status is 'inactive', the domain's word (was 'deactivated').
  version: 2,
  eventTypes: STAFF_EVENT_TYPES,
  table: 'rm_staff',
  key: { column: 'telegram_id', type: 'text' },
  columns: {
    telegram_id: 'text NOT NULL',
    full_name: 'text NOT NULL',
    username: 'text',
    role: 'text',
    categories: 'text[] NOT NULL',
    status: 'text NOT NULL',
    reachable: 'boolean NOT NULL',
    registered_at: 'timestamptz',
    approved_at: 'timestamptz',
    updated_at: 'timestamptz NOT NULL',
    // No version bump: rows of earlier events are unchanged (migration 0130 gives them an empty list).
    leads: 'text[] NOT NULL',
  },
  indexes: {
    role_idx: '(role, status)',
    name_idx: '(lower(full_name))',
  },
  creationTypes: new Set(),
  keyOf: (event) => (event.data as { telegramId: string }).telegramId,
  evolve: evolveStaffRow,
};
