// The registry of every domain event: readers (projections, event-store validation, history) parse stored
// events through `parseDomainEvent`, which upcasts old versions and validates against the current schema.
import type { z } from 'zod';
import { numberingEventSchemas, numberingEventSchemaVersions } from './numbering/events.js';
import type { NumberingEvent } from './numbering/events.js';
import { roomEventSchemas, roomEventSchemaVersions } from './room/events.js';
import type { RoomEvent } from './room/events.js';
import { recurrenceEventSchemas, recurrenceEventSchemaVersions } from './recurrence/events.js';
import type { RecurrenceEvent } from './recurrence/events.js';
import { staffEventSchemas, staffEventSchemaVersions } from './staff/events.js';
import type { StaffEvent } from './staff/events.js';
import { taskEventSchemas, taskEventSchemaVersions } from './task/events.js';
import type { TaskEvent } from './task/events.js';
import { ticketEventSchemas, ticketEventSchemaVersions } from './ticket/events.js';
import type { TicketEvent } from './ticket/events.js';
import { groupEventSchemas, groupEventSchemaVersions } from './group/events.js';
import type { GroupEvent } from './group/events.js';
import { orderEventSchemas, orderEventSchemaVersions } from './order/events.js';
import type { OrderEvent } from './order/events.js';
import type { UpcastResult } from './upcast.js';
import { liftToVersion } from './upcast.js';

export const domainEventSchemas = {
  ...ticketEventSchemas,
  ...taskEventSchemas,
  ...staffEventSchemas,
  ...numberingEventSchemas,
  ...roomEventSchemas,
  ...recurrenceEventSchemas,
  ...groupEventSchemas,
  ...orderEventSchemas,
} as const;

export type DomainEventType = keyof typeof domainEventSchemas;
export type AnyDomainEvent = TicketEvent | TaskEvent | StaffEvent | NumberingEvent | RoomEvent | RecurrenceEvent | GroupEvent | OrderEvent;

/** The schemaVersion new events of each type are written with. */
export const domainEventSchemaVersions: Readonly<Record<DomainEventType, number>> = {
  ...ticketEventSchemaVersions,
  ...taskEventSchemaVersions,
  ...staffEventSchemaVersions,
  ...numberingEventSchemaVersions,
  ...roomEventSchemaVersions,
  ...recurrenceEventSchemaVersions,
  ...groupEventSchemaVersions,
  ...orderEventSchemaVersions,
};

export const DOMAIN_EVENT_TYPES = Object.keys(domainEventSchemas) as DomainEventType[];

export const isDomainEventType = (type: string): type is DomainEventType => Object.hasOwn(domainEventSchemas, type);

/** Lifts stored data of `type` at `schemaVersion` to the shape the current code reads. */
export function upcast(type: string, schemaVersion: number, data: unknown): UpcastResult {
  if (!isDomainEventType(type)) return { ok: false, reason: `unknown event type ${type}` };
  return liftToVersion(type, schemaVersion, data, domainEventSchemaVersions[type]);
}

export type ParsedEvent = { ok: true; event: AnyDomainEvent } | { ok: false; reason: string };

/** Upcasts stored data to the current version and validates it; never throws. */
export function parseDomainEvent(type: string, schemaVersion: number, data: unknown): ParsedEvent {
  if (!isDomainEventType(type)) return { ok: false, reason: `unknown event type ${type}` };
  const lifted = upcast(type, schemaVersion, data);
  if (!lifted.ok) return lifted;
  const schema: z.ZodType = domainEventSchemas[type];
  const parsed = schema.safeParse(lifted.data);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason };
  }
  return { ok: true, event: { type, data: parsed.data } as AnyDomainEvent };
}

/** Validates a decider's event before it is appended (guards against a decider bug writing bad data). */
export function validateNewEvent(event: { type: string; data: unknown }): ParsedEvent {
  if (!isDomainEventType(event.type)) return { ok: false, reason: `unknown event type ${event.type}` };
  return parseDomainEvent(event.type, domainEventSchemaVersions[event.type], event.data);
}

export type { TicketEvent } from './ticket/events.js';
export type { TaskEvent } from './task/events.js';
export type { StaffEvent } from './staff/events.js';
export type { NumberingEvent } from './numbering/events.js';
export type { RoomEvent } from './room/events.js';
export type { RecurrenceEvent } from './recurrence/events.js';
export type { GroupEvent } from './group/events.js';
export type { OrderEvent } from './order/events.js';
