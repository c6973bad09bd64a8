// What the read side answers. The Telegram adapter, the CLI and the HTTP API ask these questions and never
// write SQL. Time-based facts (overdue, due soon) are computed against the `now` the caller passes (from
// the Clock port), so they are right as time passes without any new event.

import type { Priority, Role, StaffStatus, TaskStatus, TicketStatus } from '../../domain/index.js';
import type { SlaQueries } from '../sla/slaFigures.js';
import type { Recurrence } from '../../domain/index.js';

export type { StaffStatus, TaskStatus, TicketStatus };

export interface TicketView {
  number: number;
  title: string;
  description: string;
  category: string;
  location: string;
  priority: Priority;
  status: TicketStatus;
  authorId: string;
  assigneeId: string | null;
  openedAt: Date;
  dueAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  updatedAt: Date;
  reopenCount: number;
  commentCount: number;
  /** Unresolved (open or in progress) past its due time, at the `now` of the query. */
  overdue: boolean;
  /** The Telegram file_ids of the photos it was opened with (absent or empty: none). */
  photoIds?: string[];
  /** The author's rating (1–5) of the last rated resolution, and its comment (absent or null: none). */
  rating?: number | null;
  ratingComment?: string | null;
  /** The first-response target (school time); null for tickets opened before SLA. */
  respondBy?: Date | null;
  /** When somebody was first on it (taken or assigned). */
  firstResponseAt?: Date | null;
  /** How many SLA escalations it has had. */
  escalationCount?: number;
  /** How many people joined it instead of opening a duplicate (or followed a ticket merged into it). */
  followerCount?: number;
  /** The ticket it was merged into (it is closed), or null. */
  mergedInto?: number | null;
}

export interface TaskView {
  number: number;
  title: string;
  description: string;
  issuerId: string;
  assigneeId: string;
  status: TaskStatus;
  deadline: Date;
  assignedAt: Date;
  acceptedAt: Date | null;
  completedAt: Date | null;
  approvedAt: Date | null;
  cancelledAt: Date | null;
  updatedAt: Date;
  /** How many deadlines of this task the watcher recorded as missed. */
  missedDeadlines: number;
  /** Some deadline was missed, or it was completed after its deadline: late in the KPI for good. */
  late: boolean;
  /** Approved, completed before its deadline, never late. */
  doneOnTime: boolean;
  /** Not completed while its deadline has passed, at the `now` of the query. */
  overdue: boolean;
}

export interface StaffView {
  telegramId: string;
  fullName: string;
  username: string | null;
  role: Role | null;
  categories: string[];
  status: StaffStatus;
  reachable: boolean;
  registeredAt: Date | null;
  updatedAt: Date;
  /** The categories they lead (the escalation ladder); absent or empty: none. */
  leads?: string[];
}

export interface Page {
  limit?: number;
  offset?: number;
}

/** One page of a longer list and how long the whole list is (for "стр. 2 из 3"). */
export interface Paged<T> {
  items: T[];
  total: number;
}

export interface TicketFilter extends Page {
  statuses?: readonly TicketStatus[];
  categories?: readonly string[];
  authorId?: string;
  assigneeId?: string;
  /** True: only unassigned tickets. */
  unassigned?: boolean;
  /** Only tickets overdue at `now`. */
  overdueOnly?: boolean;
}

