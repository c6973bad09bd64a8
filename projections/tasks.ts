// The tasks read model: one row per task. Overdue is computed by queries from `deadline` and their `now`;
// `late` keeps the KPI's memory that some deadline was missed, whatever happened to the deadline later.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { TASK_EVENT_TYPES } from '../domain/task/events.js';
import { dataOf } from '../application/recordedEvents.js';
import type { RowProjector } from './projector.js';

export interface TaskRow {
  [column: string]: unknown;
  number: number;
  title: string;
  description: string;
  issuer_id: string;
  assignee_id: string;
  status: string;
  deadline: string;
  assigned_at: string;
  accepted_at: string | null;
  completed_at: string | null;
  approved_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
  extensions: number;
  missed_deadlines: number;
  last_missed_deadline: string | null;
  late: boolean;
  on_time: boolean;
}

function evolveTaskRow(row: TaskRow | undefined, event: RecordedEvent): TaskRow | undefined {
  const at = event.metadata.occurredAt;
  if (event.type === 'TaskAssigned') {
    const d = dataOf(event, 'TaskAssigned');
    return {
      number: d.number,
      title: d.title,
      description: d.description,
      issuer_id: d.issuerId,
      assignee_id: d.assigneeId,
      status: 'assigned',
      deadline: d.deadline,
      assigned_at: d.assignedAt,
      accepted_at: null,
      completed_at: null,
      approved_at: null,
      cancelled_at: null,
      updated_at: at,
      extensions: 0,
      missed_deadlines: 0,
      last_missed_deadline: null,
      late: false,
      on_time: false,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'TaskAccepted':
      return { ...row, status: 'accepted', accepted_at: dataOf(event, 'TaskAccepted').acceptedAt, updated_at: at };
    case 'TaskDeadlineExtended': {
      const d = dataOf(event, 'TaskDeadlineExtended');
      return {
        ...row,
        deadline: d.newDeadline,
        extensions: row.extensions + 1,
        late: row.late || d.previousDeadlineMissed,
        updated_at: at,
      };
    }
    case 'TaskCompleted': {
      const d = dataOf(event, 'TaskCompleted');
      return { ...row, status: 'completed', completed_at: d.completedAt, late: row.late || d.late, updated_at: at };
    }
    case 'TaskApproved': {
      const d = dataOf(event, 'TaskApproved');
      return { ...row, status: 'approved', approved_at: d.approvedAt, on_time: d.onTime, updated_at: at };
    }
    case 'TaskReturned':
      return { ...row, status: 'accepted', completed_at: null, updated_at: at };
    case 'TaskCancelled':
      return { ...row, status: 'cancelled', cancelled_at: dataOf(event, 'TaskCancelled').cancelledAt, updated_at: at };
    case 'TaskDeadlineMissed':
      return {
        ...row,
        missed_deadlines: row.missed_deadlines + 1,
        last_missed_deadline: dataOf(event, 'TaskDeadlineMissed').deadline,
        late: true,
        updated_at: at,
      };
    default:
      return row;
  }
}

export const tasksProjector: RowProjector<TaskRow> = {
  name: 'tasks',
  version: 1,
  eventTypes: TASK_EVENT_TYPES,
  table: 'rm_tasks',
  key: { column: 'number', type: 'int' },
  columns: {
    number: 'int NOT NULL',
    title: 'text NOT NULL',
    description: 'text NOT NULL',
    issuer_id: 'text NOT NULL',
    assignee_id: 'text NOT NULL',
    status: 'text NOT NULL',
    deadline: 'timestamptz NOT NULL',
    assigned_at: 'timestamptz NOT NULL',
    accepted_at: 'timestamptz',
    completed_at: 'timestamptz',
    approved_at: 'timestamptz',
    cancelled_at: 'timestamptz',
    updated_at: 'timestamptz NOT NULL',
    extensions: 'int NOT NULL',
    missed_deadlines: 'int NOT NULL',
    last_missed_deadline: 'timestamptz',
    late: 'boolean NOT NULL',
    on_time: 'boolean NOT NULL',
  },
  indexes: {
    assignee_idx: '(assignee_id, status)',
    issuer_idx: '(issuer_id, status)',
    deadline_idx: '(status, deadline)',
  },
  creationTypes: new Set(['TaskAssigned']),
  keyOf: (event) => (event.data as { number: number }).number,
  evolve: evolveTaskRow,
};
