// The tickets read model: one row per ticket, as the technicians' queue, "my tickets" and the KPI read it.
// Overdue is not stored: queries compare due_at with their `now`. The photos the ticket was opened with are
// kept by file_id (photo_ids, version 2), so its card can offer them without reading the log.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { TICKET_EVENT_TYPES } from '../domain/ticket/events.js';
import { dataOf } from '../application/recordedEvents.js';
import type { RowProjector } from './projector.js';

export interface TicketRow {
  [column: string]: unknown;
  number: number;
  title: string;
  description: string;
  category: string;
  location: string;
  priority: string;
  status: string;
  author_id: string;
  assignee_id: string | null;
  opened_at: string;
  due_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
  reopen_count: number;
  comment_count: number;
  /** The Telegram file_ids of the photos the ticket was opened with, in order. */
  photo_ids: string[];
  /** The author's rating (1–5) of the last rated resolution, its comment, when, and who resolved it (version 3). */
  rating: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  rated_resolver: string | null;
  /** The first-response target (school time), null for tickets opened before SLA (version 3). */
  respond_by: string | null;
  /** When somebody was first on it (taken or assigned) since it was opened: the KPI's first response. */
  first_response_at: string | null;
  /** Escalations recorded (TicketEscalated), for the card and the KPI. */
  escalation_count: number;
  /** Who followed it (joined instead of a duplicate, or through a merge): its reach is the author and these (version 4). */
  follower_count: number;
  /** The ticket it was merged into (status closed), or null (version 4). */
  merged_into: number | null;
}

function evolveTicketRow(row: TicketRow | undefined, event: RecordedEvent): TicketRow | undefined {
  const at = event.metadata.occurredAt;
  if (event.type === 'TicketOpened') {
    const d = dataOf(event, 'TicketOpened');
    return {
      number: d.number,
      title: d.title,
      description: d.description,
      category: d.category,
      location: d.location,
      priority: d.priority,
      status: 'open',
      author_id: d.authorId,
      assignee_id: null,
      opened_at: d.openedAt,
      due_at: d.dueAt,
      resolved_at: null,
      resolved_by: null,
      closed_at: null,
      cancelled_at: null,
      updated_at: at,
      reopen_count: 0,
      comment_count: 0,
      // An event built by hand (tests, tools) may leave the list out.
      photo_ids: ((d.photos as typeof d.photos | undefined) ?? []).map((photo) => photo.fileId),
      rating: null,
      rating_comment: null,
      rated_at: null,
      rated_resolver: null,
      respond_by: d.respondBy ?? null,
      first_response_at: null,
      escalation_count: 0,
      follower_count: 0,
      merged_into: null,
    };
  }
  // An event for a ticket whose opening we never saw cannot be shown meaningfully: leave it out.
  if (!row) return undefined;
  switch (event.type) {
    case 'TicketAssigned': {
      const d = dataOf(event, 'TicketAssigned');
      return {
        ...row,
        assignee_id: d.assigneeId,
        status: row.status === 'open' ? 'in_progress' : row.status,
        first_response_at: row.first_response_at ?? d.assignedAt,
        updated_at: at,
      };
    }
    case 'TicketCommented':
      return { ...row, comment_count: row.comment_count + 1, updated_at: at };
    case 'TicketPriorityChanged': {
      const d = dataOf(event, 'TicketPriorityChanged');
      return { ...row, priority: d.to, due_at: d.dueAt, respond_by: d.respondBy ?? row.respond_by, updated_at: at };
    }
    case 'TicketResolved': {
      const d = dataOf(event, 'TicketResolved');
      return { ...row, status: 'resolved', resolved_at: d.resolvedAt, resolved_by: d.resolvedBy, updated_at: at };
    }
    case 'TicketClosed':
      return { ...row, status: 'closed', closed_at: dataOf(event, 'TicketClosed').closedAt, updated_at: at };
    case 'TicketReopened': {
      const d = dataOf(event, 'TicketReopened');
      return {
        ...row,
        status: 'in_progress',
        assignee_id: d.assigneeId ?? row.assignee_id,
        due_at: d.dueAt,
        respond_by: d.respondBy ?? row.respond_by,
        resolved_at: null,
        resolved_by: null,
        closed_at: null,
        reopen_count: row.reopen_count + 1,
        updated_at: at,
      };
    }
    case 'TicketCancelled':
      return { ...row, status: 'cancelled', cancelled_at: dataOf(event, 'TicketCancelled').cancelledAt, updated_at: at };
    case 'TicketInfoRequested':
      // A question to the author is a first response (the SLA's first target is met by it).
      return { ...row, status: 'waiting', first_response_at: row.first_response_at ?? at, updated_at: at };
    case 'TicketInfoProvided': {
      const d = dataOf(event, 'TicketInfoProvided');
      return { ...row, status: d.resumedTo ?? (row.assignee_id ? 'in_progress' : 'open'), due_at: d.dueAt, updated_at: at };
    }
    case 'TicketRated': {
      const d = dataOf(event, 'TicketRated');
      return {
        ...row,
        rating: d.rating,
        rating_comment: d.comment ?? null,
        rated_at: d.ratedAt,
        rated_resolver: d.resolvedBy ?? row.resolved_by,
        updated_at: at,
      };
    }
    case 'TicketEscalated':
      return { ...row, escalation_count: row.escalation_count + 1, updated_at: at };
    case 'TicketFollowed':
      return { ...row, follower_count: row.follower_count + 1, updated_at: at };
    case 'TicketAbsorbed':
      return { ...row, follower_count: row.follower_count + dataOf(event, 'TicketAbsorbed').followers.length, updated_at: at };
    case 'TicketMerged': {
      const d = dataOf(event, 'TicketMerged');
      return { ...row, status: 'closed', closed_at: d.mergedAt, merged_into: d.into, updated_at: at };
    }
    default:
      return row;
  }
}

