// One catch-up-then-live loop for the stores that read their own log (memory, PostgreSQL, PGlite): read pages
// after the last checkpoint until the end, then sleep until the store signals an append (or a fallback poll
// fires), and read again. Because every page starts strictly after the previous checkpoint and readAll only
// returns what can never be preceded by a later commit, the loop neither skips nor repeats.
import type {
  AllFilter,
  Position,
  ReadAllOptions,
  ReadAllResult,
  Subscription,
  SubscriptionHandler,
} from '../../application/ports/eventStore.js';
import { CorruptEventError, PositionNotInLogError } from '../../application/ports/eventStore.js';

/** A page, plus a hint that committed events wait just past the horizon (re-read soon rather than sleep). */
export interface CatchUpReadResult extends ReadAllResult {
  moreSoon?: boolean;
}

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<CatchUpReadResult>;
  /**
   * Calls `wake` whenever new events may be visible, with the types appended when the source knows them
   * (undefined: anything may have been appended); returns a function that stops the calls.
   */
  onAppend(wake: (types?: readonly string[]) => void): () => void;
}

/** The distinct types of an appended batch, as a store passes them to `wake`. */
export function appendedTypes(events: readonly { type: string }[]): string[] {
  return [...new Set(events.map((event) => event.type))];
}

/** Re-read delay while committed events wait behind a transaction that is still running. */
const SOON_MS = 20;

export interface CatchUpOptions {
  after?: Position;
  filter?: AllFilter;
  batchSize?: number;
  /** Longest sleep without a wake-up (guards against a lost notification). */
  pollIntervalMs?: number;
  /** Consecutive failed reads tolerated (with backoff) before the subscription stops with the error. */
  maxReadRetries?: number;
  /**
   * Least time between two live reads (default 0). Under a stream of appends every wake-up would otherwise
   * cost each subscriber a read per append; waiting a few milliseconds lets one read take them all.
   */
  minLiveIntervalMs?: number;
}

const DEFAULT_BATCH = 500;
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const DEFAULT_READ_RETRIES = 5;
/** A failed read waits this long, doubled per consecutive failure, up to the cap. */
const READ_RETRY_FIRST_MS = 100;
const READ_RETRY_MAX_MS = 5_000;

export function startCatchUpSubscription(
  source: CatchUpSource,
  options: CatchUpOptions,
  handler: SubscriptionHandler,
): Subscription {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxReadRetries = options.maxReadRetries ?? DEFAULT_READ_RETRIES;
  const minLiveIntervalMs = options.minLiveIntervalMs ?? 0;
  let stopped = false;
  let pendingWake = false;
  let wakeSleeper: (() => void) | undefined;

  // A reader filtered by type sleeps through appends of other types: the staff projector need not re-read
  // the log because a ticket was opened. Its checkpoint waits; the next relevant wake-up reads past it all.
  const wantedTypes = options.filter?.eventTypes ? new Set(options.filter.eventTypes) : undefined;
  const wake = (types?: readonly string[]) => {
    if (wantedTypes && types && !types.some((type) => wantedTypes.has(type))) return;
    pendingWake = true;
    wakeSleeper?.();
  };
  const unsubscribe = source.onAppend(wake);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeSleeper = undefined;
        resolve();
      }
      wakeSleeper = done;
    });

  // Waits out the rest of the least interval since `since` (a stop cuts it short).
  const pace = async (since: number) => {
    const rest = since + minLiveIntervalMs - performance.now();
    if (rest <= 0 || stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, rest);
      function finish() {
        clearTimeout(timer);
        wakeSleeper = undefined;
        resolve();
      }
      // Only a stop may end the pause early (stop() calls wakeSleeper); wake-ups just stay pending.
      wakeSleeper = () => {
        if (stopped) finish();
      };
    });
  };

  const run = async () => {
    let after = options.after;
    let liveReadAt = -Infinity;
    let failures = 0;
    let waitingBehind = 0;
    while (!stopped) {
      pendingWake = false;
      let page: CatchUpReadResult;
      try {
        page = await source.readAll({ after, filter: options.filter, maxCount: batchSize });
        failures = 0;
      } catch (error) {
        if (stopped) return;
        // Neither a corrupt event nor a position the log no longer has goes away by reading again.
        if (error instanceof CorruptEventError || error instanceof PositionNotInLogError || ++failures > maxReadRetries) throw error;
        await sleep(Math.min(READ_RETRY_MAX_MS, READ_RETRY_FIRST_MS * 2 ** failures));
        continue;
      }
      if (stopped) return;
      if (page.events.length > 0 && page.checkpoint) await handler(page.events, page.checkpoint);
      if (page.checkpoint) after = page.checkpoint;
      if (!page.isEnd) continue;
      // Committed events wait behind a running transaction: look again soon, backing off while it runs.
      waitingBehind = page.moreSoon ? (page.events.length > 0 ? 1 : waitingBehind + 1) : 0;
      await sleep(waitingBehind > 0 ? Math.min(pollIntervalMs, SOON_MS * 2 ** (waitingBehind - 1)) : pollIntervalMs);
      await pace(liveReadAt);
      liveReadAt = performance.now();
    }
  };

  const done = run().finally(() => {
    stopped = true;
    unsubscribe();
  });
  // Callers observe failures through `done`; never let it surface as an unhandled rejection meanwhile.
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      stopped = true;
      wakeSleeper?.();
      await done.catch(() => undefined);
    },
  };
}
