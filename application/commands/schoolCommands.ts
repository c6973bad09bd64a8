// The one object the adapters (Telegram, CLI, HTTP) and the scheduler call to change anything. Every command
// has one shape: (who, input, request) — who is the Person issuing it (resolved once per request with
// `person`) or the scheduler; input names the ticket, task or person it acts on; request carries the
// command id that makes a retry apply once.
import type { Person } from '../people.js';
import { resolvePerson } from '../people.js';
import type { SchoolCommandsDeps } from './context.js';
import { createCommandContext } from './context.js';
import { roomCommands } from './rooms.js';
import { groupCommands } from './groups.js';
import { orderCommands } from './orders.js';
import { staffCommands } from './staff.js';
import { taskCommands } from './tasks.js';
import { ticketCommands } from './tickets.js';
import { recurrenceCommands } from './recurrences.js';
import { followerCommands } from './followers.js';
import { ticketRoomCommands } from './ticketRooms.js';

export function createSchoolCommands(deps: SchoolCommandsDeps) {
  const ctx = createCommandContext(deps);
  return {
    ...ticketCommands(ctx),
    ...taskCommands(ctx),
    ...staffCommands(ctx),
    ...roomCommands(ctx),
    ...recurrenceCommands(ctx),
    ...followerCommands(ctx),
    ...ticketRoomCommands(ctx),
    ...groupCommands(ctx),
    ...orderCommands(ctx),
    /** Who `telegramId` is now (one read of their Staff stream): pass it to the commands of this request. */
    person: (telegramId: string): Promise<Person> => resolvePerson(deps.eventStore, telegramId, ctx.adminIds),
  };
}

export type SchoolCommands = ReturnType<typeof createSchoolCommands>;
export type { SchoolCommandsDeps, RequestMeta, Who, NumberedResult } from './context.js';
export type { OpenTicketInput, TicketRef } from './tickets.js';
export type { AssignTaskInput, TaskRef } from './tasks.js';
export type { StaffRef } from './staff.js';
export type { RoomRef } from './rooms.js';
export { OPERATOR } from './rooms.js';
export type { CreateRecurrenceInput, RecurrenceRef, IssuedOccurrences } from './recurrences.js';
export type { MergeFacts } from './followers.js';
export type { GroupRef } from './groups.js';
export type { IssueOrderInput, OrderRef, OrderResult } from './orders.js';
