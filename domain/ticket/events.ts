// Ticket events: past-tense facts. Each carries what read models and notifications need without reading
// another stream. A changed shape gets a new schemaVersion and an upcaster (domain/upcast.ts).
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import {
  actorIdSchema,
  categorySchema,
  humanNumberSchema,
  isoTimeSchema,
  optionalTextSchema,
  photoSchema,
  prioritySchema,
  telegramIdSchema,
  textSchema,
} from '../shared/values.js';
import { roomNumberSchema } from '../room/events.js';

export const ticketOpenedSchema = z.object({
  number: humanNumberSchema,
  title: textSchema,
  description: optionalTextSchema,
  category: categorySchema,
  location: optionalTextSchema,
  priority: prioritySchema,
  photos: z.array(photoSchema),
  authorId: telegramIdSchema,
  openedAt: isoTimeSchema,
  /** openedAt + the priority's resolution target (school time): unresolved after this, the ticket is overdue. */
  dueAt: isoTimeSchema,
  /** openedAt + the priority's first-response target (school time). Absent in events written before 2026-12-03. */
  respondBy: isoTimeSchema.optional(),
  /** The room the ticket was opened for (a poster's link); absent: the room its place names, if any (room/number.ts). */
  room: roomNumberSchema.optional(),
});

export const ticketAssignedSchema = z.object({
  number: humanNumberSchema,
  assigneeId: telegramIdSchema,
  assignedBy: actorIdSchema,
  /** The one it was taken from (to tell them), or null. */
  previousAssigneeId: telegramIdSchema.nullable(),
  /** True when a technician took it themselves. */
  selfAssigned: z.boolean(),
  assignedAt: isoTimeSchema,
  /** The ticket's author, to tell them who has it. Absent in events written before 2026-12-03. */
  authorId: telegramIdSchema.optional(),
  /** Who follows the ticket (joined it instead of opening a duplicate), to tell them too. Absent when nobody does. */
  followers: z.array(telegramIdSchema).optional(),
});

/**
 * Who is on the ticket when a comment or a cancellation happens, so that telling them needs no read model
 * (which may not have caught up yet). Absent in events written before it was recorded (2026-11-30).
 */
const ticketPartiesSchema = z.object({
  authorId: telegramIdSchema,
  assigneeId: telegramIdSchema.nullable(),
});

export type TicketParties = z.infer<typeof ticketPartiesSchema>;

export const ticketCommentedSchema = z.object({
  number: humanNumberSchema,
  authorId: telegramIdSchema,
  text: textSchema,
  photo: photoSchema.nullable(),
  commentedAt: isoTimeSchema,
  parties: ticketPartiesSchema.optional(),
  /** Who follows the ticket (joined it instead of opening a duplicate), to tell them too. Absent when nobody does. */
  followers: z.array(telegramIdSchema).optional(),
});

export const ticketPriorityChangedSchema = z.object({
  number: humanNumberSchema,
  from: prioritySchema,
  to: prioritySchema,
  changedBy: telegramIdSchema,
  changedAt: isoTimeSchema,
  /** The new due time: the ticket's clock start (opening or last reopening) + the new priority's due time. */
  dueAt: isoTimeSchema,
  /** The new first-response target from the clock start. Absent in events written before 2026-12-03. */
  respondBy: isoTimeSchema.optional(),
  /** Who is on the ticket, to tell its assignee. Absent in events written before 2026-12-03. */
  parties: ticketPartiesSchema.optional(),
});

export const ticketResolvedSchema = z.object({
  number: humanNumberSchema,
  resolvedBy: telegramIdSchema,
  resolution: textSchema,
  resolvedAt: isoTimeSchema,
  /** Who should confirm (the ticket's author). */
  authorId: telegramIdSchema,
  /** Who follows the ticket (joined it instead of opening a duplicate), to tell them too. Absent when nobody does. */
  followers: z.array(telegramIdSchema).optional(),
});

export const ticketClosedSchema = z.object({
  number: humanNumberSchema,
  closedBy: actorIdSchema,
  /** True when the scheduler closed it after AUTO_CLOSE_DAYS without the author's answer. */
  auto: z.boolean(),
  closedAt: isoTimeSchema,
  /** Who is on the ticket, to tell them. Absent in events written before 2026-12-03. */
  parties: ticketPartiesSchema.optional(),
  /** On an auto-close: the author may reopen it until this moment (REOPEN_DAYS). Absent before 2026-12-03. */
  reopenableUntil: isoTimeSchema.optional(),
  /**
   * True when the scheduler closed a ticket that waited on its author's answer (TicketInfoRequested) through
   * the reminder and WAITING_CLOSE_DAYS more. Such a close ends no resolution, so it is not rated.
   */
  unanswered: z.boolean().optional(),
  /** Who follows the ticket (joined it instead of opening a duplicate), to tell them too. Absent when nobody does. */
  followers: z.array(telegramIdSchema).optional(),
});

