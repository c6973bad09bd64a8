// scale.sh and deploy.sh driven through a stand-in docker (tests/ops/fakeDocker.sh): the real scripts'
// decisions — refusing to scale a poller, reloading nginx after the replicas change, replacing replicas
// only once the new ones are healthy, and rolling back when they are not.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOOL, requireTools, titled } from '../support/tools.js';
import { repoRoot, run, scriptEnv } from './support.js';

const fake = join(repoRoot, 'tests', 'ops', 'fakeDocker.sh');
let state: string;

async function seed(bots: string[], workers: string[]) {
  await writeFile(join(state, 'bot.ids'), bots.map((id) => `${id}\n`).join(''));
  await writeFile(join(state, 'worker.ids'), workers.map((id) => `${id}\n`).join(''));
  await writeFile(join(state, 'health'), [...bots, ...workers].map((id) => `${id} healthy\n`).join(''));
}
const lines = async (file: string) => (await readFile(join(state, file), 'utf8')).split('\n').filter(Boolean);
const calls = () => lines('calls.log').catch(() => [] as string[]);

function env(extra: Record<string, string> = {}) {
  return scriptEnv({
    COMPOSE: `${fake} compose`,
    DOCKER: fake,
    FAKE_DOCKER_STATE: state,
    HEALTH_TIMEOUT: '3',
    WAIT_INTERVAL: '0.2',
    TELEGRAM_MODE: 'webhook',
    ...extra,
  });
}
const script = (name: string) => join(repoRoot, 'scripts', `${name}.sh`);

beforeEach(async () => {
  state = await mkdtemp(join(tmpdir(), 'schoolbot-fake-docker-'));
  await seed(['bot-old-a'], ['worker-old']);
  return () => rm(state, { recursive: true, force: true });
});

