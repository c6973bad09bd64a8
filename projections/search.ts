// The search read model: one row per ticket (`t:<number>`) and per task (`k:<number>`) with the words people
// look for — title, description, place, comments and reports — and what the results are filtered by (number,
// room, parties, status, dates). The database keeps two full-text documents beside the words (generated
// columns, the `russian` configuration): `doc_public` (title A, description and place B) for those who may see
// the card but not its comments, `doc_full` (plus comments and reports, C) for everyone else, and
// `doc_comments` (comments and reports alone) to find what matches only through them quickly. Queries:
// adapters/postgres/readModels/searchQueries.ts; docs/search.md.
import type { RecordedEvent } from '../application/ports/eventStore.js';
import { dataOf } from '../application/recordedEvents.js';
import { TASK_EVENT_TYPES } from '../domain/task/events.js';
import { TICKET_EVENT_TYPES } from '../domain/ticket/events.js';
import type { RowProjector } from './projector.js';

export interface SearchRow {
  [column: string]: unknown;
  /** `t:124` for ticket №124, `k:12` for task №12. */
  id: string;
  kind: 'ticket' | 'task';
  number: number;
  title: string;
  description: string;
  /** A ticket's place as typed ("каб. 204"); empty for tasks. */
  location: string;
  /** The room number found in the place ("204", "12а"), lower case; null when none. */
  room: string | null;
  /** Every comment's text, one per line (tickets). */
  comments: string;
  /** Resolutions of a ticket, completion reports of a task, one per line. */
  reports: string;
  /** A ticket's author; null for tasks. */
  author_id: string | null;
  /** A task's issuer; null for tickets. */
  issuer_id: string | null;
  assignee_id: string | null;
  /** Author or issuer and the assignees it ever had: whom a name in the query may mean. */
  people: string[];
  status: string;
  /** Opened (ticket) or assigned (task). */
  opened_at: string;
  /** Due time (ticket) or deadline (task): overdue when passed while still active. */
  due_at: string;
  updated_at: string;
}

/** "каб. 204" → "204", "кабинет 12А" → "12а"; the first number (with one letter after it) in the place. */
export function roomOf(location: string): string | null {
  const match = /(?:^|[^\p{L}\p{N}])(\d{1,4}(?:\p{L}(?![\p{L}]))?)/u.exec(location);
  return match ? match[1]!.toLowerCase() : null;
}

const appendLine = (text: string, line: string) => (text === '' ? line : `${text}\n${line}`);
const withPerson = (people: string[], id: string | null | undefined) => (id && !people.includes(id) ? [...people, id] : people);

