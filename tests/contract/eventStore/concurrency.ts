// Contract cases for following the log while many writers append: nothing skipped, nothing repeated, the
// store's global order, contiguous stream revisions — and the same across a subscriber restart.
import { expect, it } from 'vitest';
import type { EventStore, Position, RecordedEvent } from '../../../application/ports/eventStore.js';
import type { ContractHarness, ContractOptions } from './harness.js';
import { event, eventually, readEverything, uniquePrefix, waitUntilVisible } from './harness.js';

interface Received {
  events: RecordedEvent[];
  lastCheckpoint?: Position;
}

function follow(store: EventStore, prefix: string, after?: Position, batchSize = 100) {
  const received: Received = { events: [] };
  const subscription = store.subscribe({ after, filter: { streamPrefixes: [prefix] }, batchSize }, (batch, checkpoint) => {
    received.events.push(...batch);
    received.lastCheckpoint = checkpoint;
  });
  return { received, subscription };
}

/** Appends from `writers` concurrent loops; resolves once readers can see every event written. */
async function writeConcurrently(store: EventStore, prefix: string, writers: number, perWriter: number, streams: number) {
  const positions: Position[] = [];
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; i < perWriter; i += 1) {
        const stream = `${prefix}-${(writer * 7 + i) % streams}`;
        positions.push((await store.append(stream, [event('Written', { writer, i })], 'any')).position);
      }
    }),
  );
  await waitUntilVisible(store, positions);
}

function expectContiguousStreams(events: readonly RecordedEvent[]) {
  const next = new Map<string, bigint>();
  for (const recorded of events) {
    expect(recorded.revision).toBe(next.get(recorded.streamName) ?? 0n);
    next.set(recorded.streamName, recorded.revision + 1n);
  }
}

// 20 writers × 100 events over 20 streams: more writers than the SQL stores' pools have connections (10), so
// every connection stays in a concurrent transaction (commits land out of order) for the whole case. The
// 50 × 200 it ran before repeated the same interleavings for another 8,000 appends (18 s on PostgreSQL).
const DEFAULT_CONCURRENCY = { writers: 20, eventsPerWriter: 100, streams: 20 };

export function concurrencyCases(harness: () => ContractHarness, options: ContractOptions) {
  const { writers, eventsPerWriter, streams } = options.concurrency ?? DEFAULT_CONCURRENCY;
  const total = writers * eventsPerWriter;

  it(`a live subscriber sees all ${writers} writers × ${eventsPerWriter} events exactly once, in global order`, async () => {
    const store = harness().store;
    const prefix = uniquePrefix('conc');
    const { received, subscription } = follow(store, prefix);
    await writeConcurrently(store, prefix, writers, eventsPerWriter, streams);
    const stored = await readEverything(store, { streamPrefixes: [prefix] });
    expect(stored).toHaveLength(total);
    // Wait until the subscriber has passed the last stored event (or time out) — then compare exactly.
    const last = stored[stored.length - 1]!.position;
    await eventually(
      () => received.lastCheckpoint !== undefined && store.comparePositions(received.lastCheckpoint, last) >= 0,
      120_000,
      'the subscriber to reach the last event',
    );
    await subscription.stop();
    const ids = received.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(total);
    expect(ids).toEqual(stored.map((e) => e.id));
    expectContiguousStreams(received.events);
  }, 240_000);

  it('a subscriber restarted from its last checkpoint misses and repeats nothing', async () => {
    const store = harness().store;
    const prefix = uniquePrefix('restart');
    const first = follow(store, prefix, undefined, 7);
    await writeConcurrently(store, prefix, 5, 30, 4);
    await eventually(() => first.received.events.length >= 50, 60_000, 'the first subscriber to get 50 events');
    const writing = writeConcurrently(store, `${prefix}-later`, 5, 30, 4);
    await first.subscription.stop();
    const countAtStop = first.received.events.length;
    const reader = harness().openAnother ? await harness().openAnother!() : store;
    const second = follow(reader, prefix, first.received.lastCheckpoint, 7);
    await writing;
    const stored = await readEverything(store, { streamPrefixes: [prefix] });
    expect(stored).toHaveLength(300);
    const last = stored[stored.length - 1]!.position;
    await eventually(
      () => second.received.lastCheckpoint !== undefined && reader.comparePositions(second.received.lastCheckpoint, last) >= 0,
      60_000,
      'the restarted subscriber to reach the last event',
    );
    await second.subscription.stop();
    if (reader !== store) await reader.close();
    expect(first.received.events).toHaveLength(countAtStop);
    const ids = [...first.received.events, ...second.received.events].map((e) => e.id);
    expect(ids).toEqual(stored.map((e) => e.id));
  }, 120_000);

  it('a subscriber that catches up from the start and then goes live gets old and new events in order', async () => {
    const store = harness().store;
    const prefix = uniquePrefix('catchup');
    for (let i = 0; i < 5; i += 1) await store.append(`${prefix}-a`, [event('Before', { i })], 'any');
    const { received, subscription } = follow(store, prefix, undefined, 2);
    await eventually(() => received.events.length === 5, 90_000, 'catch-up');
    await store.append(`${prefix}-b`, [event('After', { i: 5 })], 'no_stream');
    await eventually(() => received.events.length === 6, 90_000, 'the live event');
    await subscription.stop();
    expect(received.events.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
  });
}
