// The event store port: the only way anything reads or writes the log. Three adapters implement it
// (EventStoreDB, PostgreSQL, embedded PGlite) plus the in-memory one; tests/contract holds the suite
// every one of them must pass.
import type { DomainEventMetadata } from '../../domain/index.js';

/** Where an event sits in the store's global order. Opaque: compare only through the store. */
export type Position = string & { readonly __brand: 'Position' };

/** Expected state of a stream before an append. A bigint is the exact revision of its last event. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

/**
 * Who, when, why and which schema version, around every stored event: the domain's metadata schema (actor,
 * occurredAt, correlation and causation, source, schemaVersion, the command id), plus anything else an adapter
 * wants to keep (JSON).
 */
export type EventMetadata = DomainEventMetadata;

export interface EventToAppend {
  /** A uuid, stable across retries of the same command: appending the same id twice stores it once. */
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  streamName: string;
  /** 0-based, contiguous within the stream. */
  revision: bigint;
  position: Position;
  /** When the store recorded it (ISO 8601). */
  recordedAt: string;
}

export interface AppendResult {
  /** The revision of the last event now in the stream. */
  nextRevision: bigint;
  /** The global position of the last appended event. */
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards default: 0; backwards default: the end. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface AllFilter {
  eventTypes?: readonly string[];
  streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the beginning. */
  after?: Position;
  filter?: AllFilter;
  maxCount?: number;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /**
   * Where the next read should continue from. With a filter this may advance past events that did not
   * match, so a filtered reader does not rescan them. Undefined when nothing at all was read.
   */
  checkpoint?: Position;
  /** True when the reader has reached what is safely visible now. */
  isEnd: boolean;
  /**
   * At the end, true when committed events already wait behind a transaction still running (a store that
   * orders by transaction shows them once it ends): the end is not the head yet. Stores without such a wait
   * leave it unset.
   */
  moreSoon?: boolean;
}

export interface SubscribeOptions {
  after?: Position;
  filter?: AllFilter;
  /** Events per delivery; the handler is given batches in global order. */
  batchSize?: number;
}

export interface Subscription {
  /** Resolves when the subscription is stopped; rejects with the error that stopped it. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export type SubscriptionHandler = (
  events: readonly RecordedEvent[],
  checkpoint: Position,
) => Promise<void> | void;

export interface EventStore {
  readonly kind: 'memory' | 'postgres' | 'embedded' | 'esdb';
  append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an unknown stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of every stream after a position, in the store's global (commit) order. */
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /** Catches up from `after`, then delivers live events as they are appended. Never skips or repeats. */
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  /** The position of the last event visible to readers, or undefined when the log is empty. */
  headPosition(): Promise<Position | undefined>;
  /** Orders two positions of this store: negative, zero or positive. */
  comparePositions(a: Position, b: Position): number;
  close(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or undefined when it does not exist. */
    readonly actual: bigint | undefined,
  ) {
    super(
      `wrong expected version on stream "${stream}": expected ${String(expected)}, actual ${
        actual === undefined ? 'no stream' : String(actual)
      }`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** An event in the log that its schema refuses: stops the reader that met it, and names it exactly. */
export class CorruptEventError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly type: string,
    readonly reason: string,
  ) {
    super(`event ${type} at ${stream}@${String(revision)} fails its schema: ${reason}`);
    this.name = 'CorruptEventError';
  }
}

/**
 * A position that does not name an event of this log: the log was rewound under it (a file-copy restore of
 * EventStoreDB) or it comes from another log. A reader must not go on from it: what sorts after it in this log
 * may be new events it would skip. `resumeAfter` is the newest event of this log that was already in the log
 * the position came from (recorded no later than the position's event), where a consumer may resume without
 * skipping anything; undefined when the store found none.
 */
export class PositionNotInLogError extends Error {
  constructor(
    readonly position: Position,
    readonly resumeAfter: Position | undefined,
  ) {
    super(
      `position ${position} names no event of this log (rewound by a restore, or from another log); ` +
        (resumeAfter === undefined ? 'no earlier event of the same history was found' : `resume after ${resumeAfter}`),
    );
    this.name = 'PositionNotInLogError';
  }
}

// Any printable Unicode (emoji included), 1–200 characters, no whitespace; a leading "$" is reserved for
// EventStoreDB's system streams.
const STREAM_NAME = /^(?!\$)[^\s\p{Cc}\p{Cs}]{1,200}$/u;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

/** Shared input checks every adapter runs before touching storage. */
export function assertValidAppend(stream: string, events: readonly EventToAppend[]): void {
  if (!STREAM_NAME.test(stream)) {
    throw new InvalidEventError(
      `invalid stream name "${stream.slice(0, 80)}": use 1–200 printable characters without spaces, not starting with $`,
    );
  }
  for (const event of events) {
    if (!EVENT_TYPE.test(event.type)) {
      throw new InvalidEventError(`invalid event type "${event.type.slice(0, 80)}": use PascalCase letters and digits`);
    }
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(event.id)) {
      throw new InvalidEventError(`invalid event id "${event.id.slice(0, 80)}": must be a uuid`);
    }
  }
}
