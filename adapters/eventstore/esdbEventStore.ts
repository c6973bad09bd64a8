// The event store on EventStoreDB/KurrentDB through @eventstore/db-client (`esdb://host:2113?tls=false`).
// Revisions are the server's bigints; a position is its $all (commit, prepare) pair, encoded as
// "commit/prepare" with zero padding, followed for a read event by the event it names (positionFingerprint.ts:
// a checkpoint left past a file-copy restore's end is detected, not followed). Reading and following the log
// share the catch-up loop of the other stores: it pages through $all after the last delivered position and,
// when idle, sleeps until the store's one live $all subscription (esdbWakeUps.ts: filtered by type on the
// server, used only as a wake-up) reports a new event; the read loop resumes from the last position it
// delivered, so nothing is skipped.
//
// Every read asks for what it needs (one event for the head, bounded pages otherwise) and a read left before
// its end is cancelled: breaking out of the client's stream destroys only its Node side, while the gRPC call
// (an HTTP/2 stream, counted against the server's per-connection limit) stays open until cancel() is called.
//
// Client: @eventstore/db-client 6 (deprecated in favour of @kurrent/kurrentdb-client, the same API renamed).
// We stay on it until the contract suite has run against the successor (docs/operations.md, "Event store
// client").
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
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AppendExpectedRevision,
  JSONType,
  RecordedEvent as EsdbRecordedEvent,
  StreamingRead,
} from '@eventstore/db-client';
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
import {
  InvalidEventError,
  PositionNotInLogError,
  WrongExpectedVersionError,
  assertValidAppend,
} from '../../application/ports/eventStore.js';
import { startCatchUpSubscription } from './catchUpSubscription.js';
import { SharedWakeUps } from './esdbWakeUps.js';
import type { SharedWakeUpsOptions } from './esdbWakeUps.js';
import { DEFAULT_READ_ALL_COUNT, matchesFilter } from './filter.js';
import type { PositionFingerprint } from './positionFingerprint.js';
import { namesEvent, recordedBy, splitFingerprint, withFingerprint } from './positionFingerprint.js';
import type { ReadValidation } from './readValidation.js';
import { validateRecorded } from './readValidation.js';

/** The part of the client the store uses (a test passes a double of it). */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EsdbEventStoreOptions extends ReadValidation {
  /** e.g. esdb://localhost:2113?tls=false */
  connectionString: string;
  pollIntervalMs?: number;
  /** Instead of a client made from the connection string (tests). */
  client?: EsdbClient;
  /** Timers and delays of the shared wake-up subscription (tests). */
  wakeUps?: Omit<SharedWakeUpsOptions, 'open'>;
}

const APPEND_ATTEMPTS = 3;
/** A transient append failure waits this long times the attempt number before the retry. */
const APPEND_RETRY_STEP_MS = 200;
/**
 * Searching backwards (for the head, or where to resume after a rewound position) reads one event first, then
 * pages growing by this factor up to the largest, giving up after this many pages.
 */
const BACKWARD_PAGE_GROWTH = 8;
const BACKWARD_PAGE_MAX = 256;
const BACKWARD_PAGES = 100;
/** Events per request when reading one stream. */
const STREAM_PAGE = 500;
const POSITION = /^(\d{20})\/(\d{20})$/;

interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

/** The position of an $all event; a non-system event's names it (system events may be scavenged by age). */
function encodeEsdbPosition(position: LogPosition, event?: { id: string; created: Date }): Position {
  const base = `${position.commit.toString().padStart(20, '0')}/${position.prepare.toString().padStart(20, '0')}`;
  return (event ? withFingerprint(base, { id: event.id, recordedAt: event.created }) : base) as Position;
}

function decodeEsdbPosition(position: Position): LogPosition & { fingerprint?: PositionFingerprint } {
  const { base, fingerprint } = splitFingerprint(position);
  const match = POSITION.exec(base);
  if (!match) throw new InvalidEventError(`not a position of the EventStoreDB event store: "${String(position).slice(0, 80)}"`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!), fingerprint };
}

const samePosition = (a: LogPosition, b: LogPosition) => a.commit === b.commit && a.prepare === b.prepare;
const isBefore = (a: LogPosition, b: LogPosition) => a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

/** A read event's position, naming it unless it is a system event. */
const readPosition = (raw: AllStreamRecordedEvent) => encodeEsdbPosition(raw.position, isSystem(raw) ? undefined : raw);

/**
 * The items of a streaming read. Leaving early (break, return, a throw in the loop body, or the read failing)
 * cancels the gRPC call: without it the HTTP/2 stream stays open until the server has sent everything.
 */
export async function* drainRead<E>(read: StreamingRead<E>): AsyncGenerator<E> {
  let ended = false;
  try {
    for await (const item of read) yield item as E;
    ended = true;
  } finally {
    if (!ended) void read.cancel().catch(() => undefined);
  }
}

const isSystem = (event: { streamId: string; type: string }) => event.streamId.startsWith('$') || event.type.startsWith('$');

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

