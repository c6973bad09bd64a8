// Human numbers under concurrency: many openings at once, in one process and from two "instances" sharing
// one store, give unique, gap-free numbers, each in its own stream, and the counter is written in batches.
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../adapters/eventstore/memory.js';
import { createSchoolCommands } from '../../../application/commands/schoolCommands.js';
import { RECENT_SCAN } from '../../../application/numbering.js';
import type { EventStore } from '../../../application/ports/eventStore.js';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import { ADMIN, createClock, sequentialIds, staffUp } from './support.js';

const ticket = (index: number) => ({ title: `Broken thing ${index}`, category: 'it', location: String(100 + index) });

function countingAppends(store: EventStore) {
  const counterAppends: number[] = [];
  const counted: EventStore = Object.create(store) as EventStore;
  counted.append = (stream, events, expected) => {
    if (stream === 'numbers-ticket') counterAppends.push(events.length);
    return store.append(stream, events, expected);
  };
  return { counted, counterAppends };
}

function service(store: EventStore) {
  return createSchoolCommands({ eventStore: store, clock: createClock(), ids: sequentialIds, adminIds: [Number(ADMIN)] });
}

/** The stores a retry is checked on: memory, and the SQL store on PGlite. */
const STORES: Array<[string, () => Promise<EventStore>]> = [
    ['in memory', async () => createMemoryEventStore()],
    ['on PGlite', async () => {
      const sql = await createPgliteExecutor();
      await runMigrations(sql, migrations);
      return createSqlEventStore(sql);
    }],
  ];

describe('ticket numbers under concurrency', () => {
  it('60 openings at once in one process: numbers 1..60, each once, the counter written in batches', async () => {
    const { counted, counterAppends } = countingAppends(createMemoryEventStore());
    const commands = service(counted);
    await staffUp(commands);
    const teacher = await commands.person('101');
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => commands.openTicket(teacher, ticket(i), {})));
    const numbers = results.map((result) => (result.ok ? result.number : -1)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(counterAppends.reduce((sum, size) => sum + size, 0)).toBe(60);
    expect(counterAppends.length).toBeLessThan(60);
    for (let number = 1; number <= 60; number += 1) {
      const stream = await counted.readStream(`ticket-${number}`);
      expect(stream.map((event) => event.type)).toEqual(['TicketOpened']);
    }
  });

  it('two instances on one store racing: unique, gap-free numbers, and the counter matches the tickets', async () => {
    const store = createMemoryEventStore();
    const first = service(store);
    const second = service(store);
    await staffUp(first);
    const teacher = await first.person('101');
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? first : second).openTicket(teacher, ticket(i), {})),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const numbers = results.map((result) => (result.ok ? result.number : -1)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const counter = await store.readStream('numbers-ticket');
    expect(counter.map((event) => (event.data as { number: number }).number)).toEqual(numbers);
  });

  it('the same command sent twice at once opens one ticket under one number', async () => {
    const commands = service(createMemoryEventStore());
    await staffUp(commands);
    const teacher = await commands.person('101');
    const meta = { commandId: 'c7d1b2a4-0000-4000-8000-000000000001' };
    const [a, b] = await Promise.all([
      commands.openTicket(teacher, ticket(1), meta),
      commands.openTicket(teacher, ticket(1), meta),
    ]);
    expect(a).toMatchObject({ ok: true, number: 1 });
    expect(b).toMatchObject({ ok: true, number: 1 });
    const second = await commands.openTicket(teacher, ticket(2), {});
    expect(second).toMatchObject({ ok: true, number: 2 });
  });

  it.each(STORES)('%s: a retry on another instance (after others opened tickets) gets its first number back, opens nothing new', async (_name, makeStore) => {
    const store = await makeStore();
    const first = service(store);
    await staffUp(first);
    const teacher = await first.person('101');
    const meta = { commandId: 'c7d1b2a4-0000-4000-8000-000000000002' };
    expect(await first.openTicket(teacher, ticket(1), meta)).toMatchObject({ ok: true, number: 1, replayed: false });
    await first.openTicket(teacher, ticket(2), {});
    await first.openTicket(teacher, ticket(3), {});
    const restarted = service(store);
    expect(await restarted.openTicket(teacher, ticket(1), meta)).toMatchObject({ ok: true, number: 1, replayed: true });
    expect((await store.readStream('numbers-ticket')).length).toBe(3);
    expect(await restarted.openTicket(teacher, ticket(4), {})).toMatchObject({ ok: true, number: 4 });
  }, 120_000);

  it.each(STORES)('%s: an old command retried by a new process after more than RECENT_SCAN openings gets its number back, alone or among new ones', async (_name, makeStore) => {
    const store = await makeStore();
    const first = service(store);
    await staffUp(first);
    const teacher = await first.person('101');
    const old = { commandId: 'c7d1b2a4-0000-4000-8000-000000000003' };
    const older = { commandId: 'c7d1b2a4-0000-4000-8000-000000000004' };
    expect(await first.openTicket(teacher, ticket(1), old)).toMatchObject({ ok: true, number: 1 });
    expect(await first.openTicket(teacher, ticket(2), older)).toMatchObject({ ok: true, number: 2 });
    for (let batch = 0; batch < 5; batch += 1) {
      await Promise.all(Array.from({ length: RECENT_SCAN / 4 }, (_, i) => first.openTicket(teacher, ticket(10 + batch * 100 + i), {})));
    }
    const opened = (await store.readStream('numbers-ticket')).length;
    expect(opened).toBeGreaterThan(RECENT_SCAN + 2);
    // A new process: its own counter reserver (keyed by the store object), nothing remembered.
    const restarted = service(Object.create(store) as EventStore);
    expect(await restarted.openTicket(teacher, ticket(1), old)).toMatchObject({ ok: true, number: 1, replayed: true });
    // Another old one, retried together with new openings (one append carries them all).
    const again = service(Object.create(store) as EventStore);
    const [retried, ...fresh] = await Promise.all([
      again.openTicket(teacher, ticket(2), older),
      ...Array.from({ length: 3 }, (_, i) => again.openTicket(teacher, ticket(900 + i), {})),
    ]);
    expect(retried).toMatchObject({ ok: true, number: 2, replayed: true });
    expect(fresh.map((result) => (result.ok ? result.number : -1)).sort((a, b) => a - b)).toEqual([opened + 1, opened + 2, opened + 3]);
    expect((await store.readStream('numbers-ticket')).length).toBe(opened + 3);
  }, 120_000);
});
