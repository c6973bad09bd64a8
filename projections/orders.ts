// Orders to many: one row per order with its recipients' task numbers. The counts (done, overdue, open) are
// not kept here: the order's card reads its tasks' rows in rm_tasks, so they always equal the sum of its tasks.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { dataOf } from '../application/recordedEvents.js';
import { ORDER_EVENT_TYPES } from '../domain/order/events.js';
import type { RowProjector } from './projector.js';

export interface OrderRow {
  [column: string]: unknown;
  order_id: string;
  issuer_id: string;
  title: string;
  description: string;
  deadline: string;
  target_kind: string;
  target_label: string;
  task_numbers: number[];
  assignee_ids: string[];
  status: string;
  issued_at: string;
  cancelled_at: string | null;
  reminded_at: string | null;
  reminders: number;
  updated_at: string;
}

function evolveOrderRow(row: OrderRow | undefined, event: RecordedEvent): OrderRow | undefined {
  const at = event.metadata.occurredAt;
  if (event.type === 'OrderIssued') {
    const d = dataOf(event, 'OrderIssued');
    return {
      order_id: d.orderId,
      issuer_id: d.issuerId,
      title: d.title,
      description: d.description,
      deadline: d.deadline,
      target_kind: d.target.kind,
      target_label: d.target.kind === 'role' ? d.target.ref : d.target.label,
      task_numbers: d.tasks.map((t) => t.number),
      assignee_ids: d.tasks.map((t) => t.assigneeId),
      status: 'issued',
      issued_at: d.issuedAt,
      cancelled_at: null,
      reminded_at: null,
      reminders: 0,
      updated_at: at,
    };
  }
  if (!row) return row;
  switch (event.type) {
    case 'OrderReminded':
      return { ...row, reminded_at: dataOf(event, 'OrderReminded').remindedAt, reminders: row.reminders + 1, updated_at: at };
    case 'OrderCancelled':
      return { ...row, status: 'cancelled', cancelled_at: dataOf(event, 'OrderCancelled').cancelledAt, updated_at: at };
    default:
      return row;
  }
}

export const ordersProjector: RowProjector<OrderRow> = {
  name: 'orders',
  version: 1,
  eventTypes: ORDER_EVENT_TYPES,
  table: 'rm_orders',
  key: { column: 'order_id', type: 'text' },
  columns: {
    order_id: 'text NOT NULL',
    issuer_id: 'text NOT NULL',
    title: 'text NOT NULL',
    description: 'text NOT NULL',
    deadline: 'timestamptz NOT NULL',
    target_kind: 'text NOT NULL',
    target_label: 'text NOT NULL',
    task_numbers: 'int[] NOT NULL',
    assignee_ids: 'text[] NOT NULL',
    status: 'text NOT NULL',
    issued_at: 'timestamptz NOT NULL',
    cancelled_at: 'timestamptz',
    reminded_at: 'timestamptz',
    reminders: 'int NOT NULL',
    updated_at: 'timestamptz NOT NULL',
  },
  indexes: {
    issuer_idx: '(issuer_id, issued_at)',
  },
  creationTypes: new Set(['OrderIssued']),
  keyOf: (event) => (event.data as { orderId: string }).orderId,
  evolve: evolveOrderRow,
};
