// Properties of the batched fold: projecting any event sequence in batches of any sizes gives the same read
// model as projecting it one event at a time, and a rebuild from the log gives the same read model as live
// projection did.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position, RecordedEvent } from '../../application/ports/eventStore.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { createMigratedPglite, type MigratedPglite } from '../support/migrated.js';
import { allProjectors } from '../../projections/index.js';
import { applyBatch, createTableSql } from '../../projections/projector.js';
import { isCaughtUp } from '../../projections/lag.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { startProjections } from '../../projections/runner.js';
import type { StreamEvent } from './support/events.js';
import { staffEvents, taskEvents, ticketEvents } from './support/events.js';
import { schoolLog } from './support/schoolLog.js';
import { appendAll, eventually, tableRows } from './support/readSide.js';

const T0 = Date.parse('2026-10-05T06:00:00.000Z');
const PEOPLE = ['101', '102', '103'];

/** Any sequence of well-formed events of every type, about a few tickets, tasks and people, in any order. */
const anyEvent = fc
  .record({
    kind: fc.integer({ min: 0, max: 22 }),
    number: fc.integer({ min: 1, max: 3 }),
    person: fc.constantFrom(...PEOPLE),
    other: fc.constantFrom(...PEOPLE),
    minute: fc.integer({ min: 0, max: 20_000 }),
    flag: fc.boolean(),
  })
  .map(({ kind, number: n, person, other, minute, flag }, index?: number): StreamEvent => {
    const at = new Date(T0 + minute * 60_000).toISOString();
    const c = { id: `00000000-0000-4000-8000-${String(index ?? 0).padStart(12, '0')}`, at, actorId: person };
    const later = new Date(T0 + (minute + 600) * 60_000).toISOString();
    const builders = [
      () => ticketEvents.opened(c, n, { authorId: person, priority: flag ? 'urgent' : 'low' }),
      () => ticketEvents.assigned(c, n, { assigneeId: other }),
      () => ticketEvents.commented(c, n),
      () => ticketEvents.priorityChanged(c, n, { from: 'low', to: 'high', dueAt: later }),
      () => ticketEvents.resolved(c, n, { authorId: other }),
      () => ticketEvents.closed(c, n, flag),
      () => ticketEvents.reopened(c, n, { from: flag ? 'closed' : 'resolved', assigneeId: flag ? other : null }),
      () => ticketEvents.cancelled(c, n, flag ? 'open' : 'in_progress'),
      () => taskEvents.assigned(c, n, { assigneeId: other, deadline: later }),
      () => taskEvents.accepted(c, n),
      () => taskEvents.extended(c, n, { previousDeadline: at, newDeadline: later, assigneeId: other, missed: flag }),
      () => taskEvents.completed(c, n, { issuerId: other, deadline: later, late: flag }),
      () => taskEvents.approved(c, n, { assigneeId: other, completedAt: at, deadline: later, onTime: flag }),
      () => taskEvents.returned(c, n, { assigneeId: other }),
      () => taskEvents.cancelled(c, n, { assigneeId: other, from: flag ? 'assigned' : 'accepted' }),
      () => taskEvents.deadlineMissed(c, n, { deadline: at, assigneeId: other, issuerId: person }),
      () => staffEvents.registered(c, other, `Сотрудник ${other}`),
      () => staffEvents.approved(c, other, { fullName: `Сотрудник ${other}`, role: flag ? 'technician' : 'teacher' }),
      () => staffEvents.roleChanged(c, other, { from: 'teacher', to: 'deputy' }),
      () => staffEvents.deactivated(c, other),
      () => staffEvents.reactivated(c, other, 'teacher'),
      () => staffEvents.unreachable(c, other),
      () => staffEvents.reachable(c, other),
    ];
    return builders[kind]!();
  });

const recorded = (items: readonly StreamEvent[]): RecordedEvent[] =>
  items.map((item, index) => ({
    ...item.event,
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    streamName: item.stream,
    revision: BigInt(index),
    position: String(index).padStart(10, '0') as Position,
    recordedAt: item.event.metadata.occurredAt,
  }));

