// The event store on EventStoreDB/KurrentDB through @eventstore/db-client (`esdb://host:2113?tls=false`).
// Revisions are the server's bigints; a position is its $all (commit, prepare) pair, encoded as
// "commit/prepare" with zero padding. Reading and following the log share the catch-up loop of the other
// stores: it pages through $all after the last delivered position and, when idle, sleeps until a live
// $all subscription (used only as a wake-up) reports a new event. A dropped wake-up subscription is
// re-opened; the read loop itself resumes from the last position it delivered, so nothing is skipped.
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  DeadlineExceededError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import type { AllStreamRecordedEvent, AppendExpectedRevision, JSONType, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type {
  AppendResult,
  EventMetadata,
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
import { InvalidEventError, WrongExpectedVersionError, assertValidAppend } from '../../application/ports/eventStore.js';
import { startCatchUpSubscription } from './catchUpSubscription.js';
import { DEFAULT_READ_ALL_COUNT, matchesFilter } from './filter.js';
import type { ReadValidation } from './readValidation.js';
import { validateRecorded } from './readValidation.js';

export interface EsdbEventStoreOptions extends ReadValidation {
  /** e.g. esdb://localhost:2113?tls=false */
  connectionString: string;
  pollIntervalMs?: number;
}

const APPEND_ATTEMPTS = 3;
/** A transient append failure waits this long times the attempt number before the retry. */
const APPEND_RETRY_STEP_MS = 200;
/** The head is the newest non-system event: searched backwards in pages, giving up after this many. */
const HEAD_SEARCH_PAGE = 200;
const HEAD_SEARCH_PAGES = 100;
/** The live wake-up subscription is re-opened after a drop, waiting twice as long each time up to the cap. */
const LIVE_REOPEN_FIRST_MS = 500;
const LIVE_REOPEN_MAX_MS = 10_000;
const POSITION = /^(\d{20})\/(\d{20})$/;

function encodeEsdbPosition(position: { commit: bigint; prepare: bigint }): Position {
  return `${position.commit.toString().padStart(20, '0')}/${position.prepare.toString().padStart(20, '0')}` as Position;
}

function decodeEsdbPosition(position: Position): { commit: bigint; prepare: bigint } {
  const match = POSITION.exec(position);
  if (!match) throw new InvalidEventError(`not a position of the EventStoreDB event store: "${String(position).slice(0, 80)}"`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
}

const isSystem = (event: { streamId: string; type: string }) => event.streamId.startsWith('$') || event.type.startsWith('$');

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

const isTransient = (error: unknown) => error instanceof UnavailableError || error instanceof DeadlineExceededError;

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb' as const;
  readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(stream, events);
    if (events.length === 0) throw new InvalidEventError('nothing to append: the batch is empty');
    const data = events.map((event) =>
      jsonEvent({ id: event.id, type: event.type, data: event.data as JSONType, metadata: event.metadata as unknown as JSONType }),
    );
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.client.appendToStream(stream, data, { expectedRevision: toEsdbExpected(expected) });
        // A retried batch (same ids) is acknowledged without a position by some server versions: look it up.
        const position = result.position
          ? encodeEsdbPosition(result.position)
          : await this.positionOf(stream, result.nextExpectedRevision);
        return { nextRevision: result.nextExpectedRevision, position };
      } catch (error) {
        if (error instanceof EsdbWrongExpectedVersionError) {
          const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : undefined;
          throw new WrongExpectedVersionError(stream, expected, actual);
        }
        // The same event ids make a retry safe: the server stores them once.
        if (isTransient(error) && attempt < APPEND_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, APPEND_RETRY_STEP_MS * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount === undefined ? {} : { maxCount: BigInt(options.maxCount) }),
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(this.toRecorded(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    this.assertOpen();
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    const after = options.after ? decodeEsdbPosition(options.after) : undefined;
    // $all reads from a position inclusively; ask for one more and drop the event at `after` itself.
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after ?? START,
      maxCount: BigInt(maxCount + 1),
    });
    const events: RecordedEvent[] = [];
    let checkpoint: Position | undefined;
    let scanned = 0;
    for await (const resolved of read) {
      const raw = resolved.event;
      if (!raw) continue;
      if (after && raw.position.commit === after.commit && raw.position.prepare === after.prepare) continue;
      scanned += 1;
      if (!isSystem(raw) && matchesFilter(options.filter, raw.streamId, raw.type)) {
        try {
          events.push(this.toRecorded(raw));
        } catch (error) {
          // Deliver what precedes a corrupt event; the next read starts at it and fails.
          if (events.length === 0) throw error;
          return { events, checkpoint, isEnd: false };
        }
      }
      checkpoint = encodeEsdbPosition(raw.position);
      if (scanned >= maxCount) break;
    }
    return { events, checkpoint, isEnd: scanned < maxCount };
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      { readAll: (readOptions) => this.readAll(readOptions), onAppend: (wake) => this.liveWakeUps(wake) },
      { ...options, pollIntervalMs: this.options.pollIntervalMs },
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    let from: { commit: bigint; prepare: bigint } | typeof END = END;
    for (let page = 0; page < HEAD_SEARCH_PAGES; page += 1) {
      let last: AllStreamRecordedEvent | undefined;
      let count = 0;
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: BigInt(HEAD_SEARCH_PAGE) })) {
        const raw = resolved.event;
        if (!raw) continue;
        count += 1;
        if (!isSystem(raw)) return encodeEsdbPosition(raw.position);
        last = raw;
      }
      if (!last || count < HEAD_SEARCH_PAGE) return undefined;
      from = last.position;
    }
    return undefined;
  }

  comparePositions(a: Position, b: Position): number {
    const left = decodeEsdbPosition(a);
    const right = decodeEsdbPosition(b);
    if (left.commit !== right.commit) return left.commit < right.commit ? -1 : 1;
    return left.prepare === right.prepare ? 0 : left.prepare < right.prepare ? -1 : 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /** A live $all subscription from the end, used only to wake readers; re-opened when it drops. */
  private liveWakeUps(wake: () => void): () => void {
    let stopped = false;
    let current: ReturnType<EventStoreDBClient['subscribeToAll']> | undefined;
    const open = (delayMs: number) => {
      if (stopped || this.closed) return;
      current = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
      current.on('data', () => wake());
      current.on('error', () => {
        wake(); // the read loop re-reads after its checkpoint, so nothing is lost meanwhile
        setTimeout(() => open(Math.min(delayMs * 2, LIVE_REOPEN_MAX_MS)), delayMs).unref();
      });
    };
    open(LIVE_REOPEN_FIRST_MS);
    return () => {
      stopped = true;
      void current?.unsubscribe().catch(() => undefined);
    };
  }

  private async positionOf(stream: string, revision: bigint): Promise<Position> {
    const [event] = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`EventStoreDB acknowledged ${stream}@${String(revision)} but it cannot be read`);
    return event.position;
  }

  private toRecorded(raw: EsdbRecordedEvent): RecordedEvent {
    if (!raw.position) throw new Error(`EventStoreDB returned ${raw.streamId}@${String(raw.revision)} without a position`);
    const event: RecordedEvent = {
      id: raw.id,
      type: raw.type,
      data: raw.isJson ? raw.data : Buffer.from(raw.data as Uint8Array).toString('base64'),
      metadata: (raw.metadata ?? {}) as EventMetadata,
      streamName: raw.streamId,
      revision: raw.revision,
      position: encodeEsdbPosition(raw.position),
      recordedAt: raw.created.toISOString(),
    };
    return validateRecorded(event, this.options);
  }

  private assertOpen() {
    if (this.closed) throw new Error('the event store is closed');
  }
}

export function createEsdbEventStore(options: EsdbEventStoreOptions): EsdbEventStore {
  return new EsdbEventStore(options);
}
