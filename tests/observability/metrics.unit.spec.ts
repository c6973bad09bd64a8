import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerBackupStatusGauge } from '../../adapters/observability/backupStatus.js';
import { createMemoryEventStore } from '../../adapters/eventstore/memory.js';
import type { CheckpointStore } from '../../application/ports/checkpoints.js';
import { reportingWorkerLog, sampleProjectionLag } from '../../infra/workerObservability.js';
import { LATENCY_BUCKETS, createMetrics } from '../../adapters/observability/metrics.js';
import { instrumentEventStore } from '../../adapters/observability/instrumentEventStore.js';
import {
  WrongExpectedVersionError,
  type EventStore,
  type Position,
} from '../../application/ports/eventStore.js';

const metricsText = (metrics: ReturnType<typeof createMetrics>) => metrics.registry.metrics();
const event = {
  id: '00000000-0000-4000-8000-000000000001',
  type: 'TicketOpened',
  data: {},
  metadata: { actorId: 'a', occurredAt: '', correlationId: 'c', causationId: 'c', source: 'cli' as const, schemaVersion: 1 },
};

describe('metrics', () => {
  it('creates every known update label set at zero so the first error is an increase', async () => {
    const text = await metricsText(createMetrics({ defaultMetrics: false }));
    expect(text).toContain('bot_errors_total{kind="message",command="new"} 0');
    expect(text).toContain('bot_errors_total{kind="callback_query",command="none"} 0');
    expect(text).toContain('bot_requests_total{kind="other",command="other"} 0');
    expect(text).toContain('eventstore_append_errors_total{reason="error"} 0');
    expect(text).toContain('worker_errors_total{component="projector"} 0');
  });

  it('labels unknown commands and kinds from the bounded set, never with what the user typed', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordUpdate({ kind: 'message', command: '/New@SchoolBot' }, 0.2, false);
    metrics.recordUpdate({ kind: 'message', command: '/steal_123456789' }, 0.2, true);
    metrics.recordUpdate({ kind: 'poll_answer_123', command: undefined }, 0.2, false);
    const text = await metricsText(metrics);
    expect(text).toContain('bot_requests_total{kind="message",command="new"} 1');
    expect(text).toContain('bot_errors_total{kind="message",command="other"} 1');
    expect(text).toContain('bot_requests_total{kind="other",command="none"} 1');
    expect(text).not.toMatch(/123456789|steal|poll_answer/);
  });

  it('has a latency bucket boundary at exactly 2 s with neighbours on both sides', async () => {
    expect(LATENCY_BUCKETS).toContain(2);
    expect(LATENCY_BUCKETS.filter((bucket) => bucket > 1 && bucket < 3).length).toBeGreaterThanOrEqual(5);
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.recordUpdate({ kind: 'message', command: 'my' }, 2.1, false);
    const text = await metricsText(metrics);
    expect(text).toContain('bot_latency_seconds_bucket{le="2",kind="message",command="my"} 0');
    expect(text).toContain('bot_latency_seconds_bucket{le="2.25",kind="message",command="my"} 1');
  });

  it('times a handler and counts a throw as an error without swallowing it', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    await expect(metrics.timeUpdate({ kind: 'message', command: 'kpi' }, async () => 'done')).resolves.toBe('done');
    await expect(
      metrics.timeUpdate({ kind: 'message', command: 'kpi' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const text = await metricsText(metrics);
    expect(text).toContain('bot_requests_total{kind="message",command="kpi"} 2');
    expect(text).toContain('bot_errors_total{kind="message",command="kpi"} 1');
    expect(text).toContain('bot_latency_seconds_count{kind="message",command="kpi"} 2');
  });

  it('reports projection lag per projector and clears it when the lock is lost', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setProjectionLag('tickets', 12.5);
    metrics.setProjectionLag('kpi', -1);
    let text = await metricsText(metrics);
    expect(text).toContain('projection_lag_seconds{projector="tickets"} 12.5');
    expect(text).toContain('projection_lag_seconds{projector="kpi"} 0');
    metrics.clearProjectionLag();
    text = await metricsText(metrics);
    expect(text).not.toContain('projection_lag_seconds{');
  });

  it('probes dependencies at scrape time and reports each as 1 or 0', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.probeDependenciesOnScrape(() => [
      { name: 'read_db', check: async () => undefined },
      { name: 'redis', check: () => Promise.reject(new Error('ECONNREFUSED')) },
    ]);
    const text = await metricsText(metrics);
    expect(text).toContain('schoolbot_dependency_up{dependency="read_db"} 1');
    expect(text).toContain('schoolbot_dependency_up{dependency="redis"} 0');
  });

  it('reports the outgoing queue depth (set, or read at scrape) and counts 429s', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.setSendQueueDepth(3);
    expect(await metricsText(metrics)).toContain('telegram_send_queue_depth 3');
    let pending = 7;
    metrics.trackSendQueueDepth(() => pending);
    expect(await metricsText(metrics)).toContain('telegram_send_queue_depth 7');
    pending = 0;
    metrics.recordRateLimited();
    const text = await metricsText(metrics);
    expect(text).toContain('telegram_send_queue_depth 0');
    expect(text).toContain('telegram_rate_limited_total 1');
  });

  it('names the replica in an info metric rather than on every series', async () => {
    const metrics = createMetrics({ defaultMetrics: false, instance: { id: 'bot-2', role: 'bot', version: '1.0.0' } });
    const text = await metricsText(metrics);
    expect(text).toContain('schoolbot_instance_info{instance_id="bot-2",role="bot",version="1.0.0"} 1');
    expect(text).not.toContain('bot_requests_total{instance_id');
  });

  it('includes Node default metrics unless turned off', async () => {
    expect(await metricsText(createMetrics())).toContain('process_cpu_user_seconds_total');
  });
});

