// Ticket commands as the adapters call them: (actorId, ticket number, input, request meta) → CommandResult.
import type { CommandMetadata, Photo, Priority, TicketCommand, TicketEvent } from '../../domain/index.js';
import { TICKET_NUMBERS_STREAM, initialTicketState, ticketStreamName } from '../../domain/index.js';
import { ticketAggregate } from '../aggregates.js';
import { loadAssignee } from '../authorization.js';
import type { CommandResult } from '../commandHandler.js';
import type { NumberKind } from '../numbering.js';
import { reserveNumber } from '../numbering.js';
import type { ActingAs, CommandContext, RequestMeta } from './context.js';
import { AS_SCHEDULER, withNumber } from './context.js';

export interface OpenTicketInput {
  readonly title: string;
  readonly description?: string;
  readonly category: string;
  readonly location?: string;
  readonly priority?: Priority;
  readonly photos?: readonly Photo[];
}

type Result = Promise<CommandResult<TicketEvent>>;

const TICKET_NUMBERS: NumberKind = {
  counterStream: TICKET_NUMBERS_STREAM,
  eventType: 'TicketNumberReserved',
  streamNameFor: ticketStreamName,
};

export function ticketCommands(ctx: CommandContext) {
  const aggregate = ticketAggregate(ctx.policy);

  /** Authorizes, builds the command for ticket `number` and handles it on `ticket-<number>`. */
  async function onTicket(
    actorId: ActingAs,
    number: number,
    meta: RequestMeta | undefined,
    build: (metadata: CommandMetadata) => TicketCommand | Promise<TicketCommand>,
  ): Result {
    const prepared = await ctx.acting(actorId, meta);
    if (!prepared.ok) return prepared.result;
    return withNumber(await ctx.handle(aggregate, ticketStreamName(number), await build(prepared.metadata)), number);
  }

  return {
    /** Reserves the next number (only once the command would be accepted), then opens `ticket-<n>`. */
    async openTicket(actorId: string, input: OpenTicketInput, meta?: RequestMeta): Result {
      const prepared = await ctx.asPerson(actorId, meta);
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
    takeTicket: (actorId: string, number: number, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, (metadata) => ({ type: 'TakeTicket', data: {}, metadata })),
    assignTicket: (actorId: string, number: number, assigneeId: string, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, async (metadata) => ({
        type: 'AssignTicket',
        data: { assignee: await loadAssignee(ctx.store, assigneeId, ctx.adminIds) },
        metadata,
      })),
    commentTicket: (
      actorId: string,
      number: number,
      input: { text: string; photo?: Photo | null },
      meta?: RequestMeta,
    ): Result =>
      onTicket(actorId, number, meta, (metadata) => ({
        type: 'CommentTicket',
        data: { text: input.text, photo: input.photo ?? null },
        metadata,
      })),
    changeTicketPriority: (actorId: string, number: number, priority: Priority, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, (metadata) => ({ type: 'ChangeTicketPriority', data: { priority }, metadata })),
    resolveTicket: (actorId: string, number: number, resolution: string, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, (metadata) => ({ type: 'ResolveTicket', data: { resolution }, metadata })),
    confirmResolution: (actorId: string, number: number, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, (metadata) => ({ type: 'ConfirmResolution', data: {}, metadata })),
    reopenTicket: (actorId: string, number: number, reason: string, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, (metadata) => ({ type: 'ReopenTicket', data: { reason }, metadata })),
    cancelTicket: (actorId: string, number: number, reason: string, meta?: RequestMeta): Result =>
      onTicket(actorId, number, meta, (metadata) => ({ type: 'CancelTicket', data: { reason }, metadata })),
    /** The scheduler closes a ticket resolved more than AUTO_CLOSE_DAYS ago. */
    autoCloseTicket: (number: number, meta?: RequestMeta): Result =>
      onTicket(AS_SCHEDULER, number, meta, (metadata) => ({ type: 'AutoCloseTicket', data: {}, metadata })),
  };
}

export type TicketCommands = ReturnType<typeof ticketCommands>;
