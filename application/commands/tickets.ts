// Ticket commands as the adapters call them: (who, input naming the ticket, request) → result with its number.
import type { CommandMetadata, Photo, Priority, TicketCommand, TicketEvent } from '../../domain/index.js';
import { TICKET_NUMBERS_STREAM, initialTicketState, ticketStreamName } from '../../domain/index.js';
import { ticketAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { NumberKind } from '../numbering.js';
import { reserveNumber } from '../numbering.js';
import type { Person, Scheduler } from '../people.js';
import type { CommandContext, NumberedResult, RequestMeta, Who } from './context.js';
import { withNumber } from './context.js';

export interface OpenTicketInput {
  readonly title: string;
  readonly description?: string;
  readonly category: string;
  readonly location?: string;
  readonly priority?: Priority;
  readonly photos?: readonly Photo[];
  /** The room it is opened for (a poster's link). */
  readonly room?: string;
}

/** Names the ticket a command acts on. */
export interface TicketRef {
  readonly number: number;
}

type Result = Promise<NumberedResult<TicketEvent>>;

const TICKET_NUMBERS: NumberKind = {
  counterStream: TICKET_NUMBERS_STREAM,
  eventType: 'TicketNumberReserved',
  streamNameFor: ticketStreamName,
};

export function ticketCommands(ctx: CommandContext) {
  const aggregate = ticketAggregate(ctx.policy);

  /** Authorizes, builds the command for ticket `number` and handles it on `ticket-<number>`. */
  async function onTicket(
    who: Who,
    number: number,
    request: RequestMeta,
    build: (metadata: CommandMetadata) => TicketCommand,
  ): Result {
    const prepared = ctx.acting(who, request);
    if (!prepared.ok) return prepared.result;
    return withNumber(await ctx.handle(aggregate, ticketStreamName(number), build(prepared.metadata)), number);
  }

  return {
    /** Reserves the next number (only once the command would be accepted), then opens `ticket-<n>`. */
    async openTicket(who: Person, input: OpenTicketInput, request: RequestMeta): Result {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const { metadata } = prepared;
      const draft = (number: number): TicketCommand => ({
        type: 'OpenTicket',
        data: {
          number,
          title: input.title,
          description: input.description ?? '',
          category: input.category,
          location: input.location ?? '',
          priority: input.priority ?? 'normal',
          photos: input.photos ?? [],
          ...(input.room === undefined ? {} : { room: input.room }),
        },
        metadata,
      });
      // Decided once on an empty stream first, so an invalid ticket does not burn a number (opening a ticket
      // does not depend on the time, so a retry passes it as the first attempt did). A retry then gets the
      // number it reserved before: the reservation's event id comes from the command id, so the counter
      // recognises it (see numbering.ts), and `handle` finds the ticket's events already there.
      const dryRun = aggregate.decide(draft(1), initialTicketState);
      if (!dryRun.ok) return dryRun;
      // A fresh number was never used before, so its stream need not be read before the append.
      const { number, fresh } = await reserveNumber(ctx.store, TICKET_NUMBERS, metadata);
      return withNumber(await ctx.handle(aggregate, ticketStreamName(number), draft(number), { expectNewStream: fresh }), number);
    },
    /**
     * A manager gives the ticket to a technician (or another one: a reassignment names the previous one in
     * the event). The assignee is read from their own Staff stream, so a technician deactivated a moment ago
     * is refused; tickets go to the people who fix things, so anyone else is not eligible here.
     */
    async assignTicket(who: Person, { number, assigneeId }: TicketRef & { assigneeId: string }, request: RequestMeta): Result {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const assignee = await loadAssignee(ctx.store, assigneeId, ctx.adminIds);
      if (assignee.active && assignee.role !== 'technician') {
        return {
          ok: false,
          refusal: { code: 'assignee_not_eligible', message: 'tickets are assigned to technicians', details: { assigneeId, role: assignee.role } },
        };
      }
      return withNumber(
        await ctx.handle(aggregate, ticketStreamName(number), { type: 'AssignTicket', data: { assignee }, metadata: prepared.metadata }),
        number,
      );
    },
    takeTicket: (who: Person, { number }: TicketRef, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'TakeTicket', data: {}, metadata })),
    commentTicket: (
      who: Person,
      { number, text, photo }: TicketRef & { text: string; photo?: Photo | null },
      request: RequestMeta,
    ): Result =>
      onTicket(who, number, request, (metadata) => ({
        type: 'CommentTicket',
        data: { text, photo: photo ?? null },
        metadata,
      })),
    changeTicketPriority: (who: Person, { number, priority }: TicketRef & { priority: Priority }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'ChangeTicketPriority', data: { priority }, metadata })),
    resolveTicket: (who: Person, { number, resolution }: TicketRef & { resolution: string }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'ResolveTicket', data: { resolution }, metadata })),
    confirmResolution: (who: Person, { number }: TicketRef, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'ConfirmResolution', data: {}, metadata })),
    reopenTicket: (who: Person, { number, reason }: TicketRef & { reason: string }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'ReopenTicket', data: { reason }, metadata })),
    cancelTicket: (who: Person, { number, reason }: TicketRef & { reason: string }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'CancelTicket', data: { reason }, metadata })),
    /** The scheduler closes a ticket resolved more than AUTO_CLOSE_DAYS ago. */
    autoCloseTicket: (who: Scheduler, { number }: TicketRef, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'AutoCloseTicket', data: {}, metadata })),
    /** A technician on the ticket (or a manager) asks its author a question; the ticket waits on the answer. */
    requestTicketInfo: (who: Person, { number, question }: TicketRef & { question: string }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'RequestTicketInfo', data: { question }, metadata })),
    /** The author answers; the ticket goes back to work with its due time moved by the wait. */
    provideTicketInfo: (who: Person, { number, answer }: TicketRef & { answer: string }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'ProvideTicketInfo', data: { answer }, metadata })),
    /** The technician (or a manager) goes on without the author's answer. */
    resumeTicket: (who: Person, { number }: TicketRef, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'ResumeTicket', data: {}, metadata })),
    /** The scheduler reminds the author of an unanswered question (WAITING_REMIND_DAYS school days after it). */
    remindTicketAuthor: (who: Scheduler, { number }: TicketRef, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'RemindTicketAuthor', data: {}, metadata })),
    /** The scheduler closes a ticket whose author never answered (WAITING_CLOSE_DAYS school days after the reminder). */
    closeUnansweredTicket: (who: Scheduler, { number }: TicketRef, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'CloseUnansweredTicket', data: {}, metadata })),
    /** The author rates the resolution (1–5), with an optional comment; again within a day replaces it. */
    rateTicket: (who: Person, { number, rating, comment }: TicketRef & { rating: number; comment?: string }, request: RequestMeta): Result =>
      onTicket(who, number, request, (metadata) => ({ type: 'RateTicket', data: { rating, ...(comment === undefined ? {} : { comment }) }, metadata })),
    /** The SLA watcher: a target passed (once per ticket, target and due moment). */
    escalateTicket: (
      who: Scheduler,
      { number, target, dueAt, level, notified }: TicketRef & { target: 'first_response' | 'resolution'; dueAt: string; level: 'lead' | 'director'; notified: readonly string[] },
      request: RequestMeta,
    ): Result => onTicket(who, number, request, (metadata) => ({ type: 'EscalateTicket', data: { target, dueAt, level, notified }, metadata })),
  };
}

export type TicketCommands = ReturnType<typeof ticketCommands>;
