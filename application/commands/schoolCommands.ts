// The one object the adapters (Telegram, CLI, HTTP) and the scheduler call to change anything, plus the
// stream readers that give an aggregate's current state straight from the event store.
import type { StaffState, TaskEvent, TaskState, TicketEvent, TicketState } from '../../domain/index.js';
import { taskStreamName, ticketStreamName } from '../../domain/index.js';
import { taskAggregate, ticketAggregate } from '../aggregates.js';
import { loadStaffStream, withinRequest } from '../requestScope.js';
import type { ActorLookup } from '../authorization.js';
import { authorize } from '../authorization.js';
import type { LoadedStream } from '../streamLoader.js';
import { loadStream } from '../streamLoader.js';
import type { StaffEvent } from '../../domain/index.js';
import type { SchoolCommandsDeps } from './context.js';
import { createCommandContext } from './context.js';
import { staffCommands } from './staff.js';
import { taskCommands } from './tasks.js';
import { ticketCommands } from './tickets.js';

export function createSchoolCommands(deps: SchoolCommandsDeps) {
  const ctx = createCommandContext(deps);
  const tickets = ticketAggregate(ctx.policy);
  return {
    ...ticketCommands(ctx),
    ...taskCommands(ctx),
    ...staffCommands(ctx),
    /** Who `actorId` is now (role, status), or why they may do nothing: for adapters deciding what to show. */
    whoIs: (actorId: string): Promise<ActorLookup> => authorize(deps.eventStore, actorId, ctx.adminIds),
    loadTicket: (number: number): Promise<LoadedStream<TicketState, TicketEvent>> =>
      loadStream(deps.eventStore, ticketStreamName(number), tickets),
    loadTask: (number: number): Promise<LoadedStream<TaskState, TaskEvent>> =>
      loadStream(deps.eventStore, taskStreamName(number), taskAggregate),
    /** A person's Staff stream (read once per request inside `withinRequest`). */
    loadStaff: (telegramId: string): Promise<LoadedStream<StaffState, StaffEvent>> => loadStaffStream(deps.eventStore, telegramId),
    /** Runs one request (a Telegram update): each person's Staff stream is read once while it runs. */
    withinRequest,
  };
}

export type SchoolCommands = ReturnType<typeof createSchoolCommands>;
export type { SchoolCommandsDeps, RequestMeta } from './context.js';
export type { OpenTicketInput } from './tickets.js';
export type { AssignTaskInput } from './tasks.js';