/** A server-side filter matching exactly these event types (PascalCase letters and digits, see the port). */
const exactTypes = (types: readonly string[]) =>
  `^(?:${types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;

const isTransient = (error: unknown) => error instanceof UnavailableError || error instanceof DeadlineExceededError;

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb' as const;
  readonly client: EsdbClient;
  private readonly subscriptions = new Set<Subscription>();
  private readonly wakeUps: SharedWakeUps;
  private closed = false;

  constructor(private readonly options: EsdbEventStoreOptions) {
    this.client = options.client ?? EventStoreDBClient.connectionString(options.connectionString);
    this.wakeUps = new SharedWakeUps({
      ...options.wakeUps,
      open: (types) =>
        this.client.subscribeToAll({
          fromPosition: END,
          filter: types === undefined ? excludeSystemEvents() : eventTypeFilter({ regex: exactTypes(types) }),
        }),
    });
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
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    let from: bigint | typeof START | typeof END = options.fromRevision ?? (backwards ? END : START);
    try {
      // In pages of at most STREAM_PAGE events, each read to its end.
      while (events.length < limit) {
        const want = Math.min(STREAM_PAGE, limit - events.length);
        let received = 0;
        let last: bigint | undefined;
        const read = this.client.readStream(stream, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: from,
          maxCount: BigInt(want),
        });
        for await (const resolved of drainRead(read)) {
          received += 1;
          if (!resolved.event) continue;
          events.push(this.toRecorded(resolved.event));
          last = resolved.event.revision;
        }
        if (received < want || last === undefined || (backwards && last === 0n)) break;
        from = backwards ? last - 1n : last + 1n;
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
    // $all reads from a position inclusively: ask for one more, check the event at `after` is the one the
    // position names, and drop it.
    const requested = after ? maxCount + 1 : maxCount;
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after ? { commit: after.commit, prepare: after.prepare } : START,
      maxCount: BigInt(requested),
    });
    const events: RecordedEvent[] = [];
    let checkpoint: Position | undefined;
    let scanned = 0;
    let received = 0;
    let first = true;
    try {
      for await (const resolved of drainRead(read)) {
        received += 1;
        const raw = resolved.event;
        if (!raw) continue;
        if (after && first) {
          first = false;
          const atAfter = samePosition(raw.position, after);
          if (after.fingerprint && !(atAfter && namesEvent(after.fingerprint, raw))) {
            throw await this.notInLog(options.after!, after);
          }
          if (atAfter) continue;
        }
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
        checkpoint = readPosition(raw);
        // A full page (an older position without the event at it): stop, unless the read ends here anyway.
        if (scanned >= maxCount && received < requested) break;
      }
    } catch (error) {
      // Reading from a position inside a record fails: with a named event, ask whether it is in this log.
      if (!after?.fingerprint || !first || error instanceof PositionNotInLogError || isTransient(error)) throw error;
      throw await this.notInLog(options.after!, after, error);
    }
    // Nothing at all at a named position: the log ends before it.
    if (after?.fingerprint && first) throw await this.notInLog(options.after!, after);
    return { events, checkpoint, isEnd: scanned < maxCount };
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      {
        readAll: (readOptions) => this.readAll(readOptions),
        onAppend: (wake) => this.wakeUps.listen(wake, options.filter?.eventTypes),
      },
      { ...options, pollIntervalMs: this.options.pollIntervalMs },
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    const found = await this.searchBackwards(() => true);
    return found && readPosition(found);
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
    this.wakeUps.stop();
    await this.client.dispose();
  }

  /**
   * The newest non-system event, searching backwards from the end, that `accept` takes: one event first
   * (the head is usually one), then growing pages. Undefined when none is found.
   */
  private async searchBackwards(accept: (raw: AllStreamRecordedEvent) => boolean): Promise<AllStreamRecordedEvent | undefined> {
    let from: LogPosition | typeof END = END;
    let size = 1;
    for (let page = 0; page < BACKWARD_PAGES; page += 1) {
      const start = from;
      let last: AllStreamRecordedEvent | undefined;
      let received = 0;
      // From a position the read may include the event at it: ask one more and skip it.
      const read = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: start,
        maxCount: BigInt(start === END ? size : size + 1),
      });
      for await (const resolved of drainRead(read)) {
        const raw = resolved.event;
        if (!raw || (start !== END && samePosition(raw.position, start))) continue;
        received += 1;
        if (!isSystem(raw) && accept(raw)) return raw;
        last = raw;
      }
      if (!last || received < size) return undefined;
      from = last.position;
      size = Math.min(size * BACKWARD_PAGE_GROWTH, BACKWARD_PAGE_MAX);
    }
    return undefined;
  }

  /**
   * The error for a position whose event is not in this log, with where to resume: the newest event before
   * it that was recorded no later than its event (so already in the log it came from). Searching from the
   * end meets the named event first if it is there after all: then the read failed for another reason, and
   * `cause` is thrown instead.
   */
  private async notInLog(position: Position, decoded: LogPosition & { fingerprint?: PositionFingerprint }, cause?: unknown) {
    let present = false;
    const found = await this.searchBackwards((raw) => {
      present = samePosition(raw.position, decoded) && decoded.fingerprint !== undefined && namesEvent(decoded.fingerprint, raw);
      return present || (isBefore(raw.position, decoded) && recordedBy(decoded.fingerprint, { recordedAt: raw.created }));
    });
    if (present) throw cause ?? new Error(`EventStoreDB did not return the event at ${position} although it is there`);
    return new PositionNotInLogError(position, found && readPosition(found));
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
      position: encodeEsdbPosition(raw.position, raw),
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
