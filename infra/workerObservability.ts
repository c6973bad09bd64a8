// The worker's side of observability: projection lag sampled per projector while this instance holds the
// worker lock, and failures of projectors, reactions and the deadline watcher counted and sent to
// GlitchTip. The worker reports failures through its log (consumers log `{ consumer, err }` and retry), so
// the log it is given is wrapped here rather than threading another hook through every consumer.
import type { BackgroundComponent, Metrics } from '../adapters/observability/metrics.js';
import type { ErrorReporter } from '../adapters/observability/errorReporting.js';
import type { EventStore } from '../application/ports/eventStore.js';
import type { CheckpointStore } from '../application/ports/checkpoints.js';
import { allProjectors } from '../projections/index.js';
import type { WorkerLog } from './worker.js';

/** How often the leader samples each projection's lag (the age of its oldest unapplied event). */
const LAG_SAMPLE_MS = 10_000;
const PROJECTOR_NAMES = new Set(allProjectors.map((projector) => projector.name));

/** Which part of the worker logged a failure, from the fields the worker's parts log with. */
function componentOf(object: object): { component: BackgroundComponent; name?: string } {
  const consumer = (object as { consumer?: unknown }).consumer;
  if (typeof consumer === 'string') return { component: PROJECTOR_NAMES.has(consumer) ? 'projector' : 'reaction', name: consumer };
  const timer = (object as { timer?: unknown }).timer;
  if (typeof timer === 'string') return { component: 'scheduler', name: timer };
  return { component: 'worker' };
}

/** The same log, plus: every warning or error that carries an `err` is counted and reported. */
export function reportingWorkerLog(log: WorkerLog, metrics: Pick<Metrics, 'recordBackgroundError'>, errors: ErrorReporter): WorkerLog {
  const report = (object: object) => {
    if (!('err' in object) || object.err === undefined) return;
    const { component, name } = componentOf(object);
    metrics.recordBackgroundError(component);
    errors.report(object.err, { source: component, ...(name ? { name } : {}) });
  };
  return {
    info: (object, message) => log.info(object, message),
    warn: (object, message) => {
      log.warn(object, message);
      report(object);
    },
    error: (object, message) => {
      log.error(object, message);
      report(object);
    },
  };
}

export interface ProjectionLagSampling {
  store: EventStore;
  checkpoints: CheckpointStore;
  /** True while this instance runs the projectors; stand-bys report nothing. */
  isLeader(): boolean;
  metrics: Pick<Metrics, 'setProjectionLag' | 'clearProjectionLag'>;
  now?: () => Date;
  intervalMs?: number;
}

/**
 * Every few seconds, per projector: the age of the oldest event of its types it has not applied yet (0 when
 * it has applied everything). Seconds rather than a count of events: positions are opaque, and "how stale is
 * what staff see" is the question the ProjectionLagging alert asks.
 */
export function sampleProjectionLag(options: ProjectionLagSampling): { stop(): void } {
  const now = options.now ?? (() => new Date());
  let running = false;
  const sample = async () => {
    if (running) return;
    running = true;
    try {
      if (!options.isLeader()) {
        options.metrics.clearProjectionLag();
        return;
      }
      for (const projector of allProjectors) {
        const checkpoint = await options.checkpoints.get(projector.name);
        const next = await options.store.readAll({
          ...(checkpoint?.position ? { after: checkpoint.position } : {}),
          filter: { eventTypes: projector.eventTypes },
          maxCount: 1,
        });
        const oldest = next.events[0];
        const lag = oldest ? (now().getTime() - Date.parse(oldest.recordedAt)) / 1000 : 0;
        options.metrics.setProjectionLag(projector.name, lag);
      }
    } catch {
      // The store or the database is away: the dependency gauges say so; keep the last figures.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sample(), options.intervalMs ?? LAG_SAMPLE_MS);
  timer.unref();
  void sample();
  return { stop: () => clearInterval(timer) };
}
