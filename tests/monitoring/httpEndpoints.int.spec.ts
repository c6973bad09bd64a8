// /metrics and /readyz of a wired instance over a real PostgreSQL reached through a proxy the test can cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/postgres.js';
import { requirePostgres, titled } from '../support/tools.js';
import { ADMIN_ID, startObservedApp, type ObservedApp } from './observedApp.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';
import { waitFor } from './tools.js';

interface Readiness {
  status: string;
  dependencies: { name: string; required: boolean; state: 'up' | 'down'; error?: string }[];
}

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('/metrics and /readyz', noPostgres), () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let app: ObservedApp;

  beforeAll(async () => {
    database = await createTestDatabase('sbmon');
    const server = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    app = await startObservedApp({ databaseUrl: viaProxy.toString(), projections: true });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await app?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('exposes the seven seed metrics with their types, plus event-store, lag, queue and Node metrics', async () => {
    const admin = await app.commands.person(ADMIN_ID);
    const opened = await app.commands.openTicket(admin, { title: 'Не работает проектор', category: 'it', location: '204' }, {});
    expect(opened).toMatchObject({ ok: true });
    app.observability.metrics.recordUpdate({ kind: 'message', command: '/new' }, 0.12, false);

    const text = await waitFor('the open ticket in bot_tickets_open', async () => {
      const body = await (await fetch(`${app.baseUrl}/metrics`)).text();
      return /^bot_tickets_open 1$/m.test(body) ? body : undefined;
    });
    const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1], match[2]]));
    expect(types).toMatchObject({
      bot_requests_total: 'counter',
      bot_errors_total: 'counter',
      bot_latency_seconds: 'histogram',
      bot_tickets_open: 'gauge',
      kpi_tasks_total: 'gauge',
      kpi_tasks_done: 'gauge',
      kpi_tasks_overdue: 'gauge',
      eventstore_append_seconds: 'histogram',
      eventstore_append_errors_total: 'counter',
      projection_lag_seconds: 'gauge',
      telegram_send_queue_depth: 'gauge',
      telegram_rate_limited_total: 'counter',
      schoolbot_dependency_up: 'gauge',
      nodejs_eventloop_lag_seconds: 'gauge',
    });
    expect(text).toContain('bot_requests_total{kind="message",command="new"} 1');
    expect(text).toMatch(/^eventstore_appended_events_total [1-9]\d*$/m);
    expect(text).toContain('schoolbot_dependency_up{dependency="read_db"} 1');
    expect(text).toContain('schoolbot_instance_info{instance_id="monitoring-test",role="all"');
    expect(text).not.toContain(ADMIN_ID + '"');
  });

  it('answers 503 naming the store and the read database while PostgreSQL is unreachable, and 200 once it is back', async () => {
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    const before = (await ready.json()) as Readiness;
    expect(before.dependencies.map((d) => [d.name, d.state])).toEqual([
      ['event_store', 'up'],
      ['read_db', 'up'],
    ]);

    await proxy.cut();
    const down = await waitFor('/readyz to turn 503', async () => {
      const response = await fetch(`${app.baseUrl}/readyz`);
      return response.status === 503 ? ((await response.json()) as Readiness) : undefined;
    });
    expect(down.status).toBe('not_ready');
    expect(down.dependencies).toEqual([
      expect.objectContaining({ name: 'event_store', required: true, state: 'down' }),
      expect.objectContaining({ name: 'read_db', required: true, state: 'down' }),
    ]);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200); // alive, just not ready
    // The scrape itself must keep working (else `up` drops and BotDown fires for a live bot).
    // Dependency states are re-checked at most every 2 s, so wait for a fresh round.
    const body = await waitFor('the scrape to report the read database down and the gauges unknown', async () => {
      const scrape = await fetch(`${app.baseUrl}/metrics`);
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      const stateKnown = text.includes('schoolbot_dependency_up{dependency="read_db"} 0') && /^bot_tickets_open NaN$/im.test(text);
      return stateKnown ? text : undefined;
    });
    expect(body).toContain('schoolbot_dependency_up{dependency="read_db"} 0');
    expect(body).toContain('schoolbot_dependency_up{dependency="event_store"} 0');
    expect(body).toMatch(/^bot_tickets_open NaN$/im); // unknown, not a made-up 0 (prom-client writes "Nan")

    await proxy.restore();
    const back = await waitFor('/readyz to turn 200 again', async () => {
      const response = await fetch(`${app.baseUrl}/readyz`);
      return response.status === 200 ? ((await response.json()) as Readiness) : undefined;
    });
    expect(back.dependencies.every((dependency) => dependency.state === 'up')).toBe(true);
  }, 90_000);
});
