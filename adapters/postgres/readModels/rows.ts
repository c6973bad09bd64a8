// Row → view mapping for the read-model queries (timestamps may arrive as Date (pg) or string).
import type { StaffView, TaskView, TicketView } from '../../../application/ports/readModels.js';
import { taskOverdueSql, ticketOverdueSql } from './overdue.js';

type Raw = Record<string, unknown>;

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const maybeDate = (value: unknown): Date | null => (value === null || value === undefined ? null : date(value));
const text = (value: unknown): string => String(value ?? '');
const maybeText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Every column of `rm_tickets t` and whether the ticket is overdue at `nowParam`. */
export const TICKET_COLUMNS = (nowParam: string) => `t.*, ${ticketOverdueSql(nowParam, 't')} AS overdue`;

/** Every column of `rm_tasks t` and whether the task is overdue at `nowParam`. */
export const TASK_COLUMNS = (nowParam: string) => `t.*, ${taskOverdueSql(nowParam, 't')} AS overdue`;

export function toTicketView(row: Raw): TicketView {
  return {
    number: Number(row.number),
    title: text(row.title),
    description: text(row.description),
    category: text(row.category),
    location: text(row.location),
    priority: text(row.priority) as TicketView['priority'],
    status: text(row.status) as TicketView['status'],
    authorId: text(row.author_id),
    assigneeId: maybeText(row.assignee_id),
    openedAt: date(row.opened_at),
    dueAt: date(row.due_at),
    resolvedAt: maybeDate(row.resolved_at),
    closedAt: maybeDate(row.closed_at),
    cancelledAt: maybeDate(row.cancelled_at),
    updatedAt: date(row.updated_at),
    reopenCount: Number(row.reopen_count),
    commentCount: Number(row.comment_count),
    overdue: row.overdue === true,
    photoIds: photoIdsOf(row.photo_ids),
    rating: row.rating === null || row.rating === undefined ? null : Number(row.rating),
    ratingComment: maybeText(row.rating_comment),
    respondBy: maybeDate(row.respond_by),
    firstResponseAt: maybeDate(row.first_response_at),
    escalationCount: Number(row.escalation_count ?? 0),
    followerCount: Number(row.follower_count ?? 0),
    mergedInto: row.merged_into === null || row.merged_into === undefined ? null : Number(row.merged_into),
  };
}

/** A jsonb array of file_ids (pg parses it; PGlite may hand over the text), or none. */
function photoIdsOf(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
}

export function toTaskView(row: Raw): TaskView {
  return {
    number: Number(row.number),
    title: text(row.title),
    description: text(row.description),
    issuerId: text(row.issuer_id),
    assigneeId: text(row.assignee_id),
    status: text(row.status) as TaskView['status'],
    deadline: date(row.deadline),
    assignedAt: date(row.assigned_at),
    acceptedAt: maybeDate(row.accepted_at),
    completedAt: maybeDate(row.completed_at),
    approvedAt: maybeDate(row.approved_at),
    cancelledAt: maybeDate(row.cancelled_at),
    updatedAt: date(row.updated_at),
    missedDeadlines: Number(row.missed_deadlines),
    late: row.late === true,
    doneOnTime: row.status === 'approved' && row.on_time === true,
    overdue: row.overdue === true,
  };
}

export function toStaffView(row: Raw): StaffView {
  const categories = Array.isArray(row.categories) ? row.categories.map(String) : [];
  return {
    telegramId: text(row.telegram_id),
    fullName: text(row.full_name),
    username: maybeText(row.username),
    role: maybeText(row.role) as StaffView['role'],
    categories,
    status: text(row.status) as StaffView['status'],
    reachable: row.reachable === true,
    registeredAt: maybeDate(row.registered_at),
    updatedAt: date(row.updated_at),
    leads: Array.isArray(row.leads) ? row.leads.map(String) : [],
  };
}

/** The longest page a read-model query returns, whatever the caller asks. */
const MAX_PAGE = 1_000;

export const limitOf = (page: { limit?: number } | undefined, fallback = 50) =>
  Math.max(1, Math.min(MAX_PAGE, Math.floor(page?.limit ?? fallback)));
export const offsetOf = (page: { offset?: number } | undefined) => Math.max(0, Math.floor(page?.offset ?? 0));
