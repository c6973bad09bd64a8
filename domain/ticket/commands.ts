// Ticket commands. The actor, the time and the command id travel in metadata (shared/command.ts).
import type { AssigneeSnapshot } from '../shared/guards.js';
import type { Command } from '../shared/command.js';
import type { Photo, Priority } from '../shared/values.js';

export type OpenTicket = Command<
  'OpenTicket',
  {
    /** Reserved by the application in the `numbers-ticket` stream before deciding. */
    number: number;
    title: string;
    description: string;
    category: string;
    location: string;
    priority: Priority;
    photos: readonly Photo[];
    /** The room it is opened for (a poster's link), as the room aggregate numbers it. */
    room?: string;
  }
>;
export type TakeTicket = Command<'TakeTicket', Record<string, never>>;
/** `assignee` is loaded by the application from the Staff stream. */
export type AssignTicket = Command<'AssignTicket', { assignee: AssigneeSnapshot }>;
export type CommentTicket = Command<'CommentTicket', { text: string; photo: Photo | null }>;
export type ChangeTicketPriority = Command<'ChangeTicketPriority', { priority: Priority }>;
export type ResolveTicket = Command<'ResolveTicket', { resolution: string }>;
export type ConfirmResolution = Command<'ConfirmResolution', Record<string, never>>;
/** The scheduler's ConfirmResolution, AUTO_CLOSE_DAYS after resolution. */
export type AutoCloseTicket = Command<'AutoCloseTicket', Record<string, never>>;
export type ReopenTicket = Command<'ReopenTicket', { reason: string }>;
export type CancelTicket = Command<'CancelTicket', { reason: string }>;

/** A technician on the ticket (or a manager) asks its author a question; the ticket waits on the answer. */
export type RequestTicketInfo = Command<'RequestTicketInfo', { question: string }>;
/** The author answers the question; the ticket goes back to work. */
export type ProvideTicketInfo = Command<'ProvideTicketInfo', { answer: string }>;
/** The technician (or a manager) goes on without the author's answer. */
export type ResumeTicket = Command<'ResumeTicket', Record<string, never>>;
/** The scheduler reminds the author of an unanswered question, WAITING_REMIND_DAYS school days after it. */
export type RemindTicketAuthor = Command<'RemindTicketAuthor', Record<string, never>>;
/** The scheduler closes a ticket whose author never answered, WAITING_CLOSE_DAYS school days after the reminder. */
export type CloseUnansweredTicket = Command<'CloseUnansweredTicket', Record<string, never>>;
/** The author rates the resolution they confirmed (or that closed itself), 1–5, with an optional comment. */
export type RateTicket = Command<'RateTicket', { rating: number; comment?: string }>;
/**
 * The SLA watcher's: a target passed. `dueAt` names the target moment it saw (so a moved target is refused
 * rather than escalated early), `notified` who the application tells (the category's leads or the director).
 */
export type EscalateTicket = Command<
  'EscalateTicket',
  { target: 'first_response' | 'resolution'; dueAt: string; level: 'lead' | 'director'; notified: readonly string[] }
>;

/** Someone joins the ticket instead of opening a duplicate: they follow it (told of every change). */
export type FollowTicket = Command<'FollowTicket', Record<string, never>>;
/** The ticket a merge keeps, as the application read it from its own stream just before. */
export interface SurvivorSnapshot {
  readonly number: number;
  readonly status: string;
}
/** A technician (or a manager) merges this ticket into `into`, the survivor. */
export type MergeTicket = Command<'MergeTicket', { into: SurvivorSnapshot }>;
/** The survivor's side of a merge: ticket `from` (its author and followers given) was merged into this one. */
export type AbsorbTicket = Command<'AbsorbTicket', { from: number; followers: readonly string[] }>;

/** A technician (or a manager) gives the ticket its room (`room`: as the room aggregate numbers it). */
export type SetTicketRoom = Command<'SetTicketRoom', { room: string }>;

export type TicketCommand =
  | OpenTicket
  | TakeTicket
  | AssignTicket
  | CommentTicket
  | ChangeTicketPriority
  | ResolveTicket
  | ConfirmResolution
  | AutoCloseTicket
  | ReopenTicket
  | CancelTicket
  | RequestTicketInfo
  | ProvideTicketInfo
  | ResumeTicket
  | RemindTicketAuthor
  | CloseUnansweredTicket
  | RateTicket
  | EscalateTicket
  | FollowTicket
  | MergeTicket
  | AbsorbTicket
  | SetTicketRoom;
