// Human numbers (№124) are reserved by events in a counter stream per kind, so they are part of the log:
// unique forever and identical after a restore and a rebuild. Number n is the counter stream's event at
// revision n-1, appended with that exact expected revision (see application/numbering.ts).
import { z } from 'zod';
import type { DomainEvent } from '../shared/command.js';
import { actorIdSchema, humanNumberSchema, isoTimeSchema } from '../shared/values.js';

export const numberReservedSchema = z.object({
  number: humanNumberSchema,
  /** The command that reserved it: a retry of that command finds and reuses its number. */
  commandId: z.string().min(1),
  /** The stream the number names (`ticket-<n>` / `task-<n>`). */
  streamName: z.string().min(1),
  reservedBy: actorIdSchema,
  reservedAt: isoTimeSchema,
});

export const numberingEventSchemas = {
  TicketNumberReserved: numberReservedSchema,
  TaskNumberReserved: numberReservedSchema,
} as const;

export type NumberingEventType = keyof typeof numberingEventSchemas;

export const numberingEventSchemaVersions: Readonly<Record<NumberingEventType, number>> = {
  TicketNumberReserved: 1,
  TaskNumberReserved: 1,
};

export type NumberingEvent = {
  [T in NumberingEventType]: DomainEvent<T, z.infer<(typeof numberingEventSchemas)[T]>>;
}[NumberingEventType];
