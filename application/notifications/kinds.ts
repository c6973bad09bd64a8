// Every notification the outbox carries: a kind and the facts its text needs, each kind with its own payload.
// Payload fields are picked from the domain's event schemas, so a field renamed in an event fails the type
// check here rather than showing "undefined" to a person. Stored as JSON, a payload is parsed back through
// its kind's schema: a row written by older code, or garbled, is refused with a reason, never rendered.
//
// Stored field names are part of the outbox's format (rows already waiting must still render): add fields as
// optional, never rename one.
import { z } from 'zod';
import {
  actorIdSchema,
  staffApprovedSchema,
  staffReachableSchema,
  staffRegisteredSchema,
  taskAssignedSchema,
  taskCompletedSchema,
  taskDeadlineMissedSchema,
  taskReturnedSchema,
  taskCancelledSchema,
  taskAcceptedSchema,
  taskApprovedSchema,
  taskDeadlineExtendedSchema,
  ticketAssignedSchema,
  ticketCancelledSchema,
  ticketClosedSchema,
  ticketPriorityChangedSchema,
  ticketCommentedSchema,
  ticketOpenedSchema,
  ticketReopenedSchema,
  ticketResolvedSchema,
  ticketInfoRequestedSchema,
  ticketInfoProvidedSchema,
  ticketInfoRemindedSchema,
  ticketRatedSchema,
  ticketEscalatedSchema,
  taskEscalatedSchema,
  ticketMergedSchema,
  ticketRoomSetSchema,
  humanNumberSchema,
  orderIssuedSchema,
  orderTaskSchema,
} from '../../domain/index.js';

const inlineButtonSchema = z.object({ text: z.string(), data: z.string() });

/** A message as the sender hands it to Telegram: text, buttons, forum topic, an edit, a photo. */
export const renderedMessageSchema = z.object({
  text: z.string(),
  keyboard: z.array(z.array(inlineButtonSchema)).optional(),
  threadId: z.number().int().optional(),
  editMessageId: z.number().int().optional(),
  photo: z.union([z.object({ fileId: z.string() }), z.object({ pngBase64: z.string(), filename: z.string() })]).optional(),
  /** Photos by file_id: one is sent as a photo, several as an album. */
  photos: z.array(z.object({ fileId: z.string() })).optional(),
  /** The edited message is a photo: its caption is replaced. */
  editCaption: z.boolean().optional(),
  /** A generated file sent as a document (an export), its bytes as base64. */
  document: z.object({ base64: z.string(), filename: z.string() }).optional(),
});
export type RenderedMessage = z.infer<typeof renderedMessageSchema>;

