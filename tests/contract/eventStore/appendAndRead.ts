// Contract cases for appending (expected revisions, races, retries) and reading streams and the log.
import { expect, it } from 'vitest';
import { WrongExpectedVersionError } from '../../../application/ports/eventStore.js';
import type { EventStore } from '../../../application/ports/eventStore.js';
import type { ContractHarness, ContractOptions } from './harness.js';
import { event, events, readEverything, uniquePrefix, uniqueStream, waitUntilVisible } from './harness.js';
import type { Position } from '../../../application/ports/eventStore.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function expectConflict(promise: Promise<unknown>, actual: bigint | undefined) {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect((error as WrongExpectedVersionError).actual).toBe(actual);
}

export function appendAndReadCases(harness: () => ContractHarness, options: ContractOptions) {
  const store = (): EventStore => harness().store;

  it('no_stream: creates a stream, refuses an existing one', async () => {
    const stream = uniqueStream('nostream');
    const first = await store().append(stream, events(2), 'no_stream');
    expect(first.nextRevision).toBe(1n);
    await expectConflict(store().append(stream, [event()], 'no_stream'), 1n);
  });

  it('stream_exists: refuses a missing stream, appends to an existing one', async () => {
    const stream = uniqueStream('exists');
    await expectConflict(store().append(stream, [event()], 'stream_exists'), undefined);
    await store().append(stream, [event()], 'any');
    expect((await store().append(stream, [event()], 'stream_exists')).nextRevision).toBe(1n);
  });

  it('any: appends whatever the stream holds', async () => {
    const stream = uniqueStream('any');
    expect((await store().append(stream, [event()], 'any')).nextRevision).toBe(0n);
    expect((await store().append(stream, events(3), 'any')).nextRevision).toBe(3n);
  });

  it('exact revision: appends at the current one, refuses stale, future and missing streams', async () => {
    const stream = uniqueStream('exact');
    await expectConflict(store().append(stream, [event()], 0n), undefined);
    await store().append(stream, events(2), 'no_stream');
    expect((await store().append(stream, [event()], 1n)).nextRevision).toBe(2n);
    await expectConflict(store().append(stream, [event()], 1n), 2n);
    await expectConflict(store().append(stream, [event()], 7n), 2n);
    expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('two writers racing for one revision: exactly one wins, the other gets a conflict', async () => {
    for (let round = 0; round < 10; round += 1) {
      const stream = uniqueStream('race');
      await store().append(stream, [event()], 'no_stream');
      const outcomes = await Promise.allSettled([
        store().append(stream, [event('RacerA')], 0n),
        store().append(stream, [event('RacerB')], 0n),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await store().readStream(stream)).toHaveLength(2);
    }
  });

  it('retrying the same events (same ids) stores them once and answers as the first append did', async () => {
    const stream = uniqueStream('retry');
    const batch = events(3);
    const first = await store().append(stream, batch, 'no_stream');
    const again = await store().append(stream, batch, 'no_stream');
    expect(again).toEqual(first);
    await store().append(stream, [event()], 2n);
    expect(await store().append(stream, batch, 'no_stream')).toEqual(first);
    expect((await store().readStream(stream)).map((e) => e.id)).toEqual([...batch.map((e) => e.id), expect.any(String)]);
    const concurrent = events(2);
    const racing = uniqueStream('retryrace');
    const [a, b] = await Promise.all([
      store().append(racing, concurrent, 'no_stream'),
      store().append(racing, concurrent, 'no_stream'),
    ]);
    expect(a).toEqual(b);
    expect(await store().readStream(racing)).toHaveLength(2);
    // One event with 'any' passes the expectation every time: only the id can tell the retry.
    const single = event();
    const once = await store().append(stream, [single], 'any');
    expect(await store().append(stream, [single], 'any')).toEqual(once);
    expect(await store().readStream(stream)).toHaveLength(5);
    // A single event appended at no_stream or at an exact revision: its retry answers the same way.
    const fresh = uniqueStream('retryone');
    const opening = event();
    const opened = await store().append(fresh, [opening], 'no_stream');
    expect(await store().append(fresh, [opening], 'no_stream')).toEqual(opened);
    const next = event();
    const exact = await store().append(fresh, [next], 0n);
    expect(await store().append(fresh, [next], 0n)).toEqual(exact);
    expect((await store().readStream(fresh)).map((e) => e.id)).toEqual([opening.id, next.id]);
  });

  if (options.refusesForeignIdClash !== false) {
    it('an id already stored elsewhere is refused, not silently dropped', async () => {
      const stored = event();
      await store().append(uniqueStream('clash'), [stored], 'no_stream');
      await expect(store().append(uniqueStream('clash'), [event(), stored], 'any')).rejects.toThrow(/already stored/);
      for (const expected of ['any', 'no_stream'] as const) {
        await expect(store().append(uniqueStream('clash'), [stored], expected)).rejects.toThrow(/already stored/);
      }
    });
  }

  it('reads a stream forwards, backwards and from the middle; an unknown stream is empty', async () => {
    const stream = uniqueStream('read');
    await store().append(stream, events(10), 'no_stream');
    const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
      (await store().readStream(stream, options)).map((e) => Number(e.revision));
    expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await revisions({ fromRevision: 4n, maxCount: 3 })).toEqual([4, 5, 6]);
    expect(await revisions({ direction: 'backwards' })).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(await revisions({ direction: 'backwards', fromRevision: 5n, maxCount: 2 })).toEqual([5, 4]);
    expect(await revisions({ fromRevision: 20n })).toEqual([]);
    expect(await store().readStream(uniqueStream('never'))).toEqual([]);
    const [first] = await store().readStream(stream, { maxCount: 1 });
    expect(first).toMatchObject({ streamName: stream, type: 'SomethingHappened', data: { index: 0 } });
    expect(Number.isNaN(Date.parse(first!.recordedAt))).toBe(false);
  });

  it('reads the log in pages after a position, filtered by event type and stream prefix', async () => {
    const prefix = uniquePrefix('filter');
    const other = uniquePrefix('other');
    const written: Position[] = [];
    for (let i = 0; i < 6; i += 1) {
      written.push((await store().append(`${prefix}-${i % 2}`, [event(i % 3 === 0 ? 'Kept' : 'Dropped', { i })], 'any')).position);
      written.push((await store().append(`${other}-x`, [event('Kept', { i })], 'any')).position);
    }
    await waitUntilVisible(store(), written);
    const byPrefix = await readEverything(store(), { streamPrefixes: [prefix] }, 2);
    expect(byPrefix.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5]);
    const typed = await readEverything(store(), { streamPrefixes: [prefix], eventTypes: ['Kept'] });
    expect(typed.map((e) => (e.data as { i: number }).i)).toEqual([0, 3]);
    const both = await readEverything(store(), { streamPrefixes: [prefix, other], eventTypes: ['Kept'] });
    expect(both).toHaveLength(8);
    for (let i = 1; i < byPrefix.length; i += 1) {
      expect(store().comparePositions(byPrefix[i - 1]!.position, byPrefix[i]!.position)).toBeLessThan(0);
    }
    const middle = await store().readAll({ after: byPrefix[2]!.position, filter: { streamPrefixes: [prefix] } });
    expect(middle.events.map((e) => e.id)).toEqual(byPrefix.slice(3).map((e) => e.id));
    const head = await store().headPosition();
    expect(head).toBeDefined();
    expect(store().comparePositions(head!, byPrefix[5]!.position)).toBeGreaterThanOrEqual(0);
    const nothingMore = await store().readAll({ after: head, filter: { streamPrefixes: [prefix] } });
    expect(nothingMore.events).toEqual([]);
    expect(nothingMore.isEnd).toBe(true);
  });
}