export interface TicketQueries {
  ticketByNumber(number: number, now: Date): Promise<TicketView | undefined>;
  ticketsByAuthor(authorId: string, now: Date, page?: Page & { activeOnly?: boolean }): Promise<TicketView[]>;
  ticketsByAssignee(assigneeId: string, now: Date, page?: Page & { activeOnly?: boolean }): Promise<TicketView[]>;
  ticketsByStatus(statuses: readonly TicketStatus[], now: Date, page?: Page): Promise<TicketView[]>;
  /** The technicians' queue: open and in-progress tickets, most urgent first, then oldest due first. */
  ticketQueue(now: Date, options?: Page & { categories?: readonly string[]; unassignedOnly?: boolean }): Promise<TicketView[]>;
  /** Any combination of the filters above, newest first. */
  findTickets(filter: TicketFilter, now: Date): Promise<TicketView[]>;
  overdueTickets(now: Date, page?: Page): Promise<TicketView[]>;
  /** The queue a page at a time: open and in-progress tickets, overdue first, then urgent → low, then oldest. */
  ticketQueuePage(now: Date, options?: Page & { categories?: readonly string[] }): Promise<Paged<TicketView>>;
  /** Active tickets (open, in progress, resolved) this person opened or works on, in the queue's order. */
  myTicketsPage(telegramId: string, now: Date, page?: Page): Promise<Paged<TicketView>>;
}

export interface TaskQueries {
  taskByNumber(number: number, now: Date): Promise<TaskView | undefined>;
  /** Tasks assigned to this person; active ones (assigned, accepted, completed) unless `all`. */
  myTasks(assigneeId: string, now: Date, page?: Page & { all?: boolean }): Promise<TaskView[]>;
  /** Tasks this person issued; active ones unless `all`. */
  tasksIssuedBy(issuerId: string, now: Date, page?: Page & { all?: boolean }): Promise<TaskView[]>;
  overdueTasks(now: Date, page?: Page & { assigneeId?: string; issuerId?: string }): Promise<TaskView[]>;
  /** Tasks not yet completed whose deadline falls in (now, now + withinMs]: for reminders. */
  tasksDueSoon(now: Date, withinMs: number, page?: Page): Promise<TaskView[]>;
  /** Active tasks assigned to this person a page at a time: overdue first, then the nearest deadline. */
  myTasksPage(assigneeId: string, now: Date, page?: Page): Promise<Paged<TaskView>>;
  /** Active tasks this person issued, in the same order. */
  tasksIssuedByPage(issuerId: string, now: Date, page?: Page): Promise<Paged<TaskView>>;
}

export interface StaffQueries {
  staffById(telegramId: string): Promise<StaffView | undefined>;
  staffDirectory(options?: Page & { statuses?: readonly StaffStatus[] }): Promise<StaffView[]>;
  /** Case-insensitive search in full names (any word's beginning or a substring). */
  searchStaff(text: string, options?: Page & { activeOnly?: boolean }): Promise<StaffView[]>;
  staffByRole(roles: readonly string[], options?: Page & { category?: string }): Promise<StaffView[]>;
  /** Display names for ids (missing ids are left out). */
  staffNames(telegramIds: readonly string[]): Promise<Map<string, string>>;
  /** Active people leading a category (StaffLeadsChanged), by name. */
  staffLeading(category: string): Promise<StaffView[]>;
}

export interface KpiFigures {
  tasksTotal: number;
  /** Approved. */
  tasksDone: number;
  tasksDoneOnTime: number;
  /** Assigned, accepted or completed and awaiting approval. */
  tasksOpen: number;
  tasksCancelled: number;
  tasksOverdue: number;
  /** done / (total − cancelled), 0 when nothing counts. */
  completionRate: number;
  /** done on time / done, 0 when nothing is done. */
  onTimeRate: number;
  ticketsOpened: number;
  ticketsResolved: number;
  /** Neither closed nor cancelled (open, in progress, resolved and awaiting confirmation). */
  ticketsOpen: number;
  ticketsOverdue: number;
  /** Median of (last resolution − opening) over resolved and closed tickets, null when there are none. */
  medianResolveMs: number | null;
  /**
   * The authors' average rating (1–5) of resolutions: the last rated resolution of each ticket, counted for
   * whoever resolved it; null when none was rated (issue 14, item 6). Absent from figures built elsewhere.
   */
  ratingAverage?: number | null;
  ratingsCount?: number;
}

export interface PersonKpi extends KpiFigures {
  telegramId: string;
  fullName: string | null;
}

