// Stream names. Every aggregate instance has one stream; human numbers have a counter stream per kind.
// The counters are named `numbers-*` (not `ticket-numbers`) so that a `ticket-` prefix filter matches
// ticket streams only.

export const TICKET_NUMBERS_STREAM = 'numbers-ticket';
export const TASK_NUMBERS_STREAM = 'numbers-task';

export const ticketStreamName = (number: number): string => `ticket-${number}`;
export const taskStreamName = (number: number): string => `task-${number}`;
export const staffStreamName = (telegramId: string): string => `staff-${telegramId}`;
export const roomStreamName = (number: string): string => `room-${number}`;
export const recurrenceStreamName = (recurrenceId: string): string => `recurrence-${recurrenceId}`;
export const groupStreamName = (groupId: string): string => `group-${groupId}`;
export const orderStreamName = (orderId: string): string => `order-${orderId}`;
