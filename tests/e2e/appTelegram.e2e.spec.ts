// `schoolbot start` with a token in webhook mode, on the embedded store: the real composition root answers
// Telegram's deliveries (and refuses a wrong secret), and stops within its budget.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../infra/config.js';
import { startApp, type RunningApp } from '../../infra/app.js';
import { FakeTelegram } from '../support/fakeTelegram.js';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const ADMIN = 6001;
let fake: FakeTelegram;
let app: RunningApp;
let dataDir: string;

beforeAll(async () => {
  fake = new FakeTelegram();
  const apiRoot = await fake.start();
  dataDir = mkdtempSync(join(tmpdir(), 'schoolbot-app-'));
  const config = loadConfig({
    TELEGRAM_TOKEN: '123456789:APP-test-token-for-the-fake-api-xyz',
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: 'app-secret',
    TELEGRAM_API_ROOT: apiRoot,
    ADMIN_TELEGRAM_IDS: String(ADMIN),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // On the wall clock: notices must not wait for a school morning.
    QUIET_HOURS: 'off',
  });
  app = await startApp(config, { installSignalHandlers: false });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const deliver = (secret: string, update: unknown) =>
  fetch(`http://127.0.0.1:${app.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });

let updateId = 100;
const say = (userId: number, text: string) =>
  deliver('app-secret', {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'U' },
      from: { id: userId, is_bot: false, first_name: 'U' },
      text,
    },
  });
const press = (userId: number, data: string) =>
  deliver('app-secret', {
    update_id: updateId++,
    callback_query: { id: `q${updateId}`, from: { id: userId, is_bot: false, first_name: 'U' }, chat_instance: 'c', data },
  });

describe('the app with Telegram in webhook mode', () => {
  it('lets a configured admin in at once and answers through the fake Bot API', async () => {
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ADMIN, type: 'private', first_name: 'A' },
        from: { id: ADMIN, is_bot: false, first_name: 'A' },
        text: '/help',
      },
    };
    expect((await deliver('wrong', update)).status).toBe(401);
    expect((await deliver('app-secret', update)).status).toBe(200);
    await fake.waitFor(() => fake.textsTo(ADMIN).some((t) => t.includes('/staff')), 20_000, 'the admin help');
    expect(fake.successful('getMe')).toHaveLength(1);
    expect(fake.successful('setWebhook')).toHaveLength(0);
    // The update passed the metrics point.
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    expect(metrics).toMatch(/bot_requests_total\{kind="message",command="help"\} 1/);
  });

  it('counts Telegram 429s in telegram_rate_limited_total and still delivers', async () => {
    const scrape = async () => (await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text());
    const before = Number(/^telegram_rate_limited_total (\d+)/m.exec(await scrape())?.[1] ?? 'NaN');
    fake.failNext('sendMessage', { code: 429, retryAfter: 1, match: (p) => String(p.chat_id) === String(ADMIN) });
    const helps = fake.textsTo(ADMIN).length;
    await say(ADMIN, '/help');
    await fake.waitFor(() => fake.textsTo(ADMIN).length > helps, 20_000, 'the help after a 429');
    const after = await scrape();
    expect(Number(/^telegram_rate_limited_total (\d+)/m.exec(after)?.[1])).toBe(before + 1);
    expect(after).toMatch(/^telegram_send_queue_depth \d+/m);
  });

  it('registers a technician and notifies them of a new ticket', async () => {
    const TECH = 6002;
    await say(TECH, '/start');
    await say(TECH, 'Техников Пётр Ильич');
    // A technician is approved through the category picker; "Готово" with nothing marked: all categories.
    await fake.waitFor(() => fake.lastButtons(ADMIN).includes(`scm:${TECH}:A0`), 20_000, 'the approval buttons');
    await press(ADMIN, `scm:${TECH}:A0`);
    await fake.waitFor(() => fake.lastButtons(ADMIN).includes(`scd:${TECH}:a0`), 20_000, 'the category picker');
    await press(ADMIN, `scd:${TECH}:a0`);
    await fake.waitFor(() => fake.textsTo(TECH).some((t) => t.includes('Доступ открыт')), 20_000, 'approval');
    // Let the worker project the new technician before the ticket's notification is planned.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await say(ADMIN, '/new в 101 не работает интерактивная доска');
    await fake.waitFor(() => fake.textsTo(TECH).some((t) => t.includes('Новая заявка №1')), 30_000, 'the notification');
  });
});
