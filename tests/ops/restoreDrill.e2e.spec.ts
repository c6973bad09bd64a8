// The restore drill, as an operator would run it, on the local PostgreSQL (EVENT_STORE=postgres) with the
// real scripts, the real pg_dump/pg_restore and the real CLI: a school day of events projected by a running
// SchoolBot, backup.sh, the database wiped, restore.sh (verify, stop, restore, migrate, projections rebuild,
// start, health) — and afterwards every read model (rebuilt from the log, not copied from the dump) and
// every ticket's and task's history is identical, and not one event is lost or reordered.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL, firstMissing, requirePostgres, requireTools, titled } from '../support/tools.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { replayHistory } from '../../application/history.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { sqlCheckpointStore } from '../../adapters/postgres/readModels/checkpointStore.js';
import { createPgExecutor, type PgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { allProjectors } from '../../projections/index.js';
import { isCaughtUp } from '../../projections/lag.js';
import { groupEvents, orderEvents, roomEvents } from '../projections/support/events.js';
import { appendAll, tableRows } from '../projections/support/readSide.js';
import { schoolLog } from '../projections/support/schoolLog.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { freePort, repoRoot, run, scriptEnv, waitFor } from './support.js';
import { schoolbotArgs } from '../support/compiledCli.js';

const TICKETS = 120;
const TASKS = 40;

interface Connection {
  sql: PgExecutor;
  store: EventStore;
  close(): Promise<void>;
}
function connect(url: string): Connection {
  const sql = createPgExecutor({ connectionString: url, maxConnections: 4 });
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas, pollIntervalMs: 200 });
  return { sql, store, close: async () => (await store.close(), await sql.close()) };
}

