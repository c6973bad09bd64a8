// One request (a Telegram update, a CLI call) sees one snapshot of each person's Staff stream. The bot asks
// who is speaking when an update arrives, and the command it then issues authorizes the same person again:
// inside a scope the second look reuses the first load instead of reading the stream once more. That is
// authorization as of the moment the request arrived — what it would be had the command come a few
// milliseconds sooner. Outside a scope every load reads the stream.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StaffEvent, StaffState } from '../domain/index.js';
import { staffStreamName } from '../domain/index.js';
import { staffAggregate } from './aggregates.js';
import type { EventStore } from './ports/eventStore.js';
import type { LoadedStream } from './streamLoader.js';
import { loadStream } from './streamLoader.js';

type LoadedStaff = LoadedStream<StaffState, StaffEvent>;

const scope = new AsyncLocalStorage<Map<EventStore, Map<string, Promise<LoadedStaff>>>>();

/** Runs `work` as one request: staff streams are read at most once each while it runs. */
export function withinRequest<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(new Map(), work);
}

/** A person's Staff stream, folded; read once per request inside `withinRequest`. */
export function loadStaffStream(store: EventStore, telegramId: string): Promise<LoadedStaff> {
  const stores = scope.getStore();
  if (!stores) return loadStream(store, staffStreamName(telegramId), staffAggregate);
  let loads = stores.get(store);
  if (!loads) stores.set(store, (loads = new Map()));
  let loading = loads.get(telegramId);
  if (!loading) {
    loading = loadStream(store, staffStreamName(telegramId), staffAggregate);
    loads.set(telegramId, loading);
    // A failed read is not a snapshot: the next look reads again.
    loading.catch(() => loads.delete(telegramId));
  }
  return loading;
}