describe('instrumentEventStore', () => {
  const fakeStore = (append: EventStore['append']): EventStore => ({
    kind: 'memory',
    append,
    readStream: async () => [],
    readAll: async () => ({ events: [], isEnd: true }),
    subscribe: () => ({ done: Promise.resolve(), stop: async () => undefined }),
    headPosition: async () => undefined,
    comparePositions: () => 0,
    close: async () => undefined,
  });

  it('times successful appends and counts failures by reason, rethrowing them', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let calls = 0;
    const store = instrumentEventStore(
      fakeStore(async (stream) => {
        calls += 1;
        if (calls === 2) throw new WrongExpectedVersionError(stream, 0n, 1n);
        if (calls === 3) throw new Error('connection reset');
        return { nextRevision: 0n, position: '1' as Position };
      }),
      metrics,
    );
    await store.append('ticket-1', [event, event], 'any');
    await expect(store.append('ticket-1', [event], 0n)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.append('ticket-1', [event], 'any')).rejects.toThrow('connection reset');
    const text = await metricsText(metrics);
    expect(text).toContain('eventstore_append_seconds_count 3');
    expect(text).toContain('eventstore_appended_events_total 2');
    expect(text).toContain('eventstore_append_errors_total{reason="wrong_expected_version"} 1');
    expect(text).toContain('eventstore_append_errors_total{reason="error"} 1');
    expect(store.kind).toBe('memory');
  });
});

