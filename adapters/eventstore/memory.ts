// The in-memory event store: the contract's reference implementation, for unit tests of the command handler,
// projections and reactions. Same behaviour as the durable stores, nothing survives the process.
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../../application/ports/eventStore.js';
import {
  InvalidEventError,
  PositionNotInLogError,
  WrongExpectedVersionError,
  assertValidAppend,
} from '../../application/ports/eventStore.js';
import { appendedTypes, startCatchUpSubscription } from './catchUpSubscription.js';
import type { ReadValidation } from './readValidation.js';
import { validateRecorded } from './readValidation.js';
import { DEFAULT_READ_ALL_COUNT, matchesFilter } from './filter.js';
import { namesEvent, recordedBy, splitFingerprint, withFingerprint } from './positionFingerprint.js';

const POSITION_DIGITS = 20;
// A position is the event's sequence number, naming the event (positionFingerprint.ts) like EventStoreDB's.
const toPosition = (sequence: number, event: { id: string; recordedAt: string }) =>
  withFingerprint(String(sequence).padStart(POSITION_DIGITS, '0'), event) as Position;
const sequenceOf = (position: Position) => {
  const { base } = splitFingerprint(position);
  if (!/^\d{1,20}$/.test(base)) throw new InvalidEventError(`not a position of the in-memory store: "${position}"`);
  return Number(base);
};

export interface MemoryEventStoreOptions extends ReadValidation {
  now?: () => Date;
}

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly listeners = new Set<(types?: readonly string[]) => void>();
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly options: MemoryEventStoreOptions = {}) {}

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(stream, events);
    if (events.length === 0) throw new InvalidEventError('nothing to append: the batch is empty');
    const retried = this.findRetriedBatch(stream, events);
    if (retried) return retried;

    const existing = this.streams.get(stream) ?? [];
    const actual = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    if (!expectationHolds(expected, actual)) throw new WrongExpectedVersionError(stream, expected, actual);

    const recordedAt = (this.options.now?.() ?? new Date()).toISOString();
    // Structured clone: a caller mutating its objects afterwards must not rewrite history.
    const recorded = events.map(
      (event, index): RecordedEvent => ({
        id: event.id,
        type: event.type,
        data: structuredClone(event.data),
        metadata: structuredClone(event.metadata),
        streamName: stream,
        revision: BigInt(existing.length + index),
        position: toPosition(this.log.length + index + 1, { id: event.id, recordedAt }),
        recordedAt,
      }),
    );
    this.streams.set(stream, [...existing, ...recorded]);
    for (const event of recorded) {
      this.log.push(event);
      this.byId.set(event.id, event);
    }
    const types = appendedTypes(recorded);
    for (const listener of this.listeners) listener(types);
    const last = recorded[recorded.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events = this.streams.get(stream) ?? [];
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const selected =
      options.direction === 'backwards'
        ? events
            .filter((event) => options.fromRevision === undefined || event.revision <= options.fromRevision)
            .reverse()
        : events.filter((event) => event.revision >= (options.fromRevision ?? 0n));
    return selected.slice(0, maxCount).map((event) => this.checked(event));
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    this.assertOpen();
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    let index = options.after === undefined ? 0 : this.verifiedSequence(options.after);
    const events: RecordedEvent[] = [];
    let checkpoint: Position | undefined;
    while (index < this.log.length && events.length < maxCount) {
      const event = this.log[index]!;
      if (matchesFilter(options.filter, event.streamName, event.type)) {
        try {
          events.push(this.checked(event));
        } catch (error) {
          // Deliver what precedes a corrupt event; the next read starts at it and fails.
          if (events.length === 0) throw error;
          return { events, checkpoint, isEnd: false };
        }
      }
      checkpoint = event.position;
      index += 1;
    }
    return { events, checkpoint, isEnd: index >= this.log.length };
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      {
        readAll: (readOptions) => this.readAll(readOptions),
        onAppend: (wake) => {
          this.listeners.add(wake);
          return () => this.listeners.delete(wake);
        },
      },
      options,
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    return this.log[this.log.length - 1]?.position;
  }

  comparePositions(a: Position, b: Position): number {
    return Math.sign(sequenceOf(a) - sequenceOf(b));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  /**
   * Test hook: the log as a file-copy restore of an older backup leaves it, ending at `position` (undefined:
   * empty). Later appends reuse the positions after it, as EventStoreDB reuses the byte offsets.
   */
  rewindForTest(position: Position | undefined): void {
    const keep = position === undefined ? 0 : sequenceOf(position);
    const dropped = this.log.splice(keep);
    for (const event of dropped) {
      this.byId.delete(event.id);
      const stream = this.streams.get(event.streamName)!.filter((kept) => kept.id !== event.id);
      if (stream.length === 0) this.streams.delete(event.streamName);
      else this.streams.set(event.streamName, stream);
    }
  }

  /** Test hook: replaces a stored event's data as if the log had been damaged outside the store. */
  corruptForTest(eventId: string, data: unknown): void {
    const event = this.byId.get(eventId);
    if (!event) throw new Error(`no event ${eventId}`);
    event.data = data;
  }

  /** The sequence to read after, once the event the position names is found at it. */
  private verifiedSequence(after: Position): number {
    const sequence = sequenceOf(after);
    const { fingerprint } = splitFingerprint(after);
    const event = this.log[sequence - 1];
    const found = event !== undefined && (fingerprint === undefined || namesEvent(fingerprint, event));
    if (sequence === 0 || found) return sequence;
    // The newest event before it that the position's log already had (recorded no later than its event).
    let index = Math.min(sequence - 1, this.log.length) - 1;
    while (index >= 0 && !recordedBy(fingerprint, this.log[index]!)) index -= 1;
    throw new PositionNotInLogError(after, this.log[index]?.position);
  }

  private checked(event: RecordedEvent): RecordedEvent {
    return validateRecorded({ ...event, data: structuredClone(event.data) }, this.options);
  }

  /** The same batch appended again (a retry after a timeout) returns the first append's result. */
  private findRetriedBatch(stream: string, events: readonly EventToAppend[]): AppendResult | undefined {
    const stored = events.map((event) => this.byId.get(event.id));
    if (stored.every((event) => event === undefined)) return undefined;
    const first = stored[0];
    const isSameBatch =
      first !== undefined &&
      stored.every(
        (event, index) =>
          event !== undefined && event.streamName === stream && event.revision === first.revision + BigInt(index),
      );
    if (!isSameBatch) {
      const clash = stored.find((event) => event !== undefined)!;
      throw new InvalidEventError(
        `event id ${clash.id} is already stored (${clash.streamName}@${String(clash.revision)}) and this batch is not a retry of it`,
      );
    }
    const last = stored[stored.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  private assertOpen() {
    if (this.closed) throw new Error('the event store is closed');
  }
}

export function expectationHolds(expected: ExpectedRevision, actual: bigint | undefined): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === undefined;
  if (expected === 'stream_exists') return actual !== undefined;
  return actual === expected;
}

export function createMemoryEventStore(options: MemoryEventStoreOptions = {}): MemoryEventStore {
  return new MemoryEventStore(options);
}
