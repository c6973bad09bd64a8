// A one-shot rebuild on PostgreSQL includes what was committed before it started even while a transaction of
// another database on the same server holds readers of the log back (the SQL store reads below the server's
// oldest running transaction): it waits for the log to settle, and goes on without it once its time is up.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allProjectors } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { logSettled } from '../../projections/lag.js';
import { requirePostgres, titled } from '../support/tools.js';
import { TEST_DATABASE_URL } from '../support/postgres.js';
import { staffEvents } from './support/events.js';
import { openReadSide, type ReadSide } from './support/readSide.js';

let n = 0;
const ctx = (actorId: string) => ({ id: `00000000-0000-4000-9200-${(++n).toString(16).padStart(12, '0')}`, at: '2026-11-02T06:00:00.000Z', actorId });

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('a rebuild behind a transaction held elsewhere', noPostgres), () => {
  let side: ReadSide;
  let holder: pg.Client | undefined;
  beforeAll(async () => {
    side = await openReadSide('postgres');
  });
  afterEach(async () => {
    await holder?.query('ROLLBACK').catch(() => undefined);
    await holder?.end();
    holder = undefined;
  });
  afterAll(async () => side?.teardown());

  /** Opens a transaction with an id in the server's shared database and keeps it running. */
  async function holdTransaction(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT txid_current()');
    return client;
  }

  const staffCount = async () => Number((await side.sql.query<{ n: string }>('SELECT count(*) AS n FROM rm_staff')).rows[0]?.n);

  it('waits for the held transaction to end, then rebuilds every committed event', async () => {
    holder = await holdTransaction();
    const event = staffEvents.approved(ctx('system'), '701', { fullName: 'Ирина Ждущая', role: 'teacher' });
    await side.store.append(event.stream, [event.event], 'any');
    expect(await logSettled(side.store, 0)).toBe(false);
    const held = holder;
    const release = setTimeout(() => void held.query('COMMIT'), 700);
    const phases = new Set<string>();
    try {
      await rebuildProjections({
        store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors, settleMs: 20_000,
        onProgress: (progress) => phases.add(progress.phase),
      });
    } finally {
      clearTimeout(release);
    }
    expect(await staffCount()).toBe(1);
    // The operator's progress says why nothing moves meanwhile.
    expect([...phases][0]).toBe('settling');
  });

  it('says nothing of a wait when the log is settled', async () => {
    const phases = new Set<string>();
    await rebuildProjections({
      store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors,
      onProgress: (progress) => phases.add(progress.phase),
    });
    expect(phases.has('settling')).toBe(false);
    expect(phases.has('done')).toBe(true);
  });

  it('goes on without what it cannot see once its time is up', async () => {
    holder = await holdTransaction();
    const event = staffEvents.approved(ctx('system'), '702', { fullName: 'Пётр Поздний', role: 'teacher' });
    await side.store.append(event.stream, [event.event], 'any');
    const started = Date.now();
    await rebuildProjections({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors, settleMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await staffCount()).toBe(1);
    await holder.query('COMMIT');
    expect(await logSettled(side.store, 20_000)).toBe(true);
  });
});
