// Contract cases for what goes into events: size, Unicode, bad input, and events that fail their schema.
import { expect, it } from 'vitest';
import { CorruptEventError, InvalidEventError } from '../../../application/ports/eventStore.js';
import type { ContractHarness } from './harness.js';
import { event, eventually, readEverything, uniquePrefix, uniqueStream, waitUntilVisible } from './harness.js';

export function contentCases(harness: () => ContractHarness) {
  const store = () => harness().store;

  it('stores and reads back a 1 MB event', async () => {
    const stream = uniqueStream('big');
    // Just over 1 MB (10^6 bytes) of UTF-8, and under EventStoreDB's default 1 MiB append limit.
    const text = 'абвгд😀'.repeat(71_500);
    expect(Buffer.byteLength(text)).toBeGreaterThan(1_000_000);
    const big = event('BigThing', { text });
    await waitUntilVisible(store(), [(await store().append(stream, [big], 'no_stream')).position]);
    const [read] = await store().readStream(stream);
    expect((read!.data as { text: string }).text).toBe(text);
    const all = await readEverything(store(), { streamPrefixes: [stream] });
    expect(all.map((e) => e.id)).toEqual([big.id]);
  });

  it('keeps Unicode and emoji in the stream name, data and metadata', async () => {
    const stream = uniqueStream('заявка-🏫-👩‍🏫');
    const data = { title: 'Не работает проектор 📽️ в 204', note: '中文 · العربية · 👨‍👩‍👧‍👦', emoji: '🎉' };
    const written = event('ProjectorBroken', data, { actorId: 'Мария 👩‍🏫', correlationId: 'корреляция-🔗' });
    await waitUntilVisible(store(), [(await store().append(stream, [written], 'no_stream')).position]);
    const [read] = await store().readStream(stream);
    expect(read).toMatchObject({ streamName: stream, data, metadata: written.metadata });
    const byPrefix = await readEverything(store(), { streamPrefixes: [stream.slice(0, -4)] });
    expect(byPrefix.map((e) => e.id)).toContain(written.id);
  });

  it('refuses invalid stream names, event types and ids with a clear error, storing nothing', async () => {
    const cases: Array<[string, ReturnType<typeof event>, RegExp]> = [
      ['', event(), /invalid stream name/],
      ['has space', event(), /invalid stream name/],
      ['$system', event(), /invalid stream name/],
      ['x'.repeat(201), event(), /invalid stream name/],
      [uniqueStream('badtype'), event('lowercase'), /invalid event type "lowercase"/],
      [uniqueStream('badtype'), event('Has Space'), /invalid event type/],
      [uniqueStream('badid'), { ...event(), id: 'not-a-uuid' }, /invalid event id "not-a-uuid"/],
    ];
    for (const [stream, bad, message] of cases) {
      const error = await store().append(stream, [bad], 'any').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidEventError);
      expect(String((error as Error).message)).toMatch(message);
      if (stream.length > 0 && stream.length <= 200 && !stream.startsWith('$') && !stream.includes(' ')) {
        expect(await store().readStream(stream)).toEqual([]);
      }
    }
    await expect(store().append(uniqueStream('empty'), [], 'any')).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('an event failing its schema stops only the reader that meets it, naming stream, revision and type', async () => {
    const prefix = uniquePrefix('corrupt');
    const stream = `${prefix}-bad`;
    await store().append(stream, [event('StrictCounted', { count: 1 })], 'no_stream');
    await store().append(stream, [event('StrictCounted', { count: 'many' })], 0n);
    await store().append(`${prefix}-good`, [event('StrictCounted', { count: 2 })], 'no_stream');

    const error = await store().readStream(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({ stream, revision: 1n, type: 'StrictCounted' });
    expect(String((error as Error).message)).toContain(`${stream}@1`);
    expect(await store().readStream(stream, { maxCount: 1 })).toHaveLength(1);

    const delivered: number[] = [];
    const meetsIt = store().subscribe({ filter: { streamPrefixes: [stream] } }, (batch) => {
      delivered.push(...batch.map((e) => (e.data as { count: number }).count));
    });
    const healthy: string[] = [];
    const avoidsIt = store().subscribe({ filter: { streamPrefixes: [`${prefix}-good`] } }, (batch) => {
      healthy.push(...batch.map((e) => e.id));
    });
    await expect(meetsIt.done).rejects.toMatchObject({ name: 'CorruptEventError', stream, revision: 1n });
    expect(delivered).toEqual([1]);
    await store().append(`${prefix}-good`, [event('StrictCounted', { count: 3 })], 0n);
    await eventually(() => healthy.length === 2, 90_000, 'the healthy subscriber to keep going');
    await avoidsIt.stop();
  });
}
