// Commands and events as discriminated unions of { type, data } (+ metadata for commands). Time, the actor
// and the command id come in with the command: the domain reads no clock and draws no randomness.
import { z } from 'zod';
import type { Role, Source } from './values.js';
import { actorIdSchema, isoTimeSchema, sourceSchema } from './values.js';

/**
 * Who issues a command, as the application loaded it from the Staff stream (and configuration).
 * `guest` is someone not (yet) approved; `system` is the scheduler.
 */
export interface Actor {
  readonly id: string;
  readonly role: Role | 'guest' | 'system';
  readonly active: boolean;
  /** Ticket categories a technician works on; empty means all. */
  readonly categories: readonly string[];
}

export interface CommandMetadata {
  /** Stable across retries of the same request: event ids derive from it. */
  readonly commandId: string;
  readonly actor: Actor;
  /** The instant the command is decided at (ISO 8601). */
  readonly now: string;
  readonly source: Source;
  readonly correlationId: string;
  readonly causationId?: string;
}

export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** The metadata every stored event carries (the event store port has the same shape). */
export const eventMetadataSchema = z.looseObject({
  actorId: actorIdSchema,
  occurredAt: isoTimeSchema,
  correlationId: z.string().min(1),
  causationId: z.string().min(1),
  source: sourceSchema,
  schemaVersion: z.number().int().positive(),
  commandId: z.string().min(1).optional(),
});
export type DomainEventMetadata = z.infer<typeof eventMetadataSchema>;
