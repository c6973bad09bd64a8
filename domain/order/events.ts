// Order events: one order to many people (issue 15, item 2). Each recipient gets an ordinary task of their
// own (numbers, reminders, deadline watcher, KPI unchanged) whose TaskAssigned names the order; the order's
// stream (`order-<orderId>`) records what was ordered, to whom under which task numbers, reminders sent to
// those not done, and its cancellation.
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import {
  actorIdSchema,
  humanNumberSchema,
  isoTimeSchema,
  optionalTextSchema,
  telegramIdSchema,
  textSchema,
} from '../shared/values.js';

/** A short ASCII slug the application derives from the issuing command: it fits a button's argument. */
export const ORDER_ID_MAX = 20;
export const orderIdSchema = z.string().regex(new RegExp(`^[a-z0-9]{1,${ORDER_ID_MAX}}$`), 'an order id');

/** How the issuer named the recipients: people picked one by one, a staff group, or everyone of a role. */
export const orderTargetSchema = z.object({
  kind: z.enum(['people', 'group', 'role']),
  /** The group's id or the role; empty for people. */
  ref: z.string(),
  /** The group's name as it was when the order was issued; empty otherwise. */
  label: z.string(),
});

export const orderTaskSchema = z.object({ number: humanNumberSchema, assigneeId: telegramIdSchema });

export const orderIssuedSchema = z.object({
  orderId: orderIdSchema,
  issuerId: telegramIdSchema,
  title: textSchema,
  description: optionalTextSchema,
  deadline: isoTimeSchema,
  target: orderTargetSchema,
  /** One task per recipient, its number reserved before this event: the fan-out can always be completed. */
  tasks: z.array(orderTaskSchema).min(1),
  issuedAt: isoTimeSchema,
});

export const orderRemindedSchema = z.object({
  orderId: orderIdSchema,
  remindedBy: actorIdSchema,
  /** The tasks not done when the issuer pressed the button. */
  tasks: z.array(orderTaskSchema).min(1),
  remindedAt: isoTimeSchema,
});

export const orderCancelledSchema = z.object({
  orderId: orderIdSchema,
  cancelledBy: actorIdSchema,
  reason: textSchema,
  cancelledAt: isoTimeSchema,
  issuerId: telegramIdSchema,
});

export const orderEventSchemas = {
  OrderIssued: orderIssuedSchema,
  OrderReminded: orderRemindedSchema,
  OrderCancelled: orderCancelledSchema,
} as const;

export type OrderEventType = keyof typeof orderEventSchemas;

export const orderEventSchemaVersions: Readonly<Record<OrderEventType, number>> = {
  OrderIssued: 1,
  OrderReminded: 1,
  OrderCancelled: 1,
};

export type OrderTarget = z.infer<typeof orderTargetSchema>;
export type OrderTask = z.infer<typeof orderTaskSchema>;
export type OrderEventOf<T extends OrderEventType> = DomainEvent<T, z.infer<(typeof orderEventSchemas)[T]>>;
export type OrderEvent = { [T in OrderEventType]: OrderEventOf<T> }[OrderEventType];

export const ORDER_EVENT_TYPES = Object.keys(orderEventSchemas) as OrderEventType[];
