// A file-copy restore of EventStoreDB rewinds the log while the checkpoints (in the read-model database) stay
// where they were: past the restored end. Here on the memory store, which rewinds the same way (later appends
// reuse the positions after the restored end) and names the event in each read position like the EventStoreDB
// store: the stale checkpoint is detected, the reaction resumes right after what the old log already had (new
// events written before the worker came back included, nothing it had done run again), and the projector is
// rebuilt from the rewound log rather than keeping the rows of lost events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMetadata, Position, RecordedEvent } from '../../../application/ports/eventStore.js';
import { PositionNotInLogError } from '../../../application/ports/eventStore.js';
import type { RunningConsumer } from '../../../application/consumers/checkpointedConsumer.js';
import { startReaction, type Reaction } from '../../../application/reactions/reaction.js';
import { createMemoryEventStore, type MemoryEventStore } from '../../../adapters/eventstore/memory.js';
import { sqlCheckpointStore } from '../../../adapters/postgres/readModels/checkpointStore.js';
import { sqlOutboxWriter } from '../../../adapters/postgres/readModels/outbox.js';
import type { CheckpointStore } from '../../../application/ports/checkpoints.js';
import type { RowProjector } from '../../../projections/projector.js';
import { startProjections, type RunningProjections } from '../../../projections/runner.js';
import { createMigratedPglite, type MigratedPglite } from '../../support/migrated.js';
import { eventually } from '../../projections/support/readSide.js';

interface CountRow {
  stream: string;
  notes: number;
  [column: string]: unknown;
}

/** Notes per stream: rows that only a rebuild can correct once notes are lost from the log. */
const notesProjector: RowProjector<CountRow> = {
  name: 'rewind_notes',
  version: 1,
  eventTypes: ['Noted'],
  table: 'rm_rewind_notes',
  key: { column: 'stream', type: 'text' },
  columns: { stream: 'text', notes: 'integer NOT NULL' },
  indexes: {},
  creationTypes: new Set(),
  keyOf: (event) => event.streamName,
  evolve: (row, event) => ({ stream: event.streamName, notes: (row?.notes ?? 0) + 1 }),
};

/** Records every event it handles, counting repeats: a reaction run twice on an event shows 2. */
const seenReaction: Reaction = {
  name: 'rewind-seen',
  eventTypes: ['Noted'],
  async handle(event, { tx }) {
    await tx.query(
      `INSERT INTO rewind_seen (event_id, times) VALUES ($1, 1)
       ON CONFLICT (event_id) DO UPDATE SET times = rewind_seen.times + 1`,
      [event.id],
    );
  },
};

const metadata = { actorId: 'tester', occurredAt: '2026-09-01T08:00:00.000Z', source: 'telegram', schemaVersion: 1 } as unknown as EventMetadata;
let ids = 0;
const note = () => ({ id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, type: 'Noted', data: {}, metadata });