export interface KpiPeriod {
  /** Count tasks assigned / tickets opened at or after this instant. */
  from?: Date;
  /** … and before this one. */
  to?: Date;
}

export interface KpiQueries {
  /** Tasks as assignee, tickets as author (opened) and as assignee (resolved, overdue). */
  kpiForPerson(telegramId: string, now: Date, period?: KpiPeriod): Promise<PersonKpi>;
  kpiOverall(now: Date, period?: KpiPeriod): Promise<KpiFigures>;
  /** One line per person with any task or ticket, sorted by name. */
  kpiByPerson(now: Date, period?: KpiPeriod): Promise<PersonKpi[]>;
}

/** The gauges' view: the four numbers Prometheus scrapes, in one query. */
export interface GaugeFigures {
  ticketsOpen: number;
  tasksTotal: number;
  tasksDone: number;
  tasksOverdue: number;
}

export interface GaugeQueries {
  gaugeFigures(now: Date): Promise<GaugeFigures>;
  /** Rated tickets by their (last) rating, 1–5, read from the tickets read model (issue 14, item 6). */
  ratingCounts?(): Promise<Readonly<Record<number, number>>>;
}

/** A room as the posters and the room link read it. */
export interface RoomView {
  number: string;
  name: string;
  floor: number | null;
  category: string;
}

export interface RoomQueries {
  roomByNumber(number: string): Promise<RoomView | undefined>;
  /** Every room, by floor and then number as people read it (2 before 10). */
  allRooms(): Promise<RoomView[]>;
}

/** A room's history (issue 15, item 5): its tickets, by the room each ticket is in (domain/room/number.ts). */
export interface RoomHistoryQueries {
  /** The room's tickets, newest first, a page at a time: every ticket card is for any active staff member to see. */
  roomTicketsPage(room: string, now: Date, page?: Page): Promise<Paged<TicketView>>;
  /** The room ticket `number` is in: null when it names none, undefined when it is not in the read model (yet). */
  ticketRoom(number: number): Promise<string | null | undefined>;
}


// Search (docs/search.md): tickets and tasks by words, number, room, person, status and period.

/** Whom the results are for: the visibility rules of cards (docs/access.md) apply inside the query. */
export interface SearchViewer {
  telegramId: string;
  role: Role | null;
  status: StaffStatus | 'none';
}

/**
 * Statuses as people ask for them: new, open (not finished: tickets open, in progress or resolved, tasks
 * assigned, accepted or completed), in progress, resolved (awaiting confirmation or approval), done, closed,
 * cancelled, overdue (still active past the due time or deadline).
 */
export type SearchStatus = 'new' | 'open' | 'in_progress' | 'resolved' | 'done' | 'closed' | 'cancelled' | 'overdue';

/** One thing the query asks for; an item matches a term when it matches any of its parts. */
export interface SearchTerm {
  /** A word (stemmed with the `russian` configuration) in the text the viewer may see. */
  word?: string;
  /** Its number. */
  number?: number;
  /** The room in its place ("204" also finds "204а"). */
  room?: string;
  /** A word that may name a person (author, issuer or assignee), looked up in the staff read model. */
  person?: string;
}

export interface SearchRequest extends Page {
  viewer: SearchViewer;
  /** Every term must match. */
  terms: readonly SearchTerm[];
  kind?: 'ticket' | 'task';
  /** Any of these. */
  statuses?: readonly SearchStatus[];
  /** Opened (tickets) or assigned (tasks) at or after this instant … */
  from?: Date;
  /** … and before this one. */
  to?: Date;
}

export interface SearchHit {
  kind: 'ticket' | 'task';
  number: number;
  title: string;
  /** The ticket's or task's own status. */
  status: TicketStatus | TaskStatus;
  location: string;
  openedAt: Date;
  dueAt: Date;
  overdue: boolean;
  /** ts_rank_cd of the words (0 without words). */
  rank: number;
}

