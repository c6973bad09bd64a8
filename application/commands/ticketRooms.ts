// A ticket's room, as a technician or a manager gives it (issue 15, item 5): the room must be on the school's
// list (read from its own stream, so a room an admin added a moment ago is already known), and the ticket's
// decider says whether this person may set it now.
import type { TicketEvent } from '../../domain/index.js';
import { roomStreamName, ticketStreamName } from '../../domain/index.js';
import { roomAggregate, ticketAggregate } from '../aggregates.js';
import type { Person } from '../people.js';
import { loadStream } from '../streamLoader.js';
import type { CommandContext, NumberedResult, RequestMeta } from './context.js';
import { withNumber } from './context.js';
import type { TicketRef } from './tickets.js';

export function ticketRoomCommands(ctx: CommandContext) {
  const tickets = ticketAggregate(ctx.policy);
  const rooms = roomAggregate(ctx.policy);
  return {
    /** Gives ticket `number` the room `room` (as the room aggregate numbers it: room/number.ts). */
    async setTicketRoom(who: Person, { number, room }: TicketRef & { room: string }, request: RequestMeta): Promise<NumberedResult<TicketEvent>> {
      const prepared = ctx.acting(who, request);
      if (!prepared.ok) return prepared.result;
      const { state } = await loadStream(ctx.store, roomStreamName(room), rooms);
      if (state.status === 'none') {
        return { ok: false, refusal: { code: 'not_found', message: `no room ${room} on the school's list`, details: { room } } };
      }
      const command = { type: 'SetTicketRoom' as const, data: { room }, metadata: prepared.metadata };
      return withNumber(await ctx.handle(tickets, ticketStreamName(number), command), number);
    },
  };
}