describe('backup status gauge', () => {
  it('serves the timestamp the backup script wrote, and nothing while there is no file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schoolbot-backup-status-'));
    const file = join(dir, 'schoolbot_backup.prom');
    const metrics = createMetrics({ defaultMetrics: false });
    registerBackupStatusGauge(metrics.registry, file);
    try {
      expect(await metricsText(metrics)).not.toMatch(/^schoolbot_backup_last_success_timestamp_seconds /m);
      await writeFile(
        file,
        '# HELP schoolbot_backup_last_success_timestamp_seconds When the last validated backup finished (Unix time).\n' +
          '# TYPE schoolbot_backup_last_success_timestamp_seconds gauge\n' +
          'schoolbot_backup_last_success_timestamp_seconds 1764000000\n',
      );
      expect(await metricsText(metrics)).toMatch(/^schoolbot_backup_last_success_timestamp_seconds 1764000000$/m);
      await writeFile(file, 'garbage\n');
      expect(await metricsText(metrics)).not.toMatch(/^schoolbot_backup_last_success_timestamp_seconds /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('worker observability', () => {
  it('counts and reports the failures the worker logs, by component, and passes every line on', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const reported: { error: unknown; context: unknown }[] = [];
    const lines: string[] = [];
    const log = reportingWorkerLog(
      { info: (_o, m) => lines.push(`info ${m}`), warn: (_o, m) => lines.push(`warn ${m}`), error: (_o, m) => lines.push(`error ${m}`) },
      metrics,
      { enabled: true, report: (error, context) => reported.push({ error, context }), close: async () => undefined },
    );
    const failure = new Error('boom');
    log.warn({ consumer: 'tickets', err: failure }, 'consumer tickets failed; retrying');
    log.warn({ consumer: 'notifications', err: failure }, 'consumer notifications failed; retrying');
    log.warn({ timer: 'deadlineWatcher', task: 7, err: failure }, 'deadlineWatcher: failed on a due item; will retry');
    log.warn({ timer: 'autoClose', ticket: 9, err: failure }, 'autoClose: failed on a due item; will retry');
    log.error({ err: failure }, 'the worker failed');
    log.warn({}, 'lost the worker lock (or failed); standing by');
    log.info({}, 'hello');
    expect(lines).toHaveLength(7);
    expect(reported.map((entry) => entry.context)).toEqual([
      { source: 'projector', name: 'tickets' },
      { source: 'reaction', name: 'notifications' },
      { source: 'scheduler', name: 'deadlineWatcher' },
      { source: 'scheduler', name: 'autoClose' },
      { source: 'worker' },
    ]);
    const text = await metricsText(metrics);
    expect(text).toContain('worker_errors_total{component="projector"} 1');
    expect(text).toContain('worker_errors_total{component="reaction"} 1');
    expect(text).toContain('worker_errors_total{component="scheduler"} 2');
    expect(text).toContain('worker_errors_total{component="worker"} 1');
  });
});

describe('projection lag sampling', () => {
  it('reports the age of the oldest event a projector has not applied, and nothing on a stand-by', async () => {
    const store = createMemoryEventStore();
    await store.append('ticket-1', [{ ...event, type: 'TicketOpened' }], 'any');
    const [recorded] = await store.readStream('ticket-1');
    const metrics = createMetrics({ defaultMetrics: false });
    let leader = true;
    const checkpoints = { get: async () => undefined } as unknown as CheckpointStore;
    const sampling = sampleProjectionLag({
      store,
      checkpoints,
      isLeader: () => leader,
      metrics,
      now: () => new Date(Date.parse(recorded!.recordedAt) + 90_000),
      intervalMs: 20,
    });
    try {
      await expect.poll(() => metricsText(metrics)).toContain('projection_lag_seconds{projector="tickets"} 90');
      expect(await metricsText(metrics)).toContain('projection_lag_seconds{projector="staff"} 0');
      leader = false;
      await expect.poll(() => metricsText(metrics)).not.toContain('projection_lag_seconds{');
    } finally {
      sampling.stop();
    }
  });
});

describe('off-site backup status gauges (draft)', () => {
  it('serves the off-site file beside the backup file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'schoolbot-backup-status-'));
    const metrics = createMetrics({ defaultMetrics: false });
    registerBackupStatusGauge(metrics.registry, join(dir, 'schoolbot_backup.prom'));
    try {
      expect(await metricsText(metrics)).not.toMatch(/^schoolbot_backup_offsite_/m);
      await writeFile(join(dir, 'schoolbot_backup_offsite.prom'), 'schoolbot_backup_offsite_last_attempt_timestamp_seconds 1764000100\nschoolbot_backup_offsite_last_success_timestamp_seconds 1764000000\n');
      const text = await metricsText(metrics);
      expect(text).toMatch(/^schoolbot_backup_offsite_last_attempt_timestamp_seconds 1764000100$/m);
      expect(text).toMatch(/^schoolbot_backup_offsite_last_success_timestamp_seconds 1764000000$/m);
      expect(text).not.toMatch(/^schoolbot_backup_last_success_timestamp_seconds /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
