// Order commands. The order is the stream (`order-<orderId>`); the actor, time and command id are in metadata.
import type { Command } from '../shared/command.js';
import type { OrderTarget, OrderTask } from './events.js';

export type IssueOrder = Command<
  'IssueOrder',
  {
    /** Derived by the application from the command id, so a retry names the same order. */
    orderId: string;
    title: string;
    description: string;
    /** ISO 8601, read and confirmed by the adapter. */
    deadline: string;
    target: OrderTarget;
    /** The recipients (checked eligible by the application) with the task numbers reserved for them. */
    tasks: readonly OrderTask[];
  }
>;
/** Reminds the recipients whose tasks are not done (the application reads which from the tasks read model). */
export type RemindOrder = Command<'RemindOrder', { tasks: readonly OrderTask[] }>;
export type CancelOrder = Command<'CancelOrder', { reason: string }>;

export type OrderCommand = IssueOrder | RemindOrder | CancelOrder;