export const ticketReopenedSchema = z.object({
  number: humanNumberSchema,
  reopenedBy: telegramIdSchema,
  reason: textSchema,
  from: z.enum(['resolved', 'closed']),
  /** It goes back to whoever resolved it. */
  assigneeId: telegramIdSchema.nullable(),
  reopenedAt: isoTimeSchema,
  /** A reopened ticket gets a fresh due time from now at its priority. */
  dueAt: isoTimeSchema,
  /**
   * Reopened with nobody on it: a fresh first-response target from now. Absent when it goes back to an assignee
   * and in events written before 2026-12-03.
   */
  respondBy: isoTimeSchema.optional(),
  /** The ticket's author, to tell them when somebody else (an admin) reopens it. Absent before 2026-12-03. */
  authorId: telegramIdSchema.optional(),
  /** Who follows the ticket (joined it instead of opening a duplicate), to tell them too. Absent when nobody does. */
  followers: z.array(telegramIdSchema).optional(),
});

export const ticketCancelledSchema = z.object({
  number: humanNumberSchema,
  cancelledBy: telegramIdSchema,
  reason: textSchema,
  from: z.enum(['open', 'in_progress']),
  cancelledAt: isoTimeSchema,
  parties: ticketPartiesSchema.optional(),
  /** Who follows the ticket (joined it instead of opening a duplicate), to tell them too. Absent when nobody does. */
  followers: z.array(telegramIdSchema).optional(),
});

/** The status a ticket waiting on its author goes back to once they answer. */
const resumableStatusSchema = z.enum(['open', 'in_progress']);

/** A technician (or a manager) asked the ticket's author a question: the ticket waits on the author's answer. */
export const ticketInfoRequestedSchema = z.object({
  number: humanNumberSchema,
  question: textSchema,
  askedBy: telegramIdSchema,
  askedAt: isoTimeSchema,
  /** Where it goes back to once answered. */
  from: resumableStatusSchema.optional(),
  parties: ticketPartiesSchema.optional(),
});

/**
 * The author answered (or the technician went on without an answer: `withoutAnswer`, `answer` empty). The SLA
 * clock stood still while it waited: `dueAt` is the old due time moved by the school time spent waiting.
 */
export const ticketInfoProvidedSchema = z.object({
  number: humanNumberSchema,
  answer: optionalTextSchema,
  providedBy: telegramIdSchema,
  providedAt: isoTimeSchema,
  dueAt: isoTimeSchema,
  /** Who asked: they hear the answer. */
  askedBy: telegramIdSchema.optional(),
  /** The status it went back to. */
  resumedTo: resumableStatusSchema.optional(),
  withoutAnswer: z.boolean().optional(),
  parties: ticketPartiesSchema.optional(),
});

/** The scheduler reminded the author, WAITING_REMIND_DAYS school days after the question, of an unanswered one. */
export const ticketInfoRemindedSchema = z.object({
  number: humanNumberSchema,
  askedAt: isoTimeSchema,
  remindedAt: isoTimeSchema,
  /** When the ticket closes itself unless answered (WAITING_CLOSE_DAYS school days later). */
  closesAt: isoTimeSchema,
  authorId: telegramIdSchema,
  /** The question, to repeat it to the author. */
  question: textSchema.optional(),
});

/**
 * The author rated the resolution (1–5) after confirming it or after its auto-close. Once per resolution
 * (`resolvedAt` names it); a second rating within a day of the first replaces it (`previousRating`).
 */
export const ticketRatedSchema = z.object({
  number: humanNumberSchema,
  rating: z.number().int().min(1).max(5),
  comment: optionalTextSchema.optional(),
  ratedBy: telegramIdSchema,
  ratedAt: isoTimeSchema,
  resolvedAt: isoTimeSchema,
  /** Who resolved the rated resolution: the rating counts for them in the KPI. */
  resolvedBy: telegramIdSchema.optional(),
  previousRating: z.number().int().min(1).max(5).optional(),
  /** The ticket's category, so its lead can be told of a low rating without a read model. */
  category: categorySchema.optional(),
});

/**
 * A service-level target passed (the escalation ladder, application/reactions/slaWatcher.ts): the first
 * response with nobody on the ticket (told: the category's leads, or the director without one), or the
 * resolution with the ticket unresolved (told: the director). Once per ticket, target and due moment; nothing
 * undoes it.
 */
