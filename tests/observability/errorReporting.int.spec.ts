// The GlitchTip path end to end: a real @sentry/node client sends to a local HTTP server standing in for
// GlitchTip, and the test reads the envelope it received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createErrorReporter, hashUserId } from '../../adapters/observability/errorReporting.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { loadConfig } from '../../infra/config.js';
import { setupObservability } from '../../infra/observability.js';

const BOT_TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ';
const STAFF_TEXT = 'Проектор в кабинете 204 не включается';
const USER_ID = 987654321;

interface Received {
  path: string;
  raw: string;
  items: { header: Record<string, unknown>; payload: Record<string, unknown> }[];
}

function parseEnvelope(raw: string): Received['items'] {
  const lines = raw.split('\n').filter((line) => line.trim() !== '');
  const items: Received['items'] = [];
  for (let index = 1; index + 1 < lines.length; index += 2) {
    items.push({ header: JSON.parse(lines[index]!) as Record<string, unknown>, payload: JSON.parse(lines[index + 1]!) as Record<string, unknown> });
  }
  return items;
}

describe('error reporting to GlitchTip', () => {
  let server: Server;
  let port = 0;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const raw = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
        received.push({ path: request.url ?? '', raw, items: parseEnvelope(raw) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const reporterFor = (role: string) =>
    createErrorReporter({
      dsn: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/42`,
      environment: 'staging',
      release: 'schoolbot@1.2.3',
      role,
      userIdKey: 'key-from-config',
      secrets: [BOT_TOKEN],
    });

  it('sends an update failure tagged with environment, release and role, without the token, the text or the user id', async () => {
    received.length = 0;
    const reporter = reporterFor('bot');
    // Shaped like telegraf's TelegramError: the failed call's payload hangs off the error.
    const failure = Object.assign(new Error(`sendMessage via https://api.telegram.org/bot${BOT_TOKEN}/ failed for "${STAFF_TEXT}"`), {
      on: { method: 'sendMessage', payload: { chat_id: USER_ID, text: STAFF_TEXT } },
    });
    reporter.report(failure, { source: 'update', name: 'new', updateKind: 'message', updateId: 5001, userId: USER_ID, privateTexts: [STAFF_TEXT] });
    await reporter.close(5_000);

    expect(received).toHaveLength(1);
    const [envelope] = received;
    expect(envelope!.path.split('?')[0]).toBe('/api/42/envelope/');
    expect(envelope!.items.map((item) => item.header.type)).toEqual(['event']); // no session, no transaction
    const event = envelope!.items[0]!.payload;
    expect(event.environment).toBe('staging');
    expect(event.release).toBe('schoolbot@1.2.3');
    expect(event.tags).toMatchObject({ role: 'bot', environment: 'staging', release: 'schoolbot@1.2.3', source: 'update', component: 'new', update_kind: 'message' });
    expect(event.user).toEqual({ id: hashUserId(USER_ID, 'key-from-config') });
    const exception = (event.exception as { values: { type: string; value: string; stacktrace?: unknown }[] }).values[0]!;
    expect(exception.type).toBe('Error');
    expect(exception.value).toContain('sendMessage via https://api.telegram.org/bot[secret]/ failed for "[text]"');
    expect(exception.stacktrace).toBeDefined();

    expect(envelope!.raw).not.toContain(BOT_TOKEN);
    expect(envelope!.raw).not.toContain(STAFF_TEXT);
    expect(envelope!.raw).not.toContain('кабинете');
    expect(envelope!.raw).not.toContain(String(USER_ID));
  });

  it('tags projector and reaction failures with their source and the worker role', async () => {
    received.length = 0;
    const reporter = reporterFor('worker');
    reporter.report(new Error('duplicate key value violates unique constraint "tickets_pkey"'), { source: 'projector', name: 'tickets' });
    // A name that slipped into a message, with nobody to say it is private: Cyrillic text is cut out anyway.
    reporter.report(new TypeError('no staff card for Иванова Татьяна, room 204'), { source: 'reaction', name: 'notifyAssignee' });
    await reporter.close(5_000);
    const events = received.flatMap((envelope) => envelope.items.map((item) => item.payload));
    expect(events.map((event) => event.tags)).toEqual([
      expect.objectContaining({ role: 'worker', source: 'projector', component: 'tickets' }),
      expect.objectContaining({ role: 'worker', source: 'reaction', component: 'notifyAssignee' }),
    ]);
    expect(events.every((event) => event.user === undefined)).toBe(true);
    const messages = events.map((event) => (event.exception as { values: { value: string }[] }).values[0]!.value);
    expect(messages[1]).toBe('no staff card for [text], room 204');
    expect(JSON.stringify(received.map((envelope) => envelope.raw))).not.toMatch(/Иванова|Татьяна/);
  });

  it('is wired by setupObservability: a failing update is counted and reported with the configured tags', async () => {
    received.length = 0;
    const config = loadConfig({
      GLITCHTIP_DSN: `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/7`,
      ENVIRONMENT: 'prod',
      TELEGRAM_TOKEN: BOT_TOKEN,
      RELEASE: '2.0.0',
      BOT_ROLE: 'bot',
      LOG_LEVEL: 'silent',
    });
    const observability = setupObservability(config, createHttpServer({ logLevel: 'silent', logger: false }));
    await expect(
      observability.observeUpdate({ kind: 'message', command: 'new' }, async () => {
        throw new Error(`could not open a ticket for "${STAFF_TEXT}" with ${BOT_TOKEN}`);
      }),
    ).rejects.toThrow('could not open a ticket');
    await observability.stop();
    const event = received[0]!.items[0]!.payload;
    expect(event).toMatchObject({ environment: 'prod', release: '2.0.0', tags: { role: 'bot', source: 'update', component: 'new', update_kind: 'message' } });
    expect(received[0]!.raw).not.toContain(BOT_TOKEN);
    expect(received[0]!.raw).not.toContain('Проектор');
    expect(await observability.metrics.registry.metrics()).toContain('bot_errors_total{kind="message",command="new"} 1');
  });

  it('does nothing at all without a DSN', async () => {
    received.length = 0;
    const reporter = createErrorReporter({ dsn: undefined, environment: 'dev', release: 'x', role: 'all', userIdKey: 'k' });
    expect(reporter.enabled).toBe(false);
    reporter.report(new Error('ignored'), { source: 'update' });
    await reporter.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(0);
  });
});
