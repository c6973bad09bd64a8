// Wiring for observability: the metrics registry and GET /metrics, /healthz and /readyz, the dependency
// gauge, the backup gauge, the projection gauges, and the GlitchTip reporter. startApp() calls
// setupObservability() once and hands `metrics` and `errors` to the parts it builds.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { eventStoreCheck, readDatabaseCheck, registerHealthRoutes, type ReadinessCheck } from '../adapters/http/health.js';
import { registerMetricsRoute } from '../adapters/http/metricsRoute.js';
import { registerBackupStatusGauge } from '../adapters/observability/backupStatus.js';
import { createErrorReporter, type ErrorReporter } from '../adapters/observability/errorReporting.js';
import { instrumentEventStore } from '../adapters/observability/instrumentEventStore.js';
import { createMetrics, type Metrics, type UpdateLabels } from '../adapters/observability/metrics.js';
import { sqlCheckpointStore } from '../adapters/postgres/readModels/checkpointStore.js';
import type { Clock } from '../application/ports/clock.js';
import type { EventStore } from '../application/ports/eventStore.js';
import type { SqlExecutor } from '../application/ports/sql.js';
import type { GaugeFigures, GaugeQueries } from '../application/ports/readModels.js';
import { registerProjectionGauges } from '../projections/gauges.js';
import { registerSlaMetrics } from '../projections/slaMetrics.js';
import type { SlaQueries } from '../application/sla/slaFigures.js';
import type { SchoolCalendar } from '../domain/calendar/index.js';
import type { Config } from './config.js';
import type { WorkerLog } from './worker.js';
import { reportingWorkerLog, sampleProjectionLag } from './workerObservability.js';

export interface Observability {
  metrics: Metrics;
  errors: ErrorReporter;
  /** Names a dependency in /readyz (503 while a required one is down) and in schoolbot_dependency_up. */
  addReadinessCheck(check: ReadinessCheck): void;
  /** Exports bot_tickets_open and kpi_* from the read model (every role that has the read database). */
  exportProjectionGauges(queries: GaugeQueries, clock: Clock): void;
  /** Exports the SLA histograms and tickets_sla_breached_total from the tickets read model (school time). */
  exportSlaMetrics(queries: SlaQueries, clock: Clock, calendar: SchoolCalendar): void;
  /**
   * The Telegram adapter's measuring point (its ObserveUpdate): counts and times the update, and sends a
   * failure to GlitchTip tagged with the (bounded) command and update kind.
   */
  observeUpdate<T>(labels: UpdateLabels, handle: () => Promise<T>): Promise<T>;
  /** The event store with append latency and failures measured. */
  instrument(store: EventStore): EventStore;
  /** The worker's log, counting and reporting the failures it logs. */
  reportingLog(log: WorkerLog): WorkerLog;
  /** Readiness of the event store and read database; projection lag while `isLeader()`. */
  watchReadSide(readSide: { store: EventStore; sql: SqlExecutor; worker?: { isLeader(): boolean } }): void;
  /** Sends queued error reports; call last when stopping. */
  stop(): Promise<void>;
}

