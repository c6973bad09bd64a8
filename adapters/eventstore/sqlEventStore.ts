// The event store on SQL: one implementation for PostgreSQL (pg) and embedded PGlite, over the SqlExecutor
// port. Schema: adapters/postgres/migrations/0001_event_store.ts; the append: sqlAppend.ts.
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
import { InvalidEventError, assertValidAppend } from '../../application/ports/eventStore.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import type { CatchUpReadResult } from './catchUpSubscription.js';
import { appendedTypes, startCatchUpSubscription } from './catchUpSubscription.js';
import type { ReadValidation } from './readValidation.js';
import { validateRecorded } from './readValidation.js';
import { compareSqlPositions, decodeSqlPosition, encodeSqlPosition } from './sqlPosition.js';
import { AppendNotifier, appendedTypesFrom } from './appendNotifier.js';
import { DEFAULT_READ_ALL_COUNT } from './filter.js';
import { appendToSql } from './sqlAppend.js';

const EVENTS_CHANNEL = 'es_events';
const DEFAULT_LIVE_READ_INTERVAL_MS = 50;

export interface SqlEventStoreOptions extends ReadValidation {
  /** Longest wait of an idle subscription between reads when no notification arrives (default 1 s). */
  pollIntervalMs?: number;
  /** Close the executor with the store (default false: whoever created the executor closes it). */
  ownsExecutor?: boolean;
  /**
   * Least time between two live reads of one subscription (default 50 ms): under steady appends each
   * subscriber then reads once per interval instead of once per append, at that much extra lag.
   */
  liveReadIntervalMs?: number;
}

interface EventRow {
  epoch: number;
  tx_id: string;
  seq: string;
  event_id: string;
  stream_name: string;
  revision: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  /** ISO 8601 in UTC, formatted by the query (cheaper than parsing a timestamp per row). */
  recorded_at: string;
}

interface PageRow extends Partial<EventRow> {
  h_epoch: number;
  h_xmin: string;
  h_pending: boolean;
}

