// Each aggregate as the command handler sees it: its event types, its fold and its decider.
import type {
  Decision,
  RoomCommand,
  RoomEvent,
  RoomState,
  SchoolPolicy,
  StaffCommand,
  StaffEvent,
  StaffState,
  TaskCommand,
  TaskEvent,
  TaskState,
  TicketCommand,
  TicketEvent,
  TicketState,
  RecurrenceCommand,
  RecurrenceEvent,
  RecurrenceState,
} from '../domain/index.js';
import type { GroupCommand, GroupEvent, GroupState, OrderCommand, OrderEvent, OrderState } from '../domain/index.js';
import {
  GROUP_EVENT_TYPES,
  ORDER_EVENT_TYPES,
  decideGroup,
  decideOrder,
  evolveGroup,
  evolveOrder,
  initialGroupState,
  initialOrderState,
} from '../domain/index.js';
import {
  ROOM_EVENT_TYPES,
  decideRoom,
  evolveRoom,
  initialRoomState,
  STAFF_EVENT_TYPES,
  TASK_EVENT_TYPES,
  TICKET_EVENT_TYPES,
  decideStaff,
  decideTask,
  decideTicket,
  evolveStaff,
  evolveTask,
  evolveTicket,
  initialStaffState,
  initialTaskState,
  initialTicketState,
  RECURRENCE_EVENT_TYPES,
  decideRecurrence,
  evolveRecurrence,
  initialRecurrenceState,
} from '../domain/index.js';

export interface Aggregate<State, Event, Command> {
  readonly name: string;
  readonly eventTypes: readonly string[];
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Decision<Event>;
}

export const ticketAggregate = (policy: SchoolPolicy): Aggregate<TicketState, TicketEvent, TicketCommand> => ({
  name: 'ticket',
  eventTypes: TICKET_EVENT_TYPES,
  initialState: initialTicketState,
  evolve: evolveTicket,
  decide: (command, state) => decideTicket(command, state, policy),
});

export const taskAggregate: Aggregate<TaskState, TaskEvent, TaskCommand> = {
  name: 'task',
  eventTypes: TASK_EVENT_TYPES,
  initialState: initialTaskState,
  evolve: evolveTask,
  decide: decideTask,
};

export const staffAggregate: Aggregate<StaffState, StaffEvent, StaffCommand> = {
  name: 'staff',
  eventTypes: STAFF_EVENT_TYPES,
  initialState: initialStaffState,
  evolve: evolveStaff,
  decide: decideStaff,
};

export const roomAggregate = (policy: SchoolPolicy): Aggregate<RoomState, RoomEvent, RoomCommand> => ({
  name: 'room',
  eventTypes: ROOM_EVENT_TYPES,
  initialState: initialRoomState,
  evolve: evolveRoom,
  decide: (command, state) => decideRoom(command, state, policy),
});

export const recurrenceAggregate: Aggregate<RecurrenceState, RecurrenceEvent, RecurrenceCommand> = {
  name: 'recurrence',
  eventTypes: RECURRENCE_EVENT_TYPES,
  initialState: initialRecurrenceState,
  evolve: evolveRecurrence,
  decide: decideRecurrence,
};

export const groupAggregate: Aggregate<GroupState, GroupEvent, GroupCommand> = {
  name: 'group',
  eventTypes: GROUP_EVENT_TYPES,
  initialState: initialGroupState,
  evolve: evolveGroup,
  decide: decideGroup,
};

export const orderAggregate: Aggregate<OrderState, OrderEvent, OrderCommand> = {
  name: 'order',
  eventTypes: ORDER_EVENT_TYPES,
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide: decideOrder,
};
