// Loads one aggregate's stream: parses every stored event through the domain registry (upcasting old
// versions), refuses events that fail their schema, and folds them into the current state.
import type { AnyDomainEvent, DomainEventMetadata } from '../domain/index.js';
import { parseDomainEvent } from '../domain/index.js';
import type { Aggregate } from './aggregates.js';
import type { EventStore, RecordedEvent } from './ports/eventStore.js';
import { CorruptEventError } from './ports/eventStore.js';

export interface LoadedEvent<Event> {
  readonly id: string;
  readonly type: string;
  readonly event: Event;
  readonly metadata: DomainEventMetadata;
  readonly revision: bigint;
  readonly recordedAt: string;
}

export interface LoadedStream<State, Event> {
  readonly streamName: string;
  readonly state: State;
  /** The revision of the last event, or undefined when the stream does not exist. */
  readonly revision: bigint | undefined;
  readonly events: readonly LoadedEvent<Event>[];
}

export function parseRecorded<Event extends AnyDomainEvent>(
  recorded: RecordedEvent,
  eventTypes: readonly string[],
): LoadedEvent<Event> {
  const fail = (reason: string) => new CorruptEventError(recorded.streamName, recorded.revision, recorded.type, reason);
  if (!eventTypes.includes(recorded.type)) throw fail('an event of another aggregate in this stream');
  const version = typeof recorded.metadata?.schemaVersion === 'number' ? recorded.metadata.schemaVersion : 1;
  const parsed = parseDomainEvent(recorded.type, version, recorded.data);
  if (!parsed.ok) throw fail(parsed.reason);
  return {
    id: recorded.id,
    type: recorded.type,
    event: parsed.event as Event,
    metadata: recorded.metadata,
    revision: recorded.revision,
    recordedAt: recorded.recordedAt,
  };
}

/** Reads a whole stream and folds it; an unknown stream gives the initial state and no revision. */
export async function loadStream<State, Event extends AnyDomainEvent, Command>(
  store: EventStore,
  streamName: string,
  aggregate: Aggregate<State, Event, Command>,
): Promise<LoadedStream<State, Event>> {
  const recorded = await store.readStream(streamName);
  const events = recorded.map((event) => parseRecorded<Event>(event, aggregate.eventTypes));
  const state = events.reduce((current, loaded) => aggregate.evolve(current, loaded.event), aggregate.initialState);
  return { streamName, state, revision: recorded.at(-1)?.revision, events };
}
