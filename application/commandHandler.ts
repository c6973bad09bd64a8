// The command handler: load the stream, fold, decide, append with the expected revision. A concurrent
// writer makes the append fail with WrongExpectedVersionError; we reload and decide again, a bounded number
// of times. A retried command (same commandId) finds its own events in the stream and returns them.
import type { AnyDomainEvent, CommandMetadata, Refusal } from '../domain/index.js';
import { domainEventSchemaVersions, validateNewEvent } from '../domain/index.js';
import type { Aggregate } from './aggregates.js';
import { eventIdFor } from './eventIds.js';
import type { EventMetadata, EventStore, EventToAppend } from './ports/eventStore.js';
import { WrongExpectedVersionError } from './ports/eventStore.js';
import type { LoadedStream } from './streamLoader.js';
import { loadStream } from './streamLoader.js';

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface AppendedEvent<Event extends AnyDomainEvent = AnyDomainEvent> {
  readonly id: string;
  readonly type: Event['type'];
  readonly data: Event['data'];
  readonly metadata: EventMetadata;
}

export type CommandResult<Event extends AnyDomainEvent = AnyDomainEvent> =
  | {
      readonly ok: true;
      readonly streamName: string;
      /** What this command appended (or, on a retry of the same commandId, what it appended before). */
      readonly events: readonly AppendedEvent<Event>[];
      /** The stream's last revision after the command; undefined if the stream still does not exist. */
      readonly revision: bigint | undefined;
      /** Human number of the ticket or task, when the command concerns one. */
      readonly number?: number;
      /** True when this commandId had already been handled and nothing new was appended. */
      readonly replayed: boolean;
    }
  | { readonly ok: false; readonly refusal: Refusal };

export function toEventToAppend(
  event: AnyDomainEvent,
  metadata: CommandMetadata,
  index: number | string,
): EventToAppend {
  const valid = validateNewEvent(event);
  // A decider that produces data its own schema refuses is a bug, not a refusal: fail loudly.
  if (!valid.ok) throw new Error(`decider produced an invalid ${event.type}: ${valid.reason}`);
  return {
    id: eventIdFor(metadata.commandId, index),
    type: event.type,
    data: event.data,
    metadata: {
      actorId: metadata.actor.id,
      occurredAt: metadata.now,
      correlationId: metadata.correlationId,
      causationId: metadata.causationId ?? metadata.commandId,
      source: metadata.source,
      schemaVersion: domainEventSchemaVersions[event.type],
      commandId: metadata.commandId,
    },
  };
}

function previouslyAppended<State, Event extends AnyDomainEvent>(
  loaded: LoadedStream<State, Event>,
  commandId: string,
): AppendedEvent<Event>[] {
  return loaded.events
    .filter((event) => event.metadata.commandId === commandId)
    .map((event) => ({
      id: event.id,
      type: event.event.type,
      data: event.event.data,
      metadata: event.metadata,
    }));
}

export interface HandleOptions {
  readonly maxAttempts?: number;
  /**
   * The stream was just named for this command (a freshly reserved number): decide on the initial state and
   * append with 'no_stream' without reading first. If the stream exists after all (a retry of this command,
   * or anything else), the store refuses the append and the normal load–decide–append path takes over.
   */
  readonly expectNewStream?: boolean;
  /** Called before each retry after a conflict (metrics, logs). */
  readonly onConflict?: (streamName: string, attempt: number) => void;
}

export async function handleCommand<State, Event extends AnyDomainEvent, Command extends { metadata: CommandMetadata }>(
  store: EventStore,
  aggregate: Aggregate<State, Event, Command>,
  streamName: string,
  command: Command,
  options: HandleOptions = {},
): Promise<CommandResult<Event>> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const { commandId } = command.metadata;
  if (options.expectNewStream) {
    const decision = aggregate.decide(command, aggregate.initialState);
    if (decision.ok && decision.events.length > 0) {
      const toAppend = decision.events.map((event, index) => toEventToAppend(event, command.metadata, index));
      try {
        const result = await store.append(streamName, toAppend, 'no_stream');
        return { ok: true, streamName, events: toAppend as AppendedEvent<Event>[], revision: result.nextRevision, replayed: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
  }
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const loaded = await loadStream(store, streamName, aggregate);
    const before = previouslyAppended(loaded, commandId);
    if (before.length > 0) return { ok: true, streamName, events: before, revision: loaded.revision, replayed: true };

    const decision = aggregate.decide(command, loaded.state);
    if (!decision.ok) return decision;
    if (decision.events.length === 0)
      return { ok: true, streamName, events: [], revision: loaded.revision, replayed: false };

    const toAppend = decision.events.map((event, index) => toEventToAppend(event, command.metadata, index));
    try {
      const result = await store.append(streamName, toAppend, loaded.revision ?? 'no_stream');
      return {
        ok: true,
        streamName,
        events: toAppend as AppendedEvent<Event>[],
        revision: result.nextRevision,
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      options.onConflict?.(streamName, attempt);
    }
  }
  return {
    ok: false,
    refusal: {
      code: 'concurrency_conflict',
      message: `${streamName} kept changing under ${maxAttempts} attempts`,
      details: { streamName, attempts: maxAttempts },
    },
  };
}