describe('scale.sh', () => {
  it('refuses more than one replica in polling mode and changes nothing', async () => {
    const result = await run(script('scale'), ['2'], { env: env({ TELEGRAM_MODE: 'polling' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/only one replica may poll Telegram/);
    expect(await calls()).toEqual([]);
  });

  it('adds replicas without recreating the running one, waits for health, then reloads nginx', async () => {
    const result = await run(script('scale'), ['3'], { env: env() });
    expect(result.code).toBe(0);
    expect(await lines('bot.ids')).toHaveLength(3);
    expect(await lines('bot.ids')).toContain('bot-old-a');
    const log = await calls();
    const up = log.indexOf('compose up -d --no-deps --no-recreate --scale bot=3 bot');
    const reload = log.indexOf('compose exec -T nginx nginx -s reload');
    expect(up).toBeGreaterThanOrEqual(0);
    expect(reload).toBeGreaterThan(up);
    expect(log.slice(up, reload).filter((call) => call.startsWith('inspect')).length).toBeGreaterThanOrEqual(3);
  });

  it('fails without reloading nginx when a new replica stays unhealthy', async () => {
    const result = await run(script('scale'), ['2'], { env: env({ FAKE_NEW_HEALTH: 'unhealthy' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not every bot replica became healthy/);
    expect(await calls()).not.toContain('compose exec -T nginx nginx -s reload');
  });

  it('rejects a count that is not 1–20', async () => {
    for (const count of ['0', '21', 'two']) {
      expect((await run(script('scale'), [count], { env: env() })).code).toBe(2);
    }
  });
});

// deploy.sh sets the webhook with curl.
const noCurl = requireTools(TOOL.curl);

describe('deploy.sh', () => {
  // nginx in front of the replicas, for the smoke test: /healthz 200, a webhook POST without the secret 401
  // (or whatever a test sets, to play a broken version).
  let nginx: Server;
  let nginxPort = 0;
  let webhookAnswer = 401;
  const nginxRequests: string[] = [];
  beforeAll(async () => {
    nginx = createServer((request, response) => {
      nginxRequests.push(`${request.method ?? ''} ${request.url ?? ''} ${request.headers['x-telegram-bot-api-secret-token'] ?? '-'}`);
      response.statusCode = request.url === '/healthz' ? 200 : request.url === '/telegram/webhook' ? webhookAnswer : 404;
      response.end();
    });
    await new Promise<void>((resolve) => nginx.listen(0, '127.0.0.1', resolve));
    const address = nginx.address();
    nginxPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise((resolve) => nginx?.close(resolve)));
  beforeEach(() => {
    webhookAnswer = 401;
    nginxRequests.length = 0;
  });
  const deployEnv = (extra: Record<string, string> = {}) =>
    env({ BACKUP_BEFORE_DEPLOY: 'false', ENVIRONMENT: 'prod', NGINX_PORT: String(nginxPort), ...extra });

  beforeEach(() => seed(['bot-old-a', 'bot-old-b'], ['worker-old']));

  it.skipIf(noCurl !== undefined)(titled('replaces the webhook replicas only after the new ones are healthy, then sets the webhook', noCurl), async () => {
    const requests: string[] = [];
    const telegram = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push(`${request.url ?? ''} ${new URLSearchParams(body).toString()}`);
        response.end('{"ok":true,"result":true}');
      });
    });
    await new Promise<void>((resolve) => telegram.listen(0, '127.0.0.1', resolve));
    const address = telegram.address();
    const result = await run(script('deploy'), ['prod'], {
      env: deployEnv({
        TELEGRAM_TOKEN: '123:token',
        TELEGRAM_WEBHOOK_URL: 'https://school.example/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 's3cret_value',
        TELEGRAM_API_ROOT: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      }),
    }).finally(() => new Promise((resolve) => telegram.close(resolve)));
    expect(requests).toEqual([
      // The secret comes first: curl reads it (and the token's URL) from its standard input, not its command line.
      '/bot123:token/setWebhook secret_token=s3cret_value&url=https%3A%2F%2Fschool.example%2Ftelegram%2Fwebhook&max_connections=40',
    ]);
    expect(result.stderr).toMatch(/deployed .* to prod/);
    expect(result.code).toBe(0);
    // The developer tests did not run on the server (RUN_TESTS is off by default); the smoke test did.
    expect(result.stderr).not.toMatch(/running the tests/);
    expect(result.stderr).toMatch(/smoke test passed/);
    expect(nginxRequests).toEqual(['GET /healthz -', 'POST /telegram/webhook -']);
    const bots = await lines('bot.ids');
    expect(bots).toHaveLength(2);
    expect(bots.some((id) => id.startsWith('bot-old'))).toBe(false);
    expect((await lines('worker.ids'))[0]).not.toBe('worker-old');
    const log = await calls();
    const order = [
      'tag schoolbot:latest schoolbot:previous',
      'compose build bot',
      // Migrations run as the owner role, in the migrate service; the smoke test reads the schema as the bot.
      'compose run --rm --no-deps -T migrate schoolbot migrate',
      'compose up -d --no-deps --no-recreate --scale bot=4 bot',
      'stop -t 30 bot-old-a bot-old-b',
      'rm bot-old-a bot-old-b',
      'compose up -d --no-deps --force-recreate worker',
      'compose run --rm --no-deps -T bot schoolbot migrations --check',
    ].map((call) => log.indexOf(call));
    // Each new replica's /readyz, after the worker.
    expect(log.filter((call) => call.startsWith('exec bot-')).length).toBe(2);
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // nginx is reloaded while old and new serve together, and again once only the new ones remain.
    const reloads = log.flatMap((call, index) => (call === 'compose exec -T nginx nginx -s reload' ? [index] : []));
    expect(reloads.filter((index) => index > order[3]! && index < order[4]!)).toHaveLength(1);
    expect(reloads.filter((index) => index > order[5]!)).toHaveLength(1);
  });

  it('rolls back when the new version is unhealthy: the old replicas never stop', async () => {
    const result = await run(script('deploy'), ['prod'], { env: deployEnv({ FAKE_NEW_HEALTH: 'unhealthy' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/previous version keeps serving/);
    expect(await lines('bot.ids')).toEqual(['bot-old-a', 'bot-old-b']);
    const log = await calls();
    expect(log).toContain('tag schoolbot:previous schoolbot:latest');
    expect(log.some((call) => call.startsWith('rm -f bot-'))).toBe(true);
    expect(log.some((call) => call.startsWith('stop'))).toBe(false);
    expect(log).not.toContain('compose up -d --no-deps --force-recreate worker');
  });

  it.each([
    ['a webhook POST without the secret is not refused', { webhook: 200, env: {} }],
    ['a replica is not ready', { webhook: 401, env: { FAKE_READYZ_STATUS: '1' } }],
    ['the schema is not current', { webhook: 401, env: { FAKE_SCHEMA_STATUS: '1' } }],
  ])('rolls back when the smoke test fails: %s', async (_name, { webhook, env: extra }) => {
    webhookAnswer = webhook;
    const result = await run(script('deploy'), ['prod'], { env: deployEnv(extra) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed the smoke test; the previous version runs again/);
    const log = await calls();
    expect(log).toContain('tag schoolbot:previous schoolbot:latest');
    // The worker and the bots were replaced again, by the previous image.
    expect(log.filter((call) => call === 'compose up -d --no-deps --force-recreate worker')).toHaveLength(2);
    expect(log.filter((call) => call.startsWith('compose up -d --no-deps --no-recreate --scale bot='))).toHaveLength(2);
  });

  // A whole deploy: it ends by setting the webhook with curl.
  it.skipIf(noCurl !== undefined)(titled('runs the developer tests only when asked (RUN_TESTS=true)', noCurl), async () => {
    const marker = join(state, 'tests-ran');
    const result = await run(script('deploy'), ['prod'], { env: deployEnv({ RUN_TESTS: 'true', TEST_CMD: `touch ${marker}` }) });
    expect(result.code).toBe(0);
    await readFile(marker);
  });

  it('stops before restarting anything when migrations fail', async () => {
    const result = await run(script('deploy'), ['prod'], { env: deployEnv({ FAKE_MIGRATE_STATUS: '1' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/migrations failed/);
    expect((await calls()).some((call) => call.startsWith('compose up'))).toBe(false);
    expect(await lines('bot.ids')).toEqual(['bot-old-a', 'bot-old-b']);
  });

  it('refuses to deploy staging with a production configuration', async () => {
    const result = await run(script('deploy'), ['staging'], { env: deployEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ENVIRONMENT=prod/);
    expect(await calls()).toEqual([]);
  });
});
