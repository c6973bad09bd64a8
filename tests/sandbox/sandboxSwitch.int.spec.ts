// When the sandbox runs: with no TELEGRAM_TOKEN and not in prod, `schoolbot start` runs a local Bot API and
// serves /sandbox, where a message typed on the page reaches the bot's real Telegram path and its answer comes
// back; with a token, or with ENVIRONMENT=prod, /sandbox answers 404 and no local Bot API is started. The page
// answers loopback callers only unless SANDBOX_PUBLIC is on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { startApp, type RunningApp } from '../../infra/app.js';
import { loadConfig } from '../../infra/config.js';
import { registerSandbox, SANDBOX_ADMIN_ID, startSandbox, type RunningSandbox } from '../../infra/sandbox.js';
import type { ReadModels } from '../../application/ports/readModels.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { FakeTelegram } from '../support/fakeTelegram.js';

const TOKEN = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const dirs: string[] = [];
const apps: RunningApp[] = [];

async function start(env: Record<string, string>): Promise<{ app: RunningApp; base: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'schoolbot-sandbox-'));
  dirs.push(dir);
  const config = loadConfig({ HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dir, QUIET_HOURS: 'off', ...env });
  const app = await startApp(config, { installSignalHandlers: false });
  apps.push(app);
  return { app, base: `http://127.0.0.1:${app.port}` };
}

afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the sandbox is on with no token', () => {
  let app: RunningApp;
  let base: string;
  beforeAll(async () => ({ app, base } = await start({})), 120_000);

  it('serves the page and its assets from this process, nothing from elsewhere', async () => {
    const page = await fetch(`${base}/sandbox`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('песочница');
    // Every asset is the server's own: no http(s) URL to load from anywhere else.
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const asset of ['page.js', 'page.css']) {
      const response = await fetch(`${base}/sandbox/${asset}`);
      expect(response.status).toBe(200);
      expect(await response.text()).not.toMatch(/https?:\/\//);
    }
  });

  it('a message typed on the page reaches the bot through the local Bot API, and its answer comes back', async () => {
    expect(app.sandboxApiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sent = await fetch(`${base}/sandbox/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: SANDBOX_ADMIN_ID, chatId: SANDBOX_ADMIN_ID, text: '/start' }),
    });
    expect(sent.status).toBe(200);
    const deadline = Date.now() + 30_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      const chat = (await (await fetch(`${base}/sandbox/api/chat/${SANDBOX_ADMIN_ID}`)).json()) as { messages: Array<{ text?: string; from?: unknown }> };
      texts = chat.messages.filter((m) => m.from === undefined).map((m) => m.text ?? '');
      if (texts.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The sandbox admin is an admin by configuration: the bot asks their name first.
    expect(texts[0]).toMatch(/администратор/);
  }, 60_000);
});

describe('the sandbox is off', () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = new FakeTelegram();
    await telegram.start();
  });
  afterAll(() => telegram.stop());

  it('with a token: /sandbox is 404, no local Bot API, and the bot talks to the configured API', async () => {
    const { app, base } = await start({ TELEGRAM_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
    expect(app.sandboxApiRoot).toBeUndefined();
    expect((await fetch(`${base}/sandbox`)).status).toBe(404);
    expect((await fetch(`${base}/sandbox/api/state`)).status).toBe(404);
    expect((await fetch(`${base}/sandbox/events`)).status).toBe(404);
    await telegram.waitFor(() => telegram.calls.some((c) => c.token === TOKEN), 30_000, 'the bot calling with its own token');
  }, 120_000);

  it('with ENVIRONMENT=prod: /sandbox is 404 and no local Bot API', async () => {
    const { app, base } = await start({ ENVIRONMENT: 'prod', TELEGRAM_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
    expect(app.sandboxApiRoot).toBeUndefined();
    expect((await fetch(`${base}/sandbox`)).status).toBe(404);
    expect((await fetch(`${base}/sandbox/api/state`)).status).toBe(404);
  }, 120_000);
});

describe('the sandbox page answers loopback only unless SANDBOX_PUBLIC is on', () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  });
  const read = { staffDirectory: () => Promise.resolve([]) } as unknown as ReadModels;
  const store = {} as EventStore;

  for (const [setting, publicAnswer] of [
    ['off', 404],
    ['on', 200],
  ] as const) {
    it(`SANDBOX_PUBLIC=${setting}: a caller from the network gets ${publicAnswer}, loopback 200`, async () => {
      sandbox = await startSandbox(loadConfig({ SANDBOX_PUBLIC: setting }));
      const http = Fastify({ logger: false });
      registerSandbox(http, sandbox, { read, store });
      await http.ready();
      expect((await http.inject({ url: '/sandbox', remoteAddress: '192.0.2.10' })).statusCode).toBe(publicAnswer);
      expect((await http.inject({ url: '/sandbox/api/state', remoteAddress: '192.0.2.10' })).statusCode).toBe(publicAnswer);
      expect((await http.inject({ url: '/sandbox', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      await http.close();
    });
  }
});
