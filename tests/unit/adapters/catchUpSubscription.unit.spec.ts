// The live loop's pacing: under a stream of wake-ups a subscriber reads once per interval, not once per
// append, still delivers every event once and in order, and stops at once when asked. A reader filtered by
// type sleeps through appends of other types. The notifier tells other processes which types were appended.
import { describe, expect, it } from 'vitest';
import type { Position, ReadAllOptions, RecordedEvent } from '../../../application/ports/eventStore.js';
import type { CatchUpReadResult, CatchUpSource } from '../../../adapters/eventstore/catchUpSubscription.js';
import { startCatchUpSubscription } from '../../../adapters/eventstore/catchUpSubscription.js';
import { AppendNotifier, appendedTypesFrom } from '../../../adapters/eventstore/appendNotifier.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';

/** A log in memory whose appends wake the subscriber, counting the reads it is asked for. */
function countingLog() {
  const events: RecordedEvent[] = [];
  const wakers = new Set<(types?: readonly string[]) => void>();
  let reads = 0;
  const source: CatchUpSource = {
    readAll(options: ReadAllOptions): Promise<CatchUpReadResult> {
      reads += 1;
      const from = options.after === undefined ? 0 : Number(options.after);
      const slice = events.slice(from, from + (options.maxCount ?? 100));
      const wanted = options.filter?.eventTypes;
      const page = wanted ? slice.filter((event) => wanted.includes(event.type)) : slice;
      const checkpoint = (slice.at(-1)?.position ?? options.after) as Position | undefined;
      return Promise.resolve({ events: page, checkpoint, isEnd: from + slice.length >= events.length });
    },
    onAppend(wake) {
      wakers.add(wake);
      return () => wakers.delete(wake);
    },
  };
  const append = (type = 'Tick', announce: 'types' | 'nothing' = 'types') => {
    const n = events.length + 1;
    events.push({
      id: `e${n}`,
      type,
      data: { n },
      metadata: {} as RecordedEvent['metadata'],
      streamName: 'ticks',
      revision: BigInt(n - 1),
      position: String(n) as Position,
      recordedAt: new Date(0).toISOString(),
    });
    for (const wake of wakers) wake(announce === 'types' ? [type] : undefined);
  };
  return { source, append, reads: () => reads };
}

const until = async (condition: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('catch-up subscription pacing', () => {
  for (const intervalMs of [0, 20]) {
    it(`delivers a burst of appends exactly once, in order (least interval ${intervalMs} ms)`, async () => {
      const log = countingLog();
      const seen: number[] = [];
      const subscription = startCatchUpSubscription(log.source, { minLiveIntervalMs: intervalMs, pollIntervalMs: 10_000 }, (events) => {
        seen.push(...events.map((event) => (event.data as { n: number }).n));
        return Promise.resolve();
      });
      // 200 appends, one every millisecond or so: each one wakes the subscriber.
      for (let i = 0; i < 200; i += 1) {
        log.append();
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await until(() => seen.length === 200);
      await subscription.stop();
      expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      if (intervalMs === 0) expect(log.reads()).toBeGreaterThan(100);
      else expect(log.reads()).toBeLessThan(60);
    });
  }

  it('stops at once while pacing, without waiting out the interval', async () => {
    const log = countingLog();
    const subscription = startCatchUpSubscription(log.source, { minLiveIntervalMs: 60_000, pollIntervalMs: 10 }, () => Promise.resolve());
    log.append();
    await until(() => log.reads() >= 2);
    log.append(); // now pacing: the next read is a minute away
    const started = Date.now();
    await subscription.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a reader filtered by type sleeps through appends of other types, and wakes for its own or for unknown ones', async () => {
    const log = countingLog();
    const seen: number[] = [];
    const subscription = startCatchUpSubscription(log.source, { filter: { eventTypes: ['Tick'] }, pollIntervalMs: 60_000 }, (events) => {
      seen.push(...events.map((event) => (event.data as { n: number }).n));
      return Promise.resolve();
    });
    await until(() => log.reads() === 1);
    for (let i = 0; i < 20; i += 1) log.append('Tock');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.reads()).toBe(1);
    log.append('Tick');
    await until(() => seen.length === 1);
    expect(seen).toEqual([21]);
    const readsBefore = log.reads();
    log.append('Tock', 'nothing'); // a wake-up that does not say what was appended reads
    await until(() => log.reads() > readsBefore);
    await subscription.stop();
  });
});

describe('append notifier', () => {
  it('names the types appended since the last notification, or nothing when an append did not say', async () => {
    const payloads: string[] = [];
    const sql: SqlQueryable = {
      query<Row>(_text: string, params?: readonly unknown[]) {
        payloads.push(String(params?.[1]));
        return Promise.resolve({ rows: [] as Row[], rowCount: 0 });
      },
    };
    const notifier = new AppendNotifier(sql, 'es_events', 5);
    notifier.signal(['TicketOpened']);
    notifier.signal(['StaffApproved']); // coalesced into the next one
    notifier.signal(['TicketOpened', 'StaffApproved']);
    await notifier.drain();
    notifier.signal(['TaskAssigned']);
    notifier.signal();
    await notifier.drain();
    expect(payloads).toEqual(['TicketOpened', 'StaffApproved,TicketOpened', '']);
    expect(payloads.map(appendedTypesFrom)).toEqual([['TicketOpened'], ['StaffApproved', 'TicketOpened'], undefined]);
  });
});
