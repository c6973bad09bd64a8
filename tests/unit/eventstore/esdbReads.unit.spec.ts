// Every read of the EventStoreDB store asks for what it needs and is either read to its end or cancelled:
// left early (the head found at the first event, a corrupt event, a failing read, a page full), its gRPC call
// must be cancelled, or its HTTP/2 stream stays open toward the server's per-connection limit.
import { describe, expect, it } from 'vitest';
import type { AllStreamRecordedEvent } from '@eventstore/db-client';
import { PositionNotInLogError } from '../../../application/ports/eventStore.js';
import type { EventDataSchema } from '../../../adapters/eventstore/readValidation.js';
import { createEsdbEventStore } from '../../../adapters/eventstore/esdbEventStore.js';
import { fakeEsdbClient, rawEvent } from './esdbClientDouble.js';

/** Data `{ bad: true }` fails its schema. */
const notedSchema: EventDataSchema = {
  safeParse: (data) =>
    (data as { bad?: boolean }).bad ? { success: false, error: { message: 'bad data' } } : { success: true, data },
};

function storeOver(log: AllStreamRecordedEvent[]) {
  const { client, state } = fakeEsdbClient(log);
  const store = createEsdbEventStore({ connectionString: 'esdb://unused:2113?tls=false', client, schemas: { Noted: notedSchema } });
  return { store, state };
}

const everyReadClosed = (state: ReturnType<typeof fakeEsdbClient>['state']) =>
  expect(state.reads.filter((read) => !read.ended && !read.cancelled)).toEqual([]);

describe('EventStoreDB store reads (client double)', () => {
  it('finds the head with a one-event read, cancelled once the event is in hand', async () => {
    const log = [rawEvent(), rawEvent(), rawEvent()];
    const { store, state } = storeOver(log);
    const head = await store.headPosition();
    expect(head && store.comparePositions(head, (await store.readAll()).checkpoint!)).toBe(0);
    expect(state.reads[0]!.options).toMatchObject({ direction: 'backwards', fromPosition: 'end', maxCount: 1n });
    expect(state.reads[0]!.cancelled).toBe(true);
    everyReadClosed(state);
  });

  it('passes system events at the end in small growing pages, each closed', async () => {
    const user = rawEvent();
    const log = [user, rawEvent({ streamId: '$stats-1', type: '$statsCollected' }), rawEvent({ streamId: '$stats-1', type: '$statsCollected' })];
    const { store, state } = storeOver(log);
    const head = await store.headPosition();
    expect(head?.startsWith(`${user.position.commit.toString().padStart(20, '0')}/`)).toBe(true);
    expect(state.reads.map((read) => (read.options as { maxCount: bigint }).maxCount)).toEqual([1n, 9n]);
    everyReadClosed(state);
    expect(await storeOver([]).store.headPosition()).toBeUndefined();
  });

  it('cancels a page left at a corrupt event, delivering what precedes it', async () => {
    const log = [rawEvent(), rawEvent(), rawEvent({ data: { bad: true } }), rawEvent()];
    const { store, state } = storeOver(log);
    const page = await store.readAll({ maxCount: 10 });
    expect(page.events.map((event) => event.id)).toEqual([log[0]!.id, log[1]!.id]);
    expect(page.isEnd).toBe(false);
    expect(state.reads[0]!.cancelled).toBe(true);
    // The next read starts at the corrupt event and fails; that read is cancelled too.
    await expect(store.readAll({ after: page.checkpoint })).rejects.toThrow(/fails its schema/);
    expect(state.reads).toHaveLength(2);
    everyReadClosed(state);
  });

  it('keeps the error of a read that fails at a position whose event is there', async () => {
    const { store, state } = storeOver([rawEvent(), rawEvent(), rawEvent()]);
    const checkpoint = (await store.readAll({ maxCount: 2 })).checkpoint;
    state.failNext = { after: 0, error: new Error('not leader') };
    await expect(store.readAll({ after: checkpoint })).rejects.toThrow('not leader');
    everyReadClosed(state);
  });

  it('cancels a read that fails midway', async () => {
    const { store, state } = storeOver([rawEvent(), rawEvent(), rawEvent()]);
    state.failNext = { after: 1, error: new Error('connection reset') };
    await expect(store.readAll()).rejects.toThrow('connection reset');
    expect(state.reads[0]!.cancelled).toBe(true);
  });

  it('asks for exactly a page (one more after a position: the event at it) and reads it to its end', async () => {
    const log = Array.from({ length: 10 }, () => rawEvent());
    const { store, state } = storeOver(log);
    const first = await store.readAll({ maxCount: 4 });
    const second = await store.readAll({ after: first.checkpoint, maxCount: 4 });
    expect([...first.events, ...second.events].map((event) => event.id)).toEqual(log.slice(0, 8).map((event) => event.id));
    expect(state.reads.map((read) => (read.options as { maxCount: bigint }).maxCount)).toEqual([4n, 5n]);
    expect(state.reads.every((read) => read.ended && !read.cancelled)).toBe(true);
  });

  it('reads a long stream in bounded pages, each to its end', async () => {
    const log = Array.from({ length: 1_200 }, (_, i) => rawEvent({ streamId: 'room-9', revision: BigInt(i) }));
    const { store, state } = storeOver(log);
    const events = await store.readStream('room-9');
    expect(events.map((event) => event.revision)).toEqual(log.map((event) => event.revision));
    expect(state.reads.map((read) => (read.options as { maxCount: bigint }).maxCount)).toEqual([500n, 500n, 500n]);
    expect(state.reads.every((read) => read.ended && !read.cancelled)).toBe(true);

    const last = await store.readStream('room-9', { direction: 'backwards', maxCount: 3 });
    expect(last.map((event) => event.revision)).toEqual([1199n, 1198n, 1197n]);
    expect((state.reads.at(-1)!.options as { maxCount: bigint }).maxCount).toBe(3n);
    everyReadClosed(state);
  });

  it('refuses to read on from a position whose event the log no longer has, naming where to resume', async () => {
    const kept = [rawEvent(), rawEvent(), rawEvent()];
    const lost = [rawEvent(), rawEvent()];
    const { store, state } = storeOver([...kept, ...lost]);
    const stale = (await store.readAll()).checkpoint!;
    // A file-copy restore: the log ends after `kept`; new events reuse the offsets, recorded later.
    state.log = [...kept];
    for (const gone of lost) state.log.push({ ...rawEvent({ created: new Date(Date.UTC(2026, 8, 2)) }), position: gone.position });
    const error = await store.readAll({ after: stale }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PositionNotInLogError);
    const resumeAfter = (error as PositionNotInLogError).resumeAfter!;
    expect(resumeAfter.startsWith(`${kept[2]!.position.commit.toString().padStart(20, '0')}/`)).toBe(true);
    // From there the new events are read, none skipped.
    expect((await store.readAll({ after: resumeAfter })).events.map((event) => event.id)).toEqual(state.log.slice(3).map((event) => event.id));
    // Past the end altogether (nothing written since the restore) it is the same answer.
    state.log = [...kept];
    await expect(store.readAll({ after: stale })).rejects.toBeInstanceOf(PositionNotInLogError);
    everyReadClosed(state);
  });
});