const EVENT_COLUMNS = `e.epoch, e.tx_id::text AS tx_id, e.seq::text AS seq, e.event_id, e.stream_name,
  e.revision::text AS revision, e.type, e.data, e.metadata,
  to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

// The horizon: the current epoch and the oldest transaction still running. Rows at or past it may still be
// preceded by a commit we cannot see yet, so readers stop there. h_pending says such rows exist already (a
// subscriber then re-reads soon instead of sleeping until the next notification).
const HORIZON = `horizon AS MATERIALIZED (
  SELECT c.epoch AS h_epoch, c.xmin AS h_xmin,
         COALESCE((SELECT true FROM es_events p WHERE (p.epoch, p.tx_id) >= (c.epoch, c.xmin)
                    ORDER BY p.epoch, p.tx_id LIMIT 1), false) AS h_pending
    FROM (SELECT es_current_epoch() AS epoch, pg_snapshot_xmin(pg_current_snapshot()) AS xmin) c
)`;

const READ_ALL_SQL = `WITH ${HORIZON}
SELECT h.h_epoch, h.h_xmin::text AS h_xmin, h.h_pending, page.*
  FROM horizon h
  LEFT JOIN LATERAL (
    SELECT ${EVENT_COLUMNS}
      FROM es_events e
     WHERE (e.epoch, e.tx_id, e.seq) > ($1::integer, $2::xid8, $3::bigint)
       AND (e.epoch, e.tx_id) < (h.h_epoch, h.h_xmin)
       AND ($4::text[] IS NULL OR e.type = ANY ($4::text[]))
       AND ($5::text[] IS NULL OR e.stream_name ^@ ANY ($5::text[]))
     ORDER BY e.epoch, e.tx_id, e.seq
     LIMIT $6
  ) page ON true`;

const HEAD_SQL = `WITH ${HORIZON}
SELECT e.epoch, e.tx_id::text AS tx_id, e.seq::text AS seq
  FROM es_events e, horizon h
 WHERE (e.epoch, e.tx_id) < (h.h_epoch, h.h_xmin)
 ORDER BY e.epoch DESC, e.tx_id DESC, e.seq DESC
 LIMIT 1`;

export class SqlEventStore implements EventStore {
  readonly kind: 'postgres' | 'embedded';
  private readonly localListeners = new Set<(types?: readonly string[]) => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly notifier: AppendNotifier | undefined;
  private closed = false;

  constructor(
    private readonly sql: SqlExecutor,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.kind = sql.dialect === 'pglite' ? 'embedded' : 'postgres';
    // Embedded means one process: its own listeners are all there is. On a server, other processes subscribe too.
    this.notifier = sql.dialect === 'postgres' ? new AppendNotifier(sql, EVENTS_CHANNEL) : undefined;
  }

  async append(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidAppend(stream, events);
    if (events.length === 0) throw new InvalidEventError('nothing to append: the batch is empty');
    const { result, appended } = await appendToSql(this.sql, stream, events, expected);
    if (appended) this.signalAppend(events);
    return result;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? null : 0n);
    const result = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events e
        WHERE e.stream_name = $1 AND ($2::bigint IS NULL OR e.revision ${backwards ? '<=' : '>='} $2::bigint)
        ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [stream, from === null ? null : from.toString(), options.maxCount ?? null],
    );
    return result.rows.map((row) => this.toRecorded(row));
  }

  readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return this.readPage(options);
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      {
        readAll: (readOptions) => this.readPage(readOptions),
        onAppend: (wake) => this.onAppend(wake),
      },
      { ...options, pollIntervalMs: this.options.pollIntervalMs, minLiveIntervalMs: this.options.liveReadIntervalMs ?? DEFAULT_LIVE_READ_INTERVAL_MS },
      handler,
    );
    this.subscriptions.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async headPosition(): Promise<Position | undefined> {
    this.assertOpen();
    const result = await this.sql.query<{ epoch: number; tx_id: string; seq: string }>(HEAD_SQL);
    const row = result.rows[0];
    return row ? encodeSqlPosition(row.epoch, row.tx_id, row.seq) : undefined;
  }

  comparePositions(a: Position, b: Position): number {
    return compareSqlPositions(a, b);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.notifier?.drain();
    if (this.options.ownsExecutor) await this.sql.close();
  }

  private async readPage(options: ReadAllOptions): Promise<CatchUpReadResult> {
    this.assertOpen();
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    const after = options.after ? decodeSqlPosition(options.after) : { epoch: 0, txId: 0n, seq: 0n };
    const filter = options.filter;
    const result = await this.sql.query<PageRow>(READ_ALL_SQL, [
      after.epoch,
      after.txId.toString(),
      after.seq.toString(),
      filter?.eventTypes ? [...filter.eventTypes] : null,
      filter?.streamPrefixes ? [...filter.streamPrefixes] : null,
      maxCount,
    ], { name: 'es_read_all' });
    const first = result.rows[0];
    if (!first) throw new Error('the read query returned no horizon');
    const events: RecordedEvent[] = [];
    let isEnd = true;
    if (first.event_id !== null && first.event_id !== undefined) {
      isEnd = result.rows.length < maxCount;
      for (const row of result.rows) {
        try {
          events.push(this.toRecorded(row as EventRow));
        } catch (error) {
          // Deliver what precedes a corrupt event; the next read starts at it and fails.
          if (events.length === 0) throw error;
          isEnd = false;
          break;
        }
      }
    }
    let checkpoint = events[events.length - 1]?.position;
    if (isEnd && filter) {
      // Nothing else matches below the horizon, so a filtered reader may resume from the horizon itself and
      // never rescan the events it skipped. Every row that can still become visible sorts after it.
      const horizon = encodeSqlPosition(first.h_epoch, first.h_xmin, 0n);
      const latest = [checkpoint, options.after, horizon].filter((p): p is Position => p !== undefined);
      checkpoint = latest.reduce((a, b) => (compareSqlPositions(a, b) >= 0 ? a : b));
    }
    return { events, checkpoint, isEnd, moreSoon: isEnd && first.h_pending };
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const event: RecordedEvent = {
      id: row.event_id,
      type: row.type,
      data: row.data,
      metadata: row.metadata,
      streamName: row.stream_name,
      revision: BigInt(row.revision),
      position: encodeSqlPosition(row.epoch, row.tx_id, row.seq),
      recordedAt: row.recorded_at,
    };
    return validateRecorded(event, this.options);
  }

  private onAppend(wake: (types?: readonly string[]) => void): () => void {
    this.localListeners.add(wake);
    let unlisten: (() => Promise<void>) | undefined;
    let stopped = false;
    if (this.notifier) {
      void this.sql
        .listen(EVENTS_CHANNEL, (payload) => wake(appendedTypesFrom(payload)))
        .then((stop) => {
          if (stopped) void stop();
          else unlisten = stop;
        })
        // Without LISTEN the subscription still polls; it only wakes later.
        .catch(() => undefined);
    }
    return () => {
      stopped = true;
      this.localListeners.delete(wake);
      void unlisten?.().catch(() => undefined);
    };
  }

  private signalAppend(events: readonly EventToAppend[]) {
    const types = appendedTypes(events);
    for (const listener of this.localListeners) listener(types);
    this.notifier?.signal(types);
  }

  private assertOpen() {
    if (this.closed) throw new Error('the event store is closed');
  }
}

export function createSqlEventStore(sql: SqlExecutor, options: SqlEventStoreOptions = {}): SqlEventStore {
  return new SqlEventStore(sql, options);
}
