// `schoolbot start` as operators run it (embedded store, role all): the observability wiring in startApp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../infra/app.js';
import { loadConfig } from '../../infra/config.js';

describe('startApp observability', () => {
  let dir: string;
  let app: RunningApp;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-start-'));
    const config = loadConfig({ HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dir, BOT_INSTANCE_ID: 'smoke' });
    app = await startApp(config, { installSignalHandlers: false });
    base = `http://127.0.0.1:${app.port}`;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names the event store and the read database in /readyz', async () => {
    const response = await fetch(`${base}/readyz`);
    const body = (await response.json()) as { dependencies: { name: string; state: string }[] };
    expect(response.status).toBe(200);
    expect(body.dependencies.map((dependency) => [dependency.name, dependency.state])).toEqual([
      ['event_store', 'up'],
      ['read_db', 'up'],
    ]);
  });

  it('serves the seed metrics, the replica name and, once the worker leads, each projector lag', async () => {
    const text = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const body = await (await fetch(`${base}/metrics`)).text();
        if (body.includes('projection_lag_seconds{projector="tickets"}') || Date.now() > deadline) return body;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    for (const name of ['bot_requests_total', 'bot_errors_total', 'bot_latency_seconds', 'bot_tickets_open', 'kpi_tasks_total', 'kpi_tasks_done', 'kpi_tasks_overdue']) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('schoolbot_instance_info{instance_id="smoke",role="all"');
    expect(text).toContain('projection_lag_seconds{projector="tickets"} 0');
    expect(text).toContain('schoolbot_dependency_up{dependency="event_store"} 1');
  }, 90_000);
});
