// What the event-store contract needs from each store under test, and the fixtures every case shares.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventMetadata, EventStore, EventToAppend, Position, RecordedEvent } from '../../../application/ports/eventStore.js';
import type { EventSchemas } from '../../../adapters/eventstore/readValidation.js';

export interface ContractHarness {
  /** A store created with `contractSchemas`. */
  store: EventStore;
  /** Another store over the same storage (a second process, or the same one after a restart). */
  openAnother?(): Promise<EventStore>;
  teardown(): Promise<void>;
}

export interface ContractOptions {
  /** 20 writers × 100 events over 20 streams (concurrency.ts) unless a store documents why it runs otherwise. */
  concurrency?: { writers: number; eventsPerWriter: number; streams: number };
  /** EventStoreDB decides id clashes across streams itself; the SQL and memory stores refuse them. */
  refusesForeignIdClash?: boolean;
}

/** Read-time schemas of the contract: `StrictCounted` events must carry a non-negative integer count. */
export const contractSchemas: EventSchemas = {
  StrictCounted: z.object({ count: z.number().int().nonnegative() }),
};

export const uniqueStream = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
export const uniquePrefix = (name: string) => `ct${randomUUID().slice(0, 8)}${name}`;

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    actorId: 'staff-1',
    occurredAt: '2026-09-01T08:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    source: 'cli',
    schemaVersion: 1,
    ...overrides,
  };
}

export function event(type = 'SomethingHappened', data: unknown = { value: 1 }, meta?: Partial<EventMetadata>): EventToAppend {
  return { id: randomUUID(), type, data, metadata: metadata(meta) };
}

export const events = (count: number, type?: string) =>
  Array.from({ length: count }, (_, index) => event(type, { index }));

/** Reads everything a filter selects, page by page, as a reader following the log would. */
export async function readEverything(
  store: EventStore,
  filter: { streamPrefixes?: string[]; eventTypes?: string[] },
  pageSize = 500,
): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after: Position | undefined;
  for (let page = 0; page < 10_000; page += 1) {
    const result = await store.readAll({ after, filter, maxCount: pageSize });
    all.push(...result.events);
    after = result.checkpoint ?? after;
    if (result.isEnd) return all;
  }
  throw new Error('readEverything did not reach the end');
}

/**
 * Waits until readers can see everything up to `position`. On PostgreSQL a committed event becomes visible
 * only when every older transaction in the cluster has ended (another suite's CREATE DATABASE can hold one for
 * seconds on a busy machine), so a test that appends and then reads the log waits for this first.
 */
export async function waitUntilVisible(store: EventStore, positions: readonly Position[]) {
  const last = positions.reduce<Position | undefined>(
    (max, position) => (max === undefined || store.comparePositions(position, max) > 0 ? position : max),
    undefined,
  );
  if (last === undefined) return;
  await eventually(async () => {
    const head = await store.headPosition();
    return head !== undefined && store.comparePositions(head, last) >= 0;
  }, 120_000, 'appended events to become visible to readers');
}

/** Polls until `condition` holds (robust under a loaded machine), failing after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
