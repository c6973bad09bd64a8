// A double of the part of @eventstore/db-client the EventStoreDB store uses: $all and stream reads over an
// array standing for the server's log (real Node Readables, as the client's reads are), each recording what it
// was asked for and whether it was read to its end or cancelled; live subscriptions as event emitters.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { AllStreamRecordedEvent, ReadAllOptions, ReadStreamOptions, SubscribeToAllOptions } from '@eventstore/db-client';
import type { EsdbClient } from '../../../adapters/eventstore/esdbEventStore.js';

export interface RecordedRead {
  kind: 'all' | 'stream';
  options: ReadAllOptions | ReadStreamOptions;
  ended: boolean;
  cancelled: boolean;
}

export class FakeSubscription extends EventEmitter {
  unsubscribed = false;
  constructor(readonly options: SubscribeToAllOptions | undefined) {
    super();
  }
  unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    return Promise.resolve();
  }
}

let sequence = 0;

/** A raw $all event at the next position (type "Noted" unless said), recorded at `created`. */
export function rawEvent(o: { streamId?: string; type?: string; revision?: bigint; created?: Date; data?: unknown; id?: string } = {}): AllStreamRecordedEvent {
  sequence += 1;
  const hex = sequence.toString(16).padStart(12, '0');
  return {
    streamId: o.streamId ?? 'room-1',
    id: o.id ?? `${hex.slice(0, 8)}-0000-4000-8000-${hex}`,
    revision: o.revision ?? 0n,
    type: o.type ?? 'Noted',
    data: (o.data ?? { n: sequence }) as never,
    metadata: {} as never,
    isJson: true,
    created: o.created ?? new Date(Date.UTC(2026, 8, 1, 8, 0, sequence)),
    position: { commit: BigInt(sequence * 100), prepare: BigInt(sequence * 100) },
  } as AllStreamRecordedEvent;
}

const before = (a: AllStreamRecordedEvent['position'], b: AllStreamRecordedEvent['position']) =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

export function fakeEsdbClient(initial: AllStreamRecordedEvent[] = []) {
  const state = {
    log: [...initial],
    reads: [] as RecordedRead[],
    subscriptions: [] as FakeSubscription[],
    /** The next read fails with this error after yielding this many items. */
    failNext: undefined as { after: number; error: Error } | undefined,
  };

  const streamingRead = (kind: RecordedRead['kind'], options: RecordedRead['options'], items: AllStreamRecordedEvent[]) => {
    const record: RecordedRead = { kind, options, ended: false, cancelled: false };
    state.reads.push(record);
    const failure = state.failNext;
    state.failNext = undefined;
    async function* produce() {
      for (const [index, event] of items.entries()) {
        if (failure && index === failure.after) throw failure.error;
        yield { event };
      }
    }
    const read = Readable.from(produce()) as Readable & { cancel(): Promise<void> };
    read.on('end', () => {
      record.ended = true;
    });
    read.cancel = () => {
      record.cancelled = true;
      return Promise.resolve();
    };
    return read;
  };

  const client = {
    readAll(options: ReadAllOptions = {}) {
      const limit = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const from = options.fromPosition ?? (options.direction === 'backwards' ? 'end' : 'start');
      let items: AllStreamRecordedEvent[];
      if (options.direction === 'backwards') {
        const upTo = from === 'end' || from === 'start' ? state.log : state.log.filter((e) => !before(from, e.position));
        items = [...upTo].reverse();
      } else {
        items = from === 'start' || from === 'end' ? state.log : state.log.filter((e) => !before(e.position, from));
      }
      return streamingRead('all', options, items.slice(0, limit));
    },
    readStream(stream: string, options: ReadStreamOptions = {}) {
      const events = state.log.filter((e) => e.streamId === stream);
      const limit = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      const from = options.fromRevision;
      const items =
        options.direction === 'backwards'
          ? events.filter((e) => from === undefined || from === 'end' || from === 'start' || e.revision <= from).reverse()
          : events.filter((e) => from === undefined || from === 'start' || (from !== 'end' && e.revision >= from));
      return streamingRead('stream', options, items.slice(0, limit));
    },
    subscribeToAll(options?: SubscribeToAllOptions) {
      const subscription = new FakeSubscription(options);
      state.subscriptions.push(subscription);
      return subscription;
    },
    appendToStream() {
      throw new Error('not used by these tests');
    },
    dispose() {
      return Promise.resolve();
    },
  };
  return { client: client as unknown as EsdbClient, state };
}

/** Timers run by hand: what is pending, with its delay, and firing the earliest set. */
export function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    timers: {
      set: (run: () => void, ms: number) => {
        next += 1;
        pending.set(next, { run, ms });
        return next;
      },
      clear: (handle: unknown) => void pending.delete(handle as number),
    },
    delays: () => [...pending.values()].map((timer) => timer.ms),
    /** Runs the earliest pending timer; returns its delay. */
    fire(): number {
      const first = [...pending.entries()][0];
      if (!first) throw new Error('no timer pending');
      pending.delete(first[0]);
      first[1].run();
      return first[1].ms;
    },
  };
}