function evolveTicket(row: SearchRow | undefined, event: RecordedEvent): SearchRow | undefined {
  const at = event.metadata.occurredAt;
  if (event.type === 'TicketOpened') {
    const d = dataOf(event, 'TicketOpened');
    return {
      id: `t:${d.number}`,
      kind: 'ticket',
      number: d.number,
      title: d.title,
      description: d.description,
      location: d.location,
      room: roomOf(d.location),
      comments: '',
      reports: '',
      author_id: d.authorId,
      issuer_id: null,
      assignee_id: null,
      people: [d.authorId],
      status: 'open',
      opened_at: d.openedAt,
      due_at: d.dueAt,
      updated_at: at,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'TicketAssigned': {
      const d = dataOf(event, 'TicketAssigned');
      const status = row.status === 'open' ? 'in_progress' : row.status;
      return { ...row, assignee_id: d.assigneeId, people: withPerson(row.people, d.assigneeId), status, updated_at: at };
    }
    case 'TicketCommented':
      return { ...row, comments: appendLine(row.comments, dataOf(event, 'TicketCommented').text), updated_at: at };
    case 'TicketPriorityChanged':
      return { ...row, due_at: dataOf(event, 'TicketPriorityChanged').dueAt, updated_at: at };
    case 'TicketResolved':
      return { ...row, status: 'resolved', reports: appendLine(row.reports, dataOf(event, 'TicketResolved').resolution), updated_at: at };
    case 'TicketClosed':
      return { ...row, status: 'closed', updated_at: at };
    case 'TicketReopened': {
      const d = dataOf(event, 'TicketReopened');
      const assignee = d.assigneeId ?? row.assignee_id;
      return { ...row, status: 'in_progress', assignee_id: assignee, people: withPerson(row.people, assignee), due_at: d.dueAt, updated_at: at };
    }
    case 'TicketCancelled':
      return { ...row, status: 'cancelled', updated_at: at };
    case 'TicketInfoRequested':
      // Waits on its author's answer: not overdue meanwhile (the SLA clock stops), still unfinished.
      return { ...row, status: 'waiting', updated_at: at };
    case 'TicketInfoProvided': {
      const d = dataOf(event, 'TicketInfoProvided');
      return { ...row, status: d.resumedTo ?? (row.assignee_id ? 'in_progress' : 'open'), due_at: d.dueAt, updated_at: at };
    }
    case 'TicketMerged':
      // Closed with a pointer to the survivor: no longer offered as "already reported".
      return { ...row, status: 'closed', updated_at: at };
    default:
      return row;
  }
}

function evolveTask(row: SearchRow | undefined, event: RecordedEvent): SearchRow | undefined {
  const at = event.metadata.occurredAt;
  if (event.type === 'TaskAssigned') {
    const d = dataOf(event, 'TaskAssigned');
    return {
      id: `k:${d.number}`,
      kind: 'task',
      number: d.number,
      title: d.title,
      description: d.description,
      location: '',
      room: null,
      comments: '',
      reports: '',
      author_id: null,
      issuer_id: d.issuerId,
      assignee_id: d.assigneeId,
      people: withPerson([d.issuerId], d.assigneeId),
      status: 'assigned',
      opened_at: d.assignedAt,
      due_at: d.deadline,
      updated_at: at,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'TaskAccepted':
      return { ...row, status: 'accepted', updated_at: at };
    case 'TaskDeadlineExtended':
      return { ...row, due_at: dataOf(event, 'TaskDeadlineExtended').newDeadline, updated_at: at };
    case 'TaskCompleted':
      return { ...row, status: 'completed', reports: appendLine(row.reports, dataOf(event, 'TaskCompleted').report), updated_at: at };
    case 'TaskApproved':
      return { ...row, status: 'approved', updated_at: at };
    case 'TaskReturned':
      return { ...row, status: 'accepted', updated_at: at };
    case 'TaskCancelled':
      return { ...row, status: 'cancelled', updated_at: at };
    default:
      return row;
  }
}

const TICKET_TYPES: ReadonlySet<string> = new Set(TICKET_EVENT_TYPES);

// Title A; description and place B; comments and reports C (only in the full document).
const PUBLIC_DOCUMENT =
  "setweight(to_tsvector('russian', title), 'A') || setweight(to_tsvector('russian', description || ' ' || location), 'B')";
const COMMENTS_DOCUMENT = "setweight(to_tsvector('russian', comments || ' ' || reports), 'C')";
const FULL_DOCUMENT = `${PUBLIC_DOCUMENT} || ${COMMENTS_DOCUMENT}`;

export const searchProjector: RowProjector<SearchRow> = {
  name: 'search',
  // 2: a ticket waiting on its author's answer is `waiting`, not `in_progress` (2026-12-03).
  version: 2,
  eventTypes: [...TICKET_EVENT_TYPES, ...TASK_EVENT_TYPES],
  table: 'rm_search',
  key: { column: 'id', type: 'text' },
  columns: {
    id: 'text NOT NULL',
    kind: 'text NOT NULL',
    number: 'int NOT NULL',
    title: 'text NOT NULL',
    description: 'text NOT NULL',
    location: 'text NOT NULL',
    room: 'text',
    comments: 'text NOT NULL',
    reports: 'text NOT NULL',
    author_id: 'text',
    issuer_id: 'text',
    assignee_id: 'text',
    people: 'text[] NOT NULL',
    status: 'text NOT NULL',
    opened_at: 'timestamptz NOT NULL',
    due_at: 'timestamptz NOT NULL',
    updated_at: 'timestamptz NOT NULL',
  },
  generated: {
    doc_public: `tsvector GENERATED ALWAYS AS (${PUBLIC_DOCUMENT}) STORED`,
    doc_full: `tsvector GENERATED ALWAYS AS (${FULL_DOCUMENT}) STORED`,
    // Comments and reports alone: what finds the items matched only through them without reading the rest.
    doc_comments: `tsvector GENERATED ALWAYS AS (${COMMENTS_DOCUMENT}) STORED`,
  },
  indexes: {
    doc_full_idx: 'USING gin (doc_full)',
    doc_public_idx: 'USING gin (doc_public)',
    doc_comments_idx: 'USING gin (doc_comments)',
    people_idx: 'USING gin (people)',
    // pg_trgm: a room asked for as "204" also finds "204а" through the regular expression the query uses.
    room_trgm_idx: 'USING gin (room gin_trgm_ops)',
    // A teacher's comment tier and tasks are found through their own items first.
    author_idx: '(author_id)',
    assignee_idx: '(assignee_id)',
    issuer_idx: '(issuer_id)',
    number_idx: '(number, kind)',
    opened_idx: '(opened_at)',
  },
  creationTypes: new Set(['TicketOpened', 'TaskAssigned']),
  keyOf: (event) => `${TICKET_TYPES.has(event.type) ? 't' : 'k'}:${(event.data as { number: number }).number}`,
  evolve: (row, event) => (TICKET_TYPES.has(event.type) ? evolveTicket(row, event) : evolveTask(row, event)),
};
