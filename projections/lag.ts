// How far a consumer is behind: the events of its types after its checkpoint (counted up to a cap, since
// positions are opaque and only the store can count them).
import type { EventStore, Position } from '../application/ports/eventStore.js';

/** Events per page while counting what a checkpoint has not applied yet. */
const LAG_PAGE_SIZE = 10_000;

export interface Lag {
  events: number;
  /** True when there were more than `cap` and counting stopped. */
  atLeast: boolean;
}

export async function lagOf(
  store: EventStore,
  checkpoint: Position | undefined,
  eventTypes: readonly string[],
  cap = 100_000,
): Promise<Lag> {
  let after = checkpoint;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, filter: { eventTypes }, maxCount: Math.min(LAG_PAGE_SIZE, cap - events + 1) });
    events += page.events.length;
    if (events > cap) return { events: cap, atLeast: true };
    if (page.isEnd || !page.checkpoint) return { events, atLeast: false };
    after = page.checkpoint;
  }
}

/**
 * Nothing of these types after the checkpoint. Events committed behind a transaction still running are not
 * visible yet but are there (`moreSoon`): until they show, the consumer is not caught up.
 */
export async function isCaughtUp(store: EventStore, checkpoint: Position | undefined, eventTypes: readonly string[]) {
  const page = await store.readAll({ after: checkpoint, filter: { eventTypes }, maxCount: 1 });
  return page.events.length === 0 && page.moreSoon !== true;
}

/**
 * Waits, at most `timeoutMs`, until no committed event waits behind a transaction still running (`moreSoon`),
 * so that a one-shot reader to the end of the log (a rebuild, a command-line query) sees everything committed
 * before it started. On PostgreSQL the oldest running transaction of the whole server holds readers back, the
 * other databases' included. False when the time ran out first.
 */
export async function logSettled(store: EventStore, timeoutMs: number, pollMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let after = await store.headPosition();
  for (;;) {
    const page = await store.readAll({ after, maxCount: 500 });
    if (page.checkpoint !== undefined) after = page.checkpoint;
    if (!page.isEnd) continue;
    if (page.moreSoon !== true) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