export function setupObservability(config: Config, http: FastifyInstance): Observability {
  const release = config.RELEASE ?? `schoolbot@${packageVersion()}`;
  const metrics = createMetrics({ instance: { id: config.BOT_INSTANCE_ID, role: config.BOT_ROLE, version: release } });
  const checks: ReadinessCheck[] = [];
  const stopGauges: (() => void)[] = [];
  registerHealthRoutes(http, () => checks);
  registerMetricsRoute(http, metrics.registry);
  metrics.probeDependenciesOnScrape(() => checks);
  registerBackupStatusGauge(metrics.registry, config.BACKUP_STATUS_FILE);

  const errors = createErrorReporter({
    dsn: config.GLITCHTIP_DSN,
    environment: config.ENVIRONMENT,
    release,
    role: config.BOT_ROLE,
    // A secret GlitchTip never sees, so hashed ids cannot be reversed by hashing every possible id.
    userIdKey: config.TELEGRAM_TOKEN ?? config.TELEGRAM_WEBHOOK_SECRET ?? config.GLITCHTIP_DSN ?? release,
    secrets: [
      config.TELEGRAM_TOKEN,
      config.TELEGRAM_WEBHOOK_SECRET,
      config.TELEGRAM_BOT_TOKEN,
      config.AUDIT_API_TOKEN,
      config.DATABASE_URL,
      config.EVENTSTORE_URL,
      config.REDIS_URL,
    ],
  });
  http.log.info(
    errors.enabled ? { environment: config.ENVIRONMENT, release } : {},
    errors.enabled ? 'errors are reported to GlitchTip' : 'GLITCHTIP_DSN is not set: errors are only logged',
  );

  return {
    metrics,
    errors,
    addReadinessCheck: (check) => void checks.push(check),
    exportProjectionGauges: (queries, clock) => {
      const figures = refreshedInBackground(queries, clock);
      stopGauges.push(figures.stop);
      registerProjectionGauges(metrics.registry, figures.queries, clock);
    },
    exportSlaMetrics: (queries, clock, calendar) => registerSlaMetrics(metrics.registry, queries, clock, calendar),
    observeUpdate: (labels, handle) =>
      metrics.timeUpdate(labels, handle).catch((error: unknown) => {
        const bounded = metrics.boundedLabels(labels);
        errors.report(error, { source: 'update', name: bounded.command, updateKind: bounded.kind });
        throw error;
      }),
    instrument: (store) => instrumentEventStore(store, metrics),
    reportingLog: (log) => reportingWorkerLog(log, metrics, errors),
    watchReadSide: ({ store, sql, worker }) => {
      checks.push(eventStoreCheck(store), readDatabaseCheck(sql));
      if (worker) {
        const lag = sampleProjectionLag({ store, checkpoints: sqlCheckpointStore(sql), isLeader: () => worker.isLeader(), metrics });
        stopGauges.push(lag.stop);
      }
    },
    stop: async () => {
      for (const stop of stopGauges) stop();
      await errors.close();
    },
  };
}

/** How often the projection gauges re-read the read model, in the background. */
const GAUGE_REFRESH_MS = 5_000;

/**
 * The gauges' figures, re-read every few seconds off the scrape path: a scrape then costs the same with
 * 100 or 100,000 tickets, and it keeps succeeding while the read database is down (otherwise `up` drops to
 * 0 and BotDown fires for a bot that is alive) — the figures read NaN, "unknown", until it is back.
 */
function refreshedInBackground(queries: GaugeQueries, clock: Clock, intervalMs = GAUGE_REFRESH_MS, timeoutMs = 2_000) {
  const unknown: GaugeFigures = { ticketsOpen: NaN, tasksTotal: NaN, tasksDone: NaN, tasksOverdue: NaN };
  let latest = unknown;
  let refreshing: Promise<void> | undefined;
  const refresh = () => {
    refreshing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<GaugeFigures>((resolve) => {
        timer = setTimeout(() => resolve(unknown), timeoutMs);
      });
      latest = await Promise.race([queries.gaugeFigures(clock.now()).catch(() => unknown), timeout]);
      clearTimeout(timer);
      refreshing = undefined;
    })();
    return refreshing;
  };
  const first = refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return {
    queries: {
      // The first scrape after start waits for the first read, so it never shows NaN for no reason.
      gaugeFigures: async () => {
        await first;
        return latest;
      },
    } satisfies GaugeQueries,
    stop: () => clearInterval(timer),
  };
}

/** From infra/ under tsx, or dist/infra/ in the image. */
function packageVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const version = (JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version?: string }).version;
      if (version) return version;
    } catch {
      // try the next place
    }
  }
  return 'unknown';
}