describe('a log rewound under its consumers (memory store, PGlite checkpoints)', () => {
  let db: MigratedPglite;
  let store: MemoryEventStore;
  let checkpoints: CheckpointStore;
  let running: { projections?: RunningProjections; reaction?: RunningConsumer } = {};
  let clock = Date.parse('2026-09-01T08:00:00Z');

  beforeEach(async () => {
    db = await createMigratedPglite();
    await db.sql.query(`CREATE TABLE rewind_seen (event_id text PRIMARY KEY, times integer NOT NULL)`);
    // Each append a second later: what is written after the restore is recorded after what the checkpoints saw.
    store = createMemoryEventStore({ now: () => new Date((clock += 1_000)) });
    checkpoints = sqlCheckpointStore(db.sql);
  });
  afterEach(async () => {
    await running.reaction?.stop();
    await running.projections?.stop();
    running = {};
    await store.close();
    await db.close();
  });

  const start = async () => {
    running.projections = await startProjections({ store, sql: db.sql, checkpoints, projectors: [notesProjector], retryDelayMs: 50 });
    running.reaction = startReaction(seenReaction, { store, checkpoints, outboxFor: sqlOutboxWriter, clock: { now: () => new Date(clock) }, retryDelayMs: 50 });
  };
  const stop = async () => {
    await running.reaction?.stop();
    await running.projections?.stop();
    running = {};
  };
  const atHead = async (name: string) => {
    const head = await store.headPosition();
    const position = (await checkpoints.get(name))?.position;
    return head !== undefined && position !== undefined && store.comparePositions(position, head) === 0;
  };
  const caughtUp = () => eventually(async () => (await atHead('reaction:rewind-seen')) && (await atHead('rewind_notes')), 20_000, 'catch-up');
  const seen = async () =>
    Object.fromEntries((await db.sql.query<{ event_id: string; times: number }>(`SELECT event_id, times FROM rewind_seen`)).rows.map((r) => [r.event_id, r.times]));
  const notes = async () =>
    Object.fromEntries((await db.sql.query<CountRow>(`SELECT stream, notes FROM rm_rewind_notes`)).rows.map((r) => [r.stream, r.notes]));

  it('detects the stale checkpoint, resumes the reaction without skipping or repeating, and rebuilds the projector', async () => {
    const kept: RecordedEvent[] = [];
    for (const stream of ['room-1', 'room-2', 'room-1']) await store.append(stream, [note()], 'any');
    kept.push(...(await store.readAll()).events);
    const restoredEnd = (await store.headPosition())!;
    // Written after the backup: lost by the restore, though the consumers applied them.
    const lost = [note(), note(), note()];
    await store.append('room-2', [lost[0]!], 'any');
    await store.append('room-3', [lost[1]!, lost[2]!], 'any');

    await start();
    await caughtUp();
    await stop();
    const stale = (await checkpoints.get('reaction:rewind-seen'))!.position!;

    store.rewindForTest(restoredEnd);
    // The bot ran before the worker came back: two new notes over the positions the lost ones had.
    const fresh = [note(), note()];
    await store.append('room-1', [fresh[0]!], 'any');
    await store.append('room-3', [fresh[1]!], 'any');

    // The store refuses to read on from the stale checkpoint and names where the old history ends.
    const refused = await store.readAll({ after: stale }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PositionNotInLogError);
    expect((refused as PositionNotInLogError).resumeAfter).toBe(restoredEnd);

    await start();
    await caughtUp();

    // Every event handled exactly once: the kept ones and the lost ones before, the new ones now.
    const expected = Object.fromEntries([...kept.map((e) => e.id), ...lost.map((e) => e.id), ...fresh.map((e) => e.id)].map((id) => [id, 1]));
    expect(await seen()).toEqual(expected);
    // The projector holds the rewound log only: room-1 ×3 (two kept, one new), room-2 ×1, room-3 ×1 (new).
    expect(await notes()).toEqual({ 'room-1': 3, 'room-2': 1, 'room-3': 1 });
    for (const name of ['reaction:rewind-seen', 'rewind_notes']) {
      const checkpoint = (await checkpoints.get(name))!;
      expect(checkpoint.state).toBe('running');
      expect((await store.readAll({ after: checkpoint.position as Position })).events).toEqual([]);
    }
  });

  it('leaves a checkpoint inside the restored log alone', async () => {
    for (const stream of ['room-1', 'room-2']) await store.append(stream, [note()], 'any');
    await start();
    await caughtUp();
    await stop();
    const before = (await checkpoints.get('reaction:rewind-seen'))!.position;
    // A backup taken after everything the consumers saw: nothing is lost, nothing moves back.
    store.rewindForTest(before);
    await store.append('room-2', [note()], 'any');
    await start();
    await caughtUp();
    expect(Object.values(await seen())).toEqual([1, 1, 1]);
    expect(await notes()).toEqual({ 'room-1': 1, 'room-2': 2 });
  });
});
