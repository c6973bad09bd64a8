// A decorator over the EventStore port that times every append and counts its failures by reason. Reads and
// subscriptions pass straight through: the projection runner measures its own lag.
import {
  InvalidEventError,
  WrongExpectedVersionError,
  type EventStore,
} from '../../application/ports/eventStore.js';
import type { AppendFailure, Metrics } from './metrics.js';

export function instrumentEventStore(store: EventStore, metrics: Pick<Metrics, 'recordAppend'>): EventStore {
  return {
    get kind() {
      return store.kind;
    },
    async append(stream, events, expected) {
      const started = process.hrtime.bigint();
      const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const result = await store.append(stream, events, expected);
        metrics.recordAppend(elapsed(), events.length);
        return result;
      } catch (error) {
        metrics.recordAppend(elapsed(), events.length, appendFailure(error));
        throw error;
      }
    },
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options, handler) => store.subscribe(options, handler),
    headPosition: () => store.headPosition(),
    comparePositions: (a, b) => store.comparePositions(a, b),
    close: () => store.close(),
  };
}

function appendFailure(error: unknown): AppendFailure {
  if (error instanceof WrongExpectedVersionError) return 'wrong_expected_version';
  if (error instanceof InvalidEventError) return 'invalid_event';
  return 'error';
}
