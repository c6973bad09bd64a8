// The monitoring kit checked with the real tools: promtool (config, rules, rule unit tests), the render
// script, amtool on what it rendered, and the real Alertmanager delivering an alert to a fake Telegram.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, run, startDaemon, waitFor } from './tools.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

const TOKEN = '123456789:AAH-test_token_for_alertmanager_xyz';
const CHAT_ID = '-1001234567890';

const noPromtool = requireTools(TOOL.promtool);
const noRenderTools = requireTools(TOOL.envsubst, TOOL.promtool, TOOL.amtool);
const noAlertmanager = requireTools(TOOL.envsubst, TOOL.amtool, TOOL.alertmanager);

describe.skipIf(noPromtool !== undefined)(titled('Prometheus configuration (promtool)', noPromtool), () => {
  it('passes promtool check config, which also checks the rule files it names', async () => {
    const result = await run('promtool', ['check', 'config', 'monitoring/prometheus/prometheus.yml']);
    expect(result.stdout + result.stderr).toContain('SUCCESS: 1 rule files found');
    expect(result.code).toBe(0);
  });

  it('defines the seed five alerts plus ProjectionLagging, EventStoreUnavailable, BackupTooOld, OffsiteBackupTooOld and TicketsBreachingSLA, each with a runbook', async () => {
    const result = await run('promtool', ['check', 'rules', 'monitoring/prometheus/rules/schoolbot.yml']);
    expect(result.code).toBe(0);
    const rules = await readFile(join(repoRoot, 'monitoring/prometheus/rules/schoolbot.yml'), 'utf8');
    const names = [...rules.matchAll(/- alert: (\w+)/g)].map((match) => match[1]);
    expect([...names].sort()).toEqual(
      ['BackupTooOld', 'BotDown', 'EventStoreUnavailable', 'HighErrorRate', 'HighLatency', 'OffsiteBackupTooOld', 'ProjectionLagging', 'TicketsBreachingSLA', 'TooManyOpenTickets', 'TooManyOverdueTasks'].sort(),
    );
    const runbooks = [...rules.matchAll(/runbook_url: docs\/monitoring\.md#(\w+)/g)].map((match) => match[1]);
    expect(runbooks).toEqual(names.map((name) => name!.toLowerCase()));
    const docs = await readFile(join(repoRoot, 'docs/monitoring.md'), 'utf8');
    for (const name of names) expect(docs).toMatch(new RegExp(`^## ${name}$`, 'm'));
  });

  it('passes every promtool rule unit test (firing and silent cases at the boundaries)', async () => {
    const tests = (await readdir(join(repoRoot, 'monitoring/prometheus/tests'))).filter((file) => file.endsWith('.yml'));
    expect(tests.length).toBeGreaterThanOrEqual(2);
    const result = await run('promtool', ['test', 'rules', ...tests.map((file) => `monitoring/prometheus/tests/${file}`)]);
    expect(result.stdout + result.stderr).not.toContain('FAILED');
    expect(result.code).toBe(0);
  }, 120_000);
});

describe('scripts/init_monitoring.sh and Alertmanager', () => {
  let dir: string;
  let envFile: string;
  const scriptEnv = (extra: Record<string, string> = {}) => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ENV_FILE: envFile,
    MONITORING_RENDER_DIR: join(dir, 'rendered'),
    ...extra,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-monitoring-'));
    envFile = join(dir, '.env');
    await writeFile(envFile, `# test\nTELEGRAM_BOT_TOKEN=${TOKEN}\nTELEGRAM_CHAT_ID="${CHAT_ID}"\nLOG_LEVEL=info\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers --help', async () => {
    const result = await run('scripts/init_monitoring.sh', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: scripts/init_monitoring.sh');
  });

  it.skipIf(noRenderTools !== undefined)(titled('renders the Alertmanager config from .env, validates it with amtool, and can run twice', noRenderTools), async () => {
    for (const attempt of [1, 2]) {
      const result = await run('scripts/init_monitoring.sh', [], scriptEnv());
      expect(result.code, `run ${attempt}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toContain('ok: Alertmanager config');
      expect(result.stderr).toContain('ok: alert rule unit tests');
      expect(result.stderr).not.toContain(TOKEN);
    }
    const rendered = await readFile(join(dir, 'rendered/alertmanager.yml'), 'utf8');
    expect(rendered).toContain(`bot_token: '${TOKEN}'`);
    expect(rendered).toMatch(new RegExp(`^\\s+chat_id: ${CHAT_ID}$`, 'm')); // an unquoted integer
    expect(rendered).toMatch(/^\s+parse_mode: HTML$/m);
    expect(rendered).not.toContain('${');
    expect(rendered).not.toMatch(/^\s+bot_token_file:/m); // Alertmanager 0.26+ only
    const check = await run('amtool', ['check-config', join(dir, 'rendered/alertmanager.yml')]);
    expect(check.stdout).toContain('SUCCESS');
    expect(check.code).toBe(0);
  }, 120_000);

  it('refuses a missing token or a quoted/non-numeric chat id with one clear line', async () => {
    const noToken = await run('scripts/init_monitoring.sh', [], scriptEnv({ TELEGRAM_BOT_TOKEN: '' }));
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('TELEGRAM_BOT_TOKEN is not set');
    const badChat = await run('scripts/init_monitoring.sh', [], scriptEnv({ TELEGRAM_CHAT_ID: '@school_ops' }));
    expect(badChat.code).toBe(1);
    expect(badChat.stderr).toContain('TELEGRAM_CHAT_ID must be an integer');
  });

  it.skipIf(noAlertmanager !== undefined)(
    titled('delivers an alert through the real Alertmanager to Telegram (HTML parse mode, escaped text) and lets BotDown inhibit its symptoms', noAlertmanager),
    async () => {
    const calls: { path: string; body: Record<string, unknown> }[] = [];
    const telegram: Server = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        calls.push({ path: request.url ?? '', body: JSON.parse(body || '{}') as Record<string, unknown> });
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: Number(CHAT_ID), type: 'group' } } }));
      });
    });
    const telegramPort = await freePort();
    await new Promise<void>((resolve) => telegram.listen(telegramPort, '127.0.0.1', resolve));
    const renderDir = join(dir, 'delivery');
    const rendered = await run(
      'scripts/init_monitoring.sh',
      ['--quick'],
      scriptEnv({ MONITORING_RENDER_DIR: renderDir, ALERTMANAGER_TELEGRAM_API_URL: `http://127.0.0.1:${telegramPort}` }),
    );
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stderr).toContain('skipped: alert rule unit tests (--quick)');
    // The shipped config waits 30 s to group alerts; the test only shortens that wait.
    const configFile = join(renderDir, 'alertmanager.yml');
    const config = await readFile(configFile, 'utf8');
    await writeFile(configFile, config.replace('group_wait: 30s', 'group_wait: 1s'));

    const port = await freePort();
    const alertmanager = startDaemon('prometheus-alertmanager', [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'am-data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ]);
    try {
      await waitFor('Alertmanager to be ready', async () => ((await fetch(`http://127.0.0.1:${port}/-/ready`)).ok ? true : undefined));
      const posted = await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          {
            labels: { alertname: 'HighLatency', severity: 'warning', job: 'bot' },
            annotations: {
              summary: 'p95 reply time is 2.10 s (over 2 s)',
              description: 'p95 > 2 s & rising <fast>',
              runbook_url: 'docs/monitoring.md#highlatency',
            },
          },
        ]),
      });
      expect(posted.ok).toBe(true);
      const call = await waitFor('a sendMessage call', async () => calls.find((c) => c.path === `/bot${TOKEN}/sendMessage`), 60_000);
      expect(String(call.body.chat_id)).toBe(CHAT_ID);
      expect(call.body.parse_mode).toBe('HTML');
      const text = String(call.body.text);
      expect(text).toContain('<b>HighLatency</b> [warning] firing');
      expect(text).toContain('p95 &gt; 2 s &amp; rising &lt;fast&gt;');
      expect(text).toContain('Runbook: docs/monitoring.md#highlatency');

      // BotDown silences the errors and slowness it causes on the same job, not the business alerts.
      const alert = (alertname: string, labels: Record<string, string>) => ({
        labels: { alertname, ...labels },
        annotations: { summary: alertname, description: alertname, runbook_url: `docs/monitoring.md#${alertname.toLowerCase()}` },
      });
      await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          alert('BotDown', { severity: 'critical', job: 'bot' }),
          alert('HighErrorRate', { severity: 'critical', job: 'bot' }),
          alert('TooManyOverdueTasks', { severity: 'critical' }),
        ]),
      });
      const inhibitedBy = async (alertname: string) => {
        const response = await fetch(`http://127.0.0.1:${port}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`);
        const [found] = (await response.json()) as { status: { inhibitedBy: string[] } }[];
        return found?.status.inhibitedBy;
      };
      await waitFor('HighErrorRate to be inhibited by BotDown', async () => ((await inhibitedBy('HighErrorRate'))?.length ? true : undefined), 30_000);
      expect(await inhibitedBy('TooManyOverdueTasks')).toEqual([]);
      expect(await inhibitedBy('BotDown')).toEqual([]);
    } catch (error) {
      throw new Error(`${String(error)}\nAlertmanager said:\n${alertmanager.output()}`, { cause: error });
    } finally {
      await alertmanager.stop();
      await new Promise<void>((resolve) => telegram.close(() => resolve()));
    }
  }, 120_000);
});
