// Crash safety and takeover with real processes on the local PostgreSQL: a worker SIGKILLed in the middle
// of live projection, or in the middle of a rebuild, is restarted and leaves read models equal to a clean
// rebuild; of two workers only one projects, and when it dies the other takes over.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allProjectors } from '../../projections/index.js';
import { isCaughtUp } from '../../projections/lag.js';
import { rebuildProjections } from '../../projections/rebuild.js';
import { schoolLog } from './support/schoolLog.js';
import { spawnWorker, type WorkerProcess } from './support/processes.js';
import { appendAll, eventually, openReadSide, tableRows, type ReadSide } from './support/readSide.js';
import { requirePostgres, titled } from '../support/tools.js';

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('worker processes on PostgreSQL', noPostgres), () => {
  let side: ReadSide;
  const spawned: WorkerProcess[] = [];
  const spawn = (...args: Parameters<typeof spawnWorker>) => {
    const worker = spawnWorker(...args);
    spawned.push(worker);
    return worker;
  };

  beforeAll(async () => {
    side = await openReadSide('postgres');
    await appendAll(side.store, schoolLog({ seed: 11, tickets: 300, tasks: 100, staff: 20 }));
  }, 120_000);
  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((worker) => worker.kill()));
  });
  afterAll(async () => side?.teardown());

  const snapshot = () => Promise.all(allProjectors.map((p) => tableRows(side.sql, p.table, p.key.column)));
  const caughtUp = async () => {
    for (const projector of allProjectors) {
      const checkpoint = await side.checkpoints.get(projector.name);
      if (!(await isCaughtUp(side.store, checkpoint?.position, projector.eventTypes))) return false;
    }
    return true;
  };
  const applied = async () => (await side.checkpoints.list()).reduce((sum, c) => sum + c.eventsApplied, 0);
  const expectEqualToCleanRebuild = async () => {
    const projected = await snapshot();
    await rebuildProjections({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors });
    expect(await snapshot()).toEqual(projected);
  };
  const env = () => ({ DATABASE_URL: side.url! });

  it('a worker killed in the middle of live projection loses and repeats nothing after a restart', async () => {
    const first = spawn('worker', { ...env(), BATCH_SIZE: '10' });
    await first.waitFor((f) => f.leader === true);
    // Keep appending while it projects, then kill it mid-way.
    const more = appendAll(side.store, schoolLog({ seed: 12, tickets: 0, tasks: 0, staff: 12, start: '2027-01-01T00:00:00.000Z' }));
    await eventually(async () => (await applied()) > 200, 60_000, 'some projection');
    expect(await caughtUp()).toBe(false);
    await first.kill('SIGKILL');
    await more;
    const second = spawn('worker', { ...env(), BATCH_SIZE: '500' });
    await second.waitFor((f) => f.leader === true);
    await eventually(caughtUp, 120_000, 'the restarted worker to catch up');
    await second.kill('SIGTERM');
    await expectEqualToCleanRebuild();
  }, 240_000);

  it('a rebuild killed in the middle resumes where it stopped and swaps in the same read models', async () => {
    const interrupted = spawn('rebuild', { ...env(), PAGE_SIZE: '40', FLUSH_EVERY: '200' });
    await interrupted.waitFor((f) => typeof f.rebuilt === 'number' && f.rebuilt > 400, 120_000);
    await interrupted.kill('SIGKILL');
    const progress = await side.sql.query<{ position: string | null }>(`SELECT position FROM projection_rebuilds`);
    expect(progress.rows.length).toBe(allProjectors.length);
    expect(progress.rows.some((row) => row.position !== null)).toBe(true);
    const resumed = spawn('rebuild', { ...env(), PAGE_SIZE: '2000' });
    expect(await resumed.exited).toBe(0);
    expect(resumed.facts.some((f) => f.done === true)).toBe(true);
    expect((await side.sql.query(`SELECT 1 FROM projection_rebuilds`)).rowCount).toBe(0);
    const live = await snapshot();
    await rebuildProjections({ store: side.store, sql: side.sql, checkpoints: side.checkpoints, projectors: allProjectors });
    expect(await snapshot()).toEqual(live);
  }, 240_000);

  it('of two workers only one projects; when it dies the other takes over within 10 s', async () => {
    const a = spawn('worker', env());
    const b = spawn('worker', env());
    await Promise.all([a.waitFor((f) => f.started === true), b.waitFor((f) => f.started === true)]);
    const leaderFact = await Promise.race([a.waitFor((f) => f.leader === true), b.waitFor((f) => f.leader === true)]);
    const [leader, standby] = leaderFact.pid === a.child.pid ? [a, b] : [b, a];
    // The standby keeps trying for a while and never becomes leader meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(standby.facts.some((f) => f.leader === true)).toBe(false);
    const holders = await side.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(Number(holders.rows[0]!.n)).toBe(1);
    await appendAll(side.store, schoolLog({ seed: 13, tickets: 20, tasks: 5, staff: 10, start: '2027-02-01T00:00:00.000Z' }));
    await eventually(caughtUp, 60_000, 'the leader to project');

    const killedAt = Date.now();
    await leader.kill('SIGKILL');
    await standby.waitFor((f) => f.leader === true, 30_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await appendAll(side.store, schoolLog({ seed: 14, tickets: 20, tasks: 5, staff: 10, start: '2027-03-01T00:00:00.000Z' }));
    await eventually(caughtUp, 60_000, 'the new leader to project');
    await standby.kill('SIGTERM');
    await expectEqualToCleanRebuild();
  }, 240_000);
});