export const ticketsProjector: RowProjector<TicketRow> = {
  name: 'tickets',
  // 2: photo_ids (2026-12-03). 3: status waiting, rating columns, respond_by, first_response_at, escalation_count (issue 14).
  // 4: follower_count, merged_into (issue 15, item 6).
  version: 4,
  eventTypes: TICKET_EVENT_TYPES,
  table: 'rm_tickets',
  key: { column: 'number', type: 'int' },
  columns: {
    number: 'int NOT NULL',
    title: 'text NOT NULL',
    description: 'text NOT NULL',
    category: 'text NOT NULL',
    location: 'text NOT NULL',
    priority: 'text NOT NULL',
    status: 'text NOT NULL',
    author_id: 'text NOT NULL',
    assignee_id: 'text',
    opened_at: 'timestamptz NOT NULL',
    due_at: 'timestamptz NOT NULL',
    resolved_at: 'timestamptz',
    resolved_by: 'text',
    closed_at: 'timestamptz',
    cancelled_at: 'timestamptz',
    updated_at: 'timestamptz NOT NULL',
    reopen_count: 'int NOT NULL',
    comment_count: 'int NOT NULL',
    // No DEFAULT here: the fold always writes it (migration 0120 gives rows projected before it theirs).
    photo_ids: 'jsonb NOT NULL',
    rating: 'int',
    rating_comment: 'text',
    rated_at: 'timestamptz',
    rated_resolver: 'text',
    respond_by: 'timestamptz',
    first_response_at: 'timestamptz',
    escalation_count: 'int NOT NULL',
    follower_count: 'int NOT NULL',
    merged_into: 'int',
  },
  indexes: {
    status_idx: '(status, due_at)',
    author_idx: '(author_id, number)',
    assignee_idx: '(assignee_id, number)',
    category_idx: '(category, status)',
  },
  creationTypes: new Set(['TicketOpened']),
  keyOf: (event) => (event.data as { number: number }).number,
  evolve: evolveTicketRow,
};
