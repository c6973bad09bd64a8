// `schoolbot doctor` against real local services (PostgreSQL, Redis, a fake Telegram and a stand-in
// GlitchTip on loopback) and against deliberately wrong ones: each problem is named with its fix.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { PgExecutor } from '../../adapters/sql/pgExecutor.js';
import { formatDoctorReport, runDoctor, type CheckResult } from '../../infra/cli/doctor.js';
import { FakeTelegram } from '../support/fakeTelegram.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { firstMissing, requirePostgres, requireRedis, titled } from '../support/tools.js';
import { freePort, repoRoot, run } from './support.js';
import { schoolbotArgs } from '../support/compiledCli.js';

const TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi';

function listen(handler: (url: string, respond: (status: number, body: unknown) => void) => void): Promise<Server> {
  const server = createServer((request, response) =>
    handler(request.url ?? '', (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const origin = (server: Server) => {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};
const byName = (results: CheckResult[], name: string) => results.find((result) => result.name === name);

const missing = firstMissing(requirePostgres(), requireRedis());

describe.skipIf(missing !== undefined)(titled('schoolbot doctor', missing), () => {
  let database: TestDatabase;
  let telegram: FakeTelegram;
  let glitchtip: Server;
  let refusingTelegram: Server;
  let healthy: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('sbops_doctor');
    const sql = new PgExecutor({ connectionString: database.url, maxConnections: 2 });
    await runMigrations(sql, migrations);
    await sql.close();
    telegram = new FakeTelegram();
    await telegram.start();
    glitchtip = await listen((url, respond) => respond(url === '/_health/' ? 200 : 404, { healthy: true }));
    refusingTelegram = await listen((_url, respond) =>
      respond(401, { ok: false, error_code: 401, description: 'Unauthorized' }),
    );
    healthy = {
      ENVIRONMENT: 'test',
      TELEGRAM_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      GLITCHTIP_DSN: `${origin(glitchtip).replace('http://', 'http://0123456789abcdef@')}/1`,
    };
  });
  afterAll(async () => {
    await telegram?.stop();
    await new Promise((resolve) => glitchtip?.close(resolve));
    await new Promise((resolve) => refusingTelegram?.close(resolve));
    await database?.drop();
  });

  it('finds nothing wrong when every dependency answers', async () => {
    const results = await runDoctor(healthy);
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['config', 'ok'],
      ['telegram', 'ok'],
      ['event store', 'ok'],
      ['redis', 'ok'],
      ['glitchtip', 'ok'],
    ]);
    expect(byName(results, 'telegram')?.detail).toContain(`@${String(telegram.bot.username)}`);
    expect(telegram.calls.some((call) => call.method === 'getMe' && call.token === TOKEN)).toBe(true);
    expect(formatDoctorReport(results)).toMatch(/nothing required is broken$/);
  });

  it('names every broken dependency with its fix, and keeps secrets out of the report', async () => {
    const closedPort = await freePort();
    const results = await runDoctor({
      ...healthy,
      TELEGRAM_API_ROOT: origin(refusingTelegram),
      DATABASE_URL: `postgres://postgres:hunter2-secret@127.0.0.1:${closedPort}/nowhere`,
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      GLITCHTIP_DSN: `http://0123456789abcdef@127.0.0.1:${closedPort}/1`,
    });
    expect(byName(results, 'telegram')).toMatchObject({ status: 'fail', fix: expect.stringContaining('@BotFather') });
    expect(byName(results, 'event store')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('DATABASE_URL'),
    });
    expect(byName(results, 'redis')).toMatchObject({ status: 'fail', fix: expect.stringContaining('REDIS_URL') });
    expect(byName(results, 'glitchtip')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('GLITCHTIP_DSN'),
    });
    const report = formatDoctorReport(results);
    expect(report).toMatch(/4 problem\(s\) must be fixed$/);
    expect(report).not.toContain('hunter2-secret');
    expect(report).not.toContain(TOKEN);
  });

  it('reports an EventStoreDB that does not answer', async () => {
    const results = await runDoctor({
      ...healthy,
      EVENT_STORE: 'esdb',
      EVENTSTORE_URL: `esdb://127.0.0.1:${await freePort()}?tls=false`,
    });
    expect(byName(results, 'event store')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('EventStoreDB'),
    });
    expect(byName(results, 'read database')).toMatchObject({ status: 'ok' });
  });

  // CI starts KurrentDB as a service container and sets EVENTSTORE_URL; without one this case cannot run here.
  it.skipIf(!process.env.EVENTSTORE_URL)('reads a real EventStoreDB (EVENTSTORE_URL)', async () => {
    const results = await runDoctor({ ...healthy, EVENT_STORE: 'esdb', EVENTSTORE_URL: process.env.EVENTSTORE_URL });
    expect(byName(results, 'event store')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('EventStoreDB answers'),
    });
  });

  it('tells to migrate when the schema is behind', async () => {
    const empty = await createTestDatabase('sbops_doctor_empty');
    try {
      const results = await runDoctor({ ...healthy, DATABASE_URL: empty.url });
      expect(byName(results, 'event store')).toMatchObject({ status: 'fail', fix: 'run: schoolbot migrate' });
    } finally {
      await empty.drop();
    }
  });

  it('reports configuration errors one variable per line, without probing anything', async () => {
    const results = await runDoctor({ ...healthy, HTTP_PORT: 'eighty', TELEGRAM_MODE: 'carrier-pigeon' });
    expect(results.every((result) => result.name === 'config' && result.status === 'fail')).toBe(true);
    expect(results.map((result) => result.detail.split(' ')[0]).sort()).toEqual(['HTTP_PORT', 'TELEGRAM_MODE']);
  });

  it('warns, without failing, about optional parts left out', async () => {
    const results = await runDoctor({ ENVIRONMENT: 'dev', DATA_DIR: `${repoRoot}/.tmp/doctor-data` });
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['config', 'ok'],
      ['telegram', 'warn'],
      ['event store', 'ok'],
      ['redis', 'warn'],
      ['glitchtip', 'warn'],
    ]);
  });

  it('exits 1 from the command line when something required is broken', async () => {
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...healthy,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    };
    const broken = await run(process.execPath, schoolbotArgs('doctor'), { env, timeoutMs: 90_000 });
    expect(broken.stdout).toMatch(/^redis\s+FAIL/m);
    expect(broken.code).toBe(1);
    const fine = await run(process.execPath, schoolbotArgs('doctor'), {
      env: { ...env, REDIS_URL: healthy.REDIS_URL },
      timeoutMs: 90_000,
    });
    expect(fine.stdout).toMatch(/nothing required is broken/);
    expect(fine.code).toBe(0);
  });
});