/** A page of results; `more`: there are more than `total` (a tier too large to count further, docs/search.md). */
export interface SearchResults extends Paged<SearchHit> {
  more: boolean;
}

export interface SearchQueries {
  /**
   * What matches in titles, descriptions and places (or by number, room, person) first, then what matches
   * only through comments and reports; each ranked by ts_rank_cd (an exact number first), ties newest first.
   */
  search(request: SearchRequest, now: Date): Promise<SearchResults>;
}

// Recurring orders (/repeat): each recurrence as the scheduler's reaction folded it.

/** A recurrence with the moment its next occurrence is due (null: paused, stopped or no more school days). */
export type RecurrenceView = Recurrence & { nextAt: Date | null };

export interface RecurrenceQueries {
  /** Recurrences not stopped, oldest first: one issuer's, or everybody's (null, for an admin). */
  recurrencesIssuedBy(issuerId: string | null): Promise<RecurrenceView[]>;
  recurrenceById(recurrenceId: string): Promise<RecurrenceView | undefined>;
}

// "Об этом уже сообщили" (issue 15, item 6): open tickets that are probably the problem being described.

export interface DuplicateRequest {
  /** What the person wrote about the problem. */
  text: string;
  /** The place as typed ("каб. 204", "актовый зал"); undefined or empty when unknown. */
  place?: string;
  /** The category chosen, or null when the flow did not ask. */
  category: string | null;
  /** Their own tickets are not offered to them. */
  excludeAuthor?: string;
}

/** An open ticket offered to join instead of opening a duplicate. */
export interface DuplicateOffer {
  number: number;
  title: string;
  openedAt: Date;
}

export interface DuplicateQueries {
  /** At most a few open tickets, most probable first; none when nothing is likely (the usual case). */
  likelyDuplicates(request: DuplicateRequest, now: Date): Promise<DuplicateOffer[]>;
}

// Staff groups and orders to many (issue 15, items 1 and 2).

export interface StaffGroupView {
  groupId: string;
  name: string;
  /** Telegram ids, in the order they joined. */
  members: string[];
  removed: boolean;
}

export interface GroupQueries {
  /** Groups not removed, by name. */
  staffGroups(): Promise<StaffGroupView[]>;
  /** One group, removed or not. */
  staffGroup(groupId: string): Promise<StaffGroupView | undefined>;
}

/** An order's tasks counted from the tasks read model: total = missing + done + open + cancelled. */
export interface OrderCounts {
  total: number;
  /** Numbers recorded in the order whose task is not in the read model (yet, or a fan-out cut short). */
  missing: number;
  /** Completed or approved. */
  done: number;
  /** Completed, waiting for the issuer's approval. */
  awaitingApproval: number;
  /** Assigned or accepted. */
  open: number;
  /** Open with the deadline passed at the query's `now`. */
  overdue: number;
  cancelled: number;
}

export interface OrderView {
  orderId: string;
  issuerId: string;
  title: string;
  description: string;
  deadline: Date;
  targetKind: 'people' | 'group' | 'role';
  /** The group's name or the role; empty for people picked one by one. */
  targetLabel: string;
  taskNumbers: number[];
  assigneeIds: string[];
  status: 'issued' | 'cancelled';
  issuedAt: Date;
  cancelledAt: Date | null;
  remindedAt: Date | null;
  reminders: number;
  counts: OrderCounts;
}

export interface OrderQueries {
  /** Orders this person issued, newest first. */
  ordersIssuedBy(issuerId: string, now: Date, page?: Page): Promise<OrderView[]>;
  /** One order with its tasks (those in the read model), by number. */
  orderSummary(orderId: string, now: Date): Promise<{ order: OrderView; tasks: TaskView[] } | undefined>;
}

export interface ReadModels extends TicketQueries, TaskQueries, StaffQueries, KpiQueries, GaugeQueries, RoomQueries, SearchQueries, SlaQueries, GroupQueries, OrderQueries, RoomHistoryQueries, RecurrenceQueries, DuplicateQueries {}