/** Splits a list into consecutive parts of the given sizes (the last part takes the rest). */
function partition<T>(list: readonly T[], sizes: readonly number[]): T[][] {
  const parts: T[][] = [];
  let offset = 0;
  for (const size of sizes) {
    if (offset >= list.length) break;
    parts.push(list.slice(offset, offset + size));
    offset += size;
  }
  if (offset < list.length) parts.push(list.slice(offset));
  return parts;
}

describe('batched projection (PGlite)', () => {
  let sql: SqlExecutor;
  let database: MigratedPglite | undefined;
  beforeAll(async () => {
    database = await createMigratedPglite();
    sql = database.sql;
  });
  afterAll(async () => database?.close());

  const project = async (suffix: string, batches: readonly RecordedEvent[][]) => {
    const snapshot: Record<string, unknown[]> = {};
    for (const projector of allProjectors) {
      const table = `${projector.table}_${suffix}`;
      await sql.query(`DROP TABLE IF EXISTS "${table}"`);
      for (const statement of createTableSql(projector, table)) await sql.query(statement);
      // Every batch folds and saves on its own, as the runner does; one transaction around them all, because a
      // commit per event (thousands a run, most of the test's time) changes nothing the next batch reads: this
      // one connection sees its own writes inside a transaction as it would see them committed.
      await sql.transaction(async (tx) => {
        for (const batch of batches) await applyBatch(tx, projector, table, batch);
      });
      snapshot[projector.name] = await tableRows(sql, table, projector.key.column);
    }
    return snapshot;
  };

  it('gives the same read model in batches of any sizes as one event at a time', async () => {
    const sequences = fc.oneof(
      fc.array(anyEvent, { maxLength: 60 }).map((events) => events.map((e, i) => ({ ...e, event: { ...e.event, id: String(i) } }))),
      fc.integer({ min: 1, max: 2 ** 31 }).map((seed) => [...schoolLog({ seed, tickets: 12, tasks: 6, staff: 10 })]),
    );
    await fc.assert(
      fc.asyncProperty(sequences, fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 20 }), async (items, sizes) => {
        const events = recorded(items);
        const oneByOne = await project('one', events.map((event) => [event]));
        const batched = await project('batch', partition(events, sizes));
        expect(batched).toEqual(oneByOne);
      }),
      { numRuns: Number(process.env.PROJECTION_PROPERTY_RUNS ?? 40) },
    );
  }, 300_000);

  it('rebuilds from the log exactly what live projection built, whatever the batch and page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 80 }),
        async (seed, batchSize, pageSize) => {
          const migrated = await createMigratedPglite();
          const db = migrated.sql;
          const store = createMemoryEventStore();
          try {
            const checkpoints = sqlCheckpointStore(db);
            const appended = await appendAll(store, schoolLog({ seed, tickets: 25, tasks: 10, staff: 10 }), 3);
            const running = await startProjections({ store, sql: db, checkpoints, projectors: allProjectors, batchSize });
            await eventually(async () => {
              for (const projector of allProjectors) {
                const checkpoint = await checkpoints.get(projector.name);
                if (!(await isCaughtUp(store, checkpoint?.position, projector.eventTypes))) return false;
              }
              return true;
            }, 60_000, `live projection of ${appended} events`);
            await running.stop();
            const snapshot = async () =>
              Promise.all(allProjectors.map((p) => tableRows(db, p.table, p.key.column)));
            const live = await snapshot();
            await rebuildProjections({ store, sql: db, checkpoints, projectors: allProjectors, pageSize });
            expect(await snapshot()).toEqual(live);
          } finally {
            await store.close();
            await migrated.close();
          }
        },
      ),
      { numRuns: Number(process.env.PROJECTION_REBUILD_RUNS ?? 4) },
    );
  }, 300_000);
});