const notificationSchemas = {
  // Rows recorded before 2026-12-03 carry no photos.
  ticket_opened: ticketOpenedSchema.pick({ number: true, title: true, category: true, location: true }).extend({ photos: ticketOpenedSchema.shape.photos.optional() }),
  ticket_assigned: ticketAssignedSchema.pick({ number: true }),
  // Rows recorded before 2026-11-30 carry no resolvedAt.
  ticket_resolved: ticketResolvedSchema.pick({ number: true, resolution: true }).extend({ resolvedAt: ticketResolvedSchema.shape.resolvedAt.optional() }),
  ticket_reopened: ticketReopenedSchema.pick({ number: true, reason: true }),
  ticket_commented: ticketCommentedSchema
    .pick({ number: true, text: true })
    .extend({ commenterId: actorIdSchema, hasPhoto: z.boolean(), photo: ticketCommentedSchema.shape.photo.unwrap().optional() }),
  ticket_cancelled: ticketCancelledSchema.pick({ number: true, reason: true }),
  task_assigned: taskAssignedSchema.pick({ number: true, title: true, deadline: true }),
  // A reminder planned after a deadline was extended carries no title (the text reads the task's current one).
  task_due_soon: taskAssignedSchema
    .pick({ number: true, deadline: true })
    .extend({ hours: z.number().positive(), title: taskAssignedSchema.shape.title.optional() }),
  task_missed: taskDeadlineMissedSchema
    .pick({ number: true, title: true, deadline: true, assigneeId: true })
    .extend({ as: z.enum(['assignee', 'issuer']) }),
  task_completed: taskCompletedSchema.pick({ number: true, assigneeId: true, report: true }).extend({ photo: taskCompletedSchema.shape.photo.unwrap().optional() }),
  task_returned: taskReturnedSchema.pick({ number: true, reason: true }),
  task_cancelled: taskCancelledSchema.pick({ number: true, reason: true }),
  /**
   * The director's morning digest: the school day (ISO date) it was planned for, and which page of its chart
   * (a row per CHART_PAGE_SIZE people; rows planned before 2026-12-03 carry none: page 1).
   */
  digest: z.object({ date: z.string(), page: z.number().int().positive().optional() }),
  /**
   * A reply to a person's own action, already worded by the Telegram adapter and kept verbatim until it is
   * sent (the outbox makes it survive a crash of the bot between the webhook's 200 and Telegram).
   */
  reply: renderedMessageSchema,
  /**
   * They wrote to the bot again after it was refused delivery (403): the notices held meanwhile are
   * summarised in one message when this one is rendered.
   */
  reachable_again: staffReachableSchema.pick({ telegramId: true }),
  /** A ticket was taken (not from the technicians' group): its card in the group is edited to say by whom. */
  tech_card_taken: ticketAssignedSchema.pick({ number: true, assigneeId: true }),
  /**
   * To the author: a technician took their ticket, or a manager assigned it (previousAssigneeId set: to
   * somebody else than before). The creation reply promises this one.
   */
  ticket_taken: ticketAssignedSchema.pick({ number: true, assigneeId: true, previousAssigneeId: true }),
  /** To the technician a manager took the ticket from: who has it now. */
  ticket_reassigned: ticketAssignedSchema.pick({ number: true, assigneeId: true }),
  /** To the assignee: the priority and with it the due time changed. */
  ticket_priority_changed: ticketPriorityChangedSchema.pick({ number: true, from: true, to: true, dueAt: true, changedBy: true }),
  /** To the technician: the author confirmed the resolution; the ticket is closed. */
  ticket_confirmed: ticketClosedSchema.pick({ number: true }),
  /**
   * A resolved ticket closed itself after AUTO_CLOSE_DAYS: the author hears it with a way back (until
   * reopenableUntil), the assignee that it is done with.
   */
  ticket_auto_closed: ticketClosedSchema
    .pick({ number: true, reopenableUntil: true })
    .extend({ as: z.enum(['author', 'assignee']) }),
  /** To the issuer: the assignee accepted the task. */
  task_accepted: taskAcceptedSchema.pick({ number: true, assigneeId: true }),
  /** To the assignee: their work was accepted, on time or late. */
  task_approved: taskApprovedSchema.pick({ number: true, onTime: true }),
  /** To the assignee (and to the issuer when an admin moved it): the new deadline and why. */
  task_extended: taskDeadlineExtendedSchema
    .pick({ number: true, previousDeadline: true, newDeadline: true, reason: true, extendedBy: true })
    .extend({ as: z.enum(['assignee', 'issuer']) }),
  /**
   * A person's command menu in their private chat (setMyCommands for that chat): the commands of `role`, or
   * the short menu of someone switched off (`role: null`). Not a message: the sender sets it and sends nothing.
   */
  command_menu: staffApprovedSchema.pick({ telegramId: true }).extend({ role: staffApprovedSchema.shape.role.nullable() }),
  /** To the author: a question about their ticket, with Ответить (issue 14, item 5). */
  ticket_question: ticketInfoRequestedSchema.pick({ number: true, question: true, askedBy: true }),
  /** To the one who asked (and the assignee): the author's answer, and the due time moved by the wait. */
  ticket_answer: ticketInfoProvidedSchema.pick({ number: true, answer: true, providedBy: true, dueAt: true }),
  /** To the author: the technician went on without their answer. */
  ticket_resumed: ticketInfoProvidedSchema.pick({ number: true }),
  /** To the author, WAITING_REMIND_DAYS school days after an unanswered question: when the ticket will close. */
  ticket_question_reminder: ticketInfoRemindedSchema.pick({ number: true, closesAt: true, question: true }),
  /** To the author (with a way back) and the assignee: the ticket closed itself, its question unanswered. */
  ticket_closed_unanswered: ticketClosedSchema.pick({ number: true, reopenableUntil: true }).extend({ as: z.enum(['author', 'assignee']) }),
  /** To the author, once their ticket closed after a resolution: "Оцените решение", 1–5 (issue 14, item 6). */
  ticket_rate_request: ticketClosedSchema.pick({ number: true }),
  /** To the category's lead: the author rated the resolution 1 or 2. */
  ticket_rated_low: ticketRatedSchema.pick({ number: true, rating: true, comment: true, resolvedBy: true }),
  /**
   * The escalation ladder: to the category's leads (nobody took the ticket by its first-response target) or to
   * the director (the same with no lead; or not resolved by its resolution target).
   */
  ticket_escalated: ticketEscalatedSchema.pick({ number: true, target: true, dueAt: true, level: true, title: true, category: true, priority: true }),
  /** To the director: a task is still not completed TASK_ESCALATE_AFTER after its missed deadline. */
  task_escalated: taskEscalatedSchema.pick({ number: true, title: true, deadline: true, assigneeId: true }),
  /**
   * To a follower (issue 15, item 6): what happened to the ticket they joined — what its author hears of. `by`
   * did it; `text` is the resolution, the reason or the comment.
   */
  ticket_follower_update: ticketMergedSchema.pick({ number: true }).extend({
    change: z.enum(['taken', 'resolved', 'closed', 'reopened', 'cancelled', 'commented']),
    by: actorIdSchema,
    text: z.string().optional(),
  }),
  /** To the author and the followers of a merged ticket: it is closed, they follow the survivor now. */
  ticket_merged: ticketMergedSchema.pick({ number: true, into: true }),
  /**
   * To the category's leads (the director without one): a room's third ticket of one category within 30 days
   * (application/reactions/repeatProblems.ts). `number` is the ticket that made it; `numbers` all of them, oldest first.
   */
  room_repeat_problem: ticketRoomSetSchema
    .pick({ number: true, room: true, category: true })
    // The title as the ticket was opened, when the notice comes from its opening: the tickets read model may not
    // have it yet when the notice is rendered. Absent in notices recorded before it was carried.
    .extend({ numbers: z.array(humanNumberSchema), title: ticketOpenedSchema.shape.title.optional() }),
  /**
   * To the issuer of an order to many: one of its tasks was completed or missed its deadline. Rendered from the
   * read model when it leaves ("Выполнили 12 из 30, просрочили 3"), one line per order whatever merged.
   */
  order_progress: orderIssuedSchema.pick({ orderId: true }),
  /** To a recipient whose task of an order is not done: the issuer pressed «Напомнить». */
  order_reminder: orderIssuedSchema.pick({ orderId: true }).extend({ number: orderTaskSchema.shape.number }),
  /**
   * To every admin: somebody asks for access. The facts Telegram gave at the request travel in the row (they
   * are in no read model); whether it still waits, and whose name it resembles, is read when it leaves, and
   * the requests waiting for one admin leave as one message.
   */
  staff_request: staffRegisteredSchema.pick({ telegramId: true, fullName: true, username: true, telegram: true, registeredAt: true }),
} as const;

export type NotificationKind = keyof typeof notificationSchemas;
export type NotificationPayload<K extends NotificationKind> = z.infer<(typeof notificationSchemas)[K]>;
export type NotificationOf<K extends NotificationKind> = { kind: K; payload: NotificationPayload<K> };
/** One member per kind: narrowing on `kind` gives that kind's payload. */
export type Notification = { [K in NotificationKind]: NotificationOf<K> }[NotificationKind];

const isNotificationKind = (kind: string): kind is NotificationKind => Object.hasOwn(notificationSchemas, kind);

export type ParsedNotification = { ok: true; notification: Notification } | { ok: false; reason: string };

/** Reads a stored kind and JSON payload back; never throws. */
export function parseNotification(kind: string, payload: unknown): ParsedNotification {
  if (!isNotificationKind(kind)) return { ok: false, reason: `unknown notification kind ${kind}` };
  const parsed = notificationSchemas[kind].safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
    return { ok: false, reason: `unreadable ${kind} payload (${problems})` };
  }
  // The schema was chosen by `kind`, so the pair matches; TypeScript cannot follow that correlation.
  return { ok: true, notification: { kind, payload: parsed.data } as Notification };
}