export const ticketEscalatedSchema = z.object({
  number: humanNumberSchema,
  target: z.enum(['first_response', 'resolution']),
  /** The target that passed (respondBy or dueAt at the time). */
  dueAt: isoTimeSchema,
  priority: prioritySchema,
  category: categorySchema,
  title: textSchema,
  /** The step of the ladder: the category's leads, or the director (the resolution; a category with no lead). */
  level: z.enum(['lead', 'director']),
  /** Who was told. */
  notified: z.array(telegramIdSchema),
  escalatedAt: isoTimeSchema,
});

/**
 * Someone joined the ticket instead of opening a duplicate ("Об этом уже сообщили"): they hear of its every
 * change, as its author does, and count in its reach. Never the author; joining twice records nothing.
 */
export const ticketFollowedSchema = z.object({
  number: humanNumberSchema,
  followerId: telegramIdSchema,
  followedAt: isoTimeSchema,
  authorId: telegramIdSchema,
});

/**
 * The ticket was merged into another one (`into`, the survivor): it is closed with a pointer, its history
 * kept. Its author and followers follow the survivor from now on (the survivor's TicketAbsorbed records that).
 */
export const ticketMergedSchema = z.object({
  number: humanNumberSchema,
  into: humanNumberSchema,
  mergedBy: telegramIdSchema,
  mergedAt: isoTimeSchema,
  from: z.enum(['open', 'in_progress', 'waiting']),
  parties: ticketPartiesSchema,
  followers: z.array(telegramIdSchema),
});

/**
 * The survivor's side of a merge: ticket `from` was merged into this one; `followers` are the people (the
 * merged ticket's author and followers) who follow this one from now on, those who did not already.
 */
export const ticketAbsorbedSchema = z.object({
  number: humanNumberSchema,
  from: humanNumberSchema,
  absorbedAt: isoTimeSchema,
  followers: z.array(telegramIdSchema),
});

/**
 * A technician (or a manager) gave the ticket its room: one it had none for, or another one. The room's history
 * lists the ticket from then on, and a repeat problem counts it (application/reactions/repeatProblems.ts).
 */
export const ticketRoomSetSchema = z.object({
  number: humanNumberSchema,
  room: roomNumberSchema,
  /** The room it had before (from its place or an earlier setting), or null. */
  previousRoom: roomNumberSchema.nullable(),
  category: categorySchema,
  openedAt: isoTimeSchema,
  setBy: telegramIdSchema,
  setAt: isoTimeSchema,
});

export const ticketEventSchemas = {
  TicketOpened: ticketOpenedSchema,
  TicketAssigned: ticketAssignedSchema,
  TicketCommented: ticketCommentedSchema,
  TicketPriorityChanged: ticketPriorityChangedSchema,
  TicketResolved: ticketResolvedSchema,
  TicketClosed: ticketClosedSchema,
  TicketReopened: ticketReopenedSchema,
  TicketCancelled: ticketCancelledSchema,
  TicketInfoRequested: ticketInfoRequestedSchema,
  TicketInfoProvided: ticketInfoProvidedSchema,
  TicketInfoReminded: ticketInfoRemindedSchema,
  TicketRated: ticketRatedSchema,
  TicketEscalated: ticketEscalatedSchema,
  TicketRoomSet: ticketRoomSetSchema,
  TicketFollowed: ticketFollowedSchema,
  TicketMerged: ticketMergedSchema,
  TicketAbsorbed: ticketAbsorbedSchema,
} as const;

export type TicketEventType = keyof typeof ticketEventSchemas;

/** The current schemaVersion of each ticket event's data. */
export const ticketEventSchemaVersions: Readonly<Record<TicketEventType, number>> = {
  TicketOpened: 1,
  TicketAssigned: 1,
  TicketCommented: 1,
  TicketPriorityChanged: 1,
  TicketResolved: 1,
  TicketClosed: 1,
  TicketReopened: 1,
  TicketCancelled: 1,
  TicketInfoRequested: 1,
  TicketInfoProvided: 1,
  TicketRoomSet: 1,
  TicketInfoReminded: 1,
  TicketRated: 1,
  TicketEscalated: 1,
  TicketFollowed: 1,
  TicketMerged: 1,
  TicketAbsorbed: 1,
};

export type TicketEventOf<T extends TicketEventType> = DomainEvent<T, z.infer<(typeof ticketEventSchemas)[T]>>;
export type TicketEvent = { [T in TicketEventType]: TicketEventOf<T> }[TicketEventType];

export const TICKET_EVENT_TYPES = Object.keys(ticketEventSchemas) as TicketEventType[];
