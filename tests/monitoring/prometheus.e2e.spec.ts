// The real Prometheus binary scrapes a running instance on loopback with the project's alert rules. A
// teacher opens 11 tickets by writing `/new …` to the bot (webhook in, replies out through the fake Bot
// API), and TooManyOpenTickets goes pending (10 is not enough). Then every PromQL expression of the Grafana
// dashboard is evaluated by that Prometheus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreCheck, readDatabaseCheck } from '../../adapters/http/health.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { systemClock } from '../../application/ports/clock.js';
import { loadConfig } from '../../infra/config.js';
import { setupObservability, type Observability } from '../../infra/observability.js';
import { ADMIN, startHarness, type Harness } from '../support/botHarness.js';
import { freePort, repoRoot, startDaemon, waitFor, type Daemon } from './tools.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

interface PromResponse<T> {
  status: 'success' | 'error';
  error?: string;
  data: T;
}
interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

const TEACHER = '5101';

const noPrometheus = requireTools(TOOL.prometheus);

describe.skipIf(noPrometheus !== undefined)(titled('Prometheus scraping a running SchoolBot', noPrometheus), () => {
  let dir: string;
  let bot: Harness;
  let observability: Observability;
  let stopMetricsServer = async () => {};
  let prometheus: Daemon;
  let api = '';

  const get = async <T>(path: string): Promise<PromResponse<T>> => (await fetch(`${api}${path}`)).json() as Promise<PromResponse<T>>;
  const query = (expr: string) => get<{ resultType: string; result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  const scalarOf = async (expr: string) => {
    const answer = await query(expr);
    const sample = answer.data.result[0];
    return sample ? Number(sample.value[1]) : undefined;
  };
  const alerts = async () => (await get<{ alerts: Alert[] }>('/api/v1/alerts')).data.alerts;
  let opened = 0;
  const openTicketInTelegram = async () => {
    opened += 1;
    expect(await bot.say(TEACHER, `/new в ${200 + opened} не работает проектор`)).toBe(200);
    await bot.expectText(TEACHER, new RegExp(`Заявка №${opened} принята`), { timeoutMs: 30_000 });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-prometheus-'));
    const backupStatusFile = join(dir, 'schoolbot_backup.prom');
    await writeFile(backupStatusFile, `schoolbot_backup_last_success_timestamp_seconds ${Math.floor(Date.now() / 1000)}\n`);
    // The bot with its worker on PostgreSQL and the fake Bot API; the teacher is approved by the admin.
    bot = await startHarness({ kind: 'postgres' });
    expect((await bot.commands.register(await bot.as(TEACHER), { fullName: 'Учитель Ольга Николаевна' }, {})).ok).toBe(true);
    expect((await bot.commands.approveStaff(await bot.as(ADMIN), { telegramId: TEACHER, role: 'teacher' }, {})).ok).toBe(true);
    // Its HTTP side as infra wires it: /metrics with the projection gauges over the same read model.
    const http = createHttpServer({ logLevel: 'silent', logger: false });
    observability = setupObservability(
      loadConfig({ LOG_LEVEL: 'silent', BOT_INSTANCE_ID: 'e2e', BACKUP_STATUS_FILE: backupStatusFile }),
      http,
    );
    observability.addReadinessCheck(eventStoreCheck(bot.store));
    observability.addReadinessCheck(readDatabaseCheck(bot.sql));
    observability.exportProjectionGauges(bot.read, systemClock);
    await http.listen({ port: 0, host: '127.0.0.1' });
    const address = http.server.address();
    const botPort = typeof address === 'object' && address ? address.port : 0;
    stopMetricsServer = async () => {
      await http.close();
      await observability.stop();
    };

    // The shipped rules as they are; only the scrape target (a static one instead of Docker's DNS) and the
    // intervals (1 s instead of 15 s) differ from monitoring/prometheus/prometheus.yml.
    const configFile = join(dir, 'prometheus.yml');
    await writeFile(
      configFile,
      [
        'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
        `rule_files: ['${join(repoRoot, 'monitoring/prometheus/rules/schoolbot.yml')}']`,
        'scrape_configs:',
        '  - job_name: bot',
        `    static_configs: [{ targets: ['127.0.0.1:${botPort}'] }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    prometheus = startDaemon('prometheus', [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined), 90_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${prometheus.output()}`, { cause: error });
    });
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await stopMetricsServer();
    await bot?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scrapes the bot and raises TooManyOpenTickets (pending) at 11 open tickets, not at 10', async () => {
    await waitFor('the bot target to be up', async () => ((await scalarOf('up{job="bot"}')) === 1 ? true : undefined), 60_000);
    for (let index = 1; index <= 10; index += 1) await openTicketInTelegram();
    await waitFor('Prometheus to see 10 open tickets', async () => ((await scalarOf('max(bot_tickets_open)')) === 10 ? true : undefined), 60_000);
    // Several evaluations at 10: the rule must stay silent.
    const seenAt10 = Date.now();
    await waitFor('three more rule evaluations', async () => (Date.now() - seenAt10 > 3_500 ? true : undefined));
    expect((await alerts()).filter((alert) => alert.labels.alertname === 'TooManyOpenTickets')).toEqual([]);

    await openTicketInTelegram();
    const alert = await waitFor(
      'TooManyOpenTickets to become pending',
      async () => (await alerts()).find((candidate) => candidate.labels.alertname === 'TooManyOpenTickets'),
      60_000,
    );
    expect(alert.state).toBe('pending'); // `for: 5m` keeps it pending for the length of this test
    expect(alert.labels.severity).toBe('warning');
    expect(Number(alert.value)).toBe(11);

    const names = (await alerts()).map((candidate) => candidate.labels.alertname);
    expect(names).not.toContain('BotDown');
    expect(names).not.toContain('BackupTooOld'); // the backup file says a backup ran just now
    expect(names).not.toContain('EventStoreUnavailable');
  }, 180_000);

  it('evaluates every PromQL expression of the SchoolBot Dashboard without an error', async () => {
    const dashboard = JSON.parse(await readFile(join(repoRoot, 'monitoring/grafana/dashboards/schoolbot.json'), 'utf8')) as {
      title: string;
      panels: { title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.title).toBe('SchoolBot Dashboard');
    const titles = dashboard.panels.map((panel) => panel.title);
    for (const seedPanel of ['Requests/s', 'Errors/s', 'p95 latency', 'Open tickets', 'Task completion rate', 'Overdue tasks', 'Projection lag', 'Event-store append rate']) {
      expect(titles).toContain(seedPanel);
    }
    const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ panel: panel.title, expr: target.expr })));
    expect(expressions.length).toBeGreaterThanOrEqual(15);
    const failures: string[] = [];
    for (const { panel, expr } of expressions) {
      const answer = await query(expr);
      if (answer.status !== 'success') failures.push(`${panel}: ${expr}: ${answer.error ?? 'failed'}`);
    }
    expect(failures).toEqual([]);
    // And the school's panels show the school's numbers.
    expect(await scalarOf('max(bot_tickets_open)')).toBe(11);
    expect(await scalarOf('max(kpi_tasks_done) / clamp_min(max(kpi_tasks_total), 1)')).toBe(0);
  }, 120_000);
});