/** Everything a restore must bring back: the log in order, every read model, every history. */
async function snapshot(connection: Connection) {
  const log: unknown[] = [];
  let after;
  for (;;) {
    const page = await connection.store.readAll({ ...(after ? { after } : {}), maxCount: 1000 });
    log.push(...page.events.map((e) => [e.streamName, String(e.revision), e.id, e.type, e.data]));
    if (page.events.length === 0 || !page.checkpoint) break;
    after = page.checkpoint;
  }
  const readModels = await Promise.all(allProjectors.map((p) => tableRows(connection.sql, p.table, p.key.column)));
  const histories = [];
  for (let number = 1; number <= TICKETS + 5; number += 1)
    histories.push(await replayHistory(connection.store, 'ticket', number));
  for (let number = 1; number <= TASKS + 5; number += 1)
    histories.push(await replayHistory(connection.store, 'task', number));
  return { log, readModels, histories };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const missing = firstMissing(requirePostgres(), requireTools(TOOL.pgDump, TOOL.pgRestore, TOOL.psql, TOOL.curl));

describe.skipIf(missing !== undefined)(titled('restore drill: back up a school day, wipe, restore, rebuild', missing), () => {
  let database: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase('sbops_drill');
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-drill-'));
    port = await freePort();
    env = scriptEnv({
      SCHOOLBOT_DRIVER: 'local',
      SCHOOLBOT_CMD: [process.execPath, ...schoolbotArgs()].join(' '),
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      BACKUP_DIR: join(dir, 'backups'),
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      ENVIRONMENT: 'test',
      LOG_LEVEL: 'warn',
      HEALTH_TIMEOUT: '120',
      // On the wall clock the school day's tickets could pass their SLA targets mid-drill, and the worker would
      // append escalations between the snapshot and the backup: the drill compares the log, so none escalate.
      ESCALATE_PRIORITIES: 'none',
      // restore.sh stops and starts SchoolBot through these, as compose would stop and start the containers.
      STOP_CMD: `kill $(cat ${join(dir, 'app.pid')}) && while kill -0 $(cat ${join(dir, 'app.pid')}) 2>/dev/null; do sleep 0.2; done`,
      START_CMD: `nohup ${[process.execPath, ...schoolbotArgs()].join(' ')} start --role all > ${join(dir, 'app.log')} 2>&1 & echo $! > ${join(dir, 'app.pid')}`,
    });
  });
  afterAll(async () => {
    await run('sh', ['-c', `kill -9 $(cat ${join(dir, 'app.pid')}) 2>/dev/null; true`]);
    const admin = new pg.Client({ connectionString: database.url.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    const leftovers = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${database.name}_%`,
    ]);
    for (const row of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await admin.end();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('brings back every event, read model and history exactly', async () => {
    const cli = (args: string[]) => run(process.execPath, schoolbotArgs(...args), { env, timeoutMs: 180_000 });
    const migrated = await cli(['migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);

    // A running SchoolBot projects a school day as it happens.
    await run('sh', ['-c', env.START_CMD!], { env });
    await waitFor(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok), 60_000, 'SchoolBot to start');
    const before = connect(database.url);
    const appended = await appendAll(
      before.store,
      // The school day began yesterday: were it months back, the running worker would auto-close its resolved
      // tickets between the snapshot and the backup, and the drill compares the log before and after. Two hours
      // short of a full day: every task's first deadline is at least a day after its assignment, so none falls
      // due while the drill runs (the worker would append its TaskDeadlineMissed mid-comparison).
      [
        ...schoolLog({ seed: 2026, tickets: TICKETS, tasks: TASKS, staff: 25, start: new Date(Date.now() - DAY_MS + 2 * HOUR_MS).toISOString() }),
        // The doors' rooms, so that every read model has rows to compare.
        ...['204', '1a', 'sportzal'].map((number, i) =>
          roomEvents.defined({ id: randomUUID(), at: new Date(Date.now() - HOUR_MS).toISOString(), actorId: 'config' }, number, { floor: i + 1 }),
        ),
        // A staff group and an order to many, for their read models.
        groupEvents.defined({ id: randomUUID(), at: new Date(Date.now() - HOUR_MS).toISOString(), actorId: '1' }, 'drillgroup', 'Классные руководители 5–7'),
        orderEvents.issued({ id: randomUUID(), at: new Date(Date.now() - HOUR_MS).toISOString(), actorId: '1' }, 'drillorder', {
          title: 'Сдать отчёт по успеваемости',
          deadline: new Date(Date.now() + 3 * DAY_MS).toISOString(),
          tasks: [{ number: 999_001, assigneeId: '2001' }],
        }),
      ],
    );
    expect(appended).toBeGreaterThan(TICKETS + TASKS);
    const checkpoints = sqlCheckpointStore(before.sql);
    await waitFor(
      async () => {
        for (const projector of allProjectors) {
          const checkpoint = await checkpoints.get(projector.name);
          if (!(await isCaughtUp(before.store, checkpoint?.position, projector.eventTypes))) return false;
        }
        return true;
      },
      120_000,
      'the running worker to project the school day',
    );
    const original = await snapshot(before);
    expect(original.log).toHaveLength(appended);
    expect(allProjectors.filter((_, i) => original.readModels[i]!.length === 0).map((p) => p.name)).toEqual([]);
    // A read model that drifted from the log (a row changed behind the projector's back) goes into the
    // backup as it is; the restore must rebuild it from the events, not bring the drift back.
    await before.sql.query(`UPDATE rm_tickets SET title = 'changed behind the projector' WHERE number = 1`);
    await before.close();

    const backup = await run(join(repoRoot, 'scripts', 'backup.sh'), [], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const [dump] = (await readdir(join(dir, 'backups'))).filter((name) => name.endsWith('.dump'));

    // Disaster: the schema is gone.
    const wipe = new pg.Client({ connectionString: database.url });
    await wipe.connect();
    await wipe.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await wipe.end();

    const restore = await run(join(repoRoot, 'scripts', 'restore.sh'), ['--yes', join(dir, 'backups', dump!)], {
      env,
      timeoutMs: 300_000,
    });
    expect(restore.code, `${restore.stderr}\n${await readFile(join(dir, 'app.log'), 'utf8').catch(() => '')}`).toBe(0);
    expect(restore.stderr).toMatch(/restore of .* done; read models rebuilt/);
    expect(restore.stdout).toMatch(/rebuilt tickets, tasks, staff, rooms[a-z, -]*: \d+ events/);

    const after = connect(database.url);
    try {
      const restored = await snapshot(after);
      expect(restored.log).toEqual(original.log);
      expect(restored.readModels).toEqual(original.readModels);
      expect(restored.histories).toEqual(original.histories);
    } finally {
      await after.close();
    }
  }, 600_000);
});
