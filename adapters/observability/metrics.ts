// One prom-client registry per process with every metric SchoolBot exports except the projection gauges
// (projections/gauges.ts registers those on the same registry). Labels come from bounded sets only: an
// unknown command becomes 'other', and nothing here ever takes a user id.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Kinds of Telegram update we tell apart; anything else is counted as 'other'. */
const UPDATE_KINDS = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'other'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** The bot's commands (without the slash). 'none': the update is no command; 'other': an unknown one. */
const KNOWN_COMMANDS = [
  'start',
  'help',
  'new',
  'my',
  'queue',
  'ticket',
  'task',
  'tasks',
  'kpi',
  'history',
  'staff',
  'cancel',
] as const;

/** Background work whose failures are counted (and reported to GlitchTip); 'worker': the worker loop itself. */
const BACKGROUND_COMPONENTS = ['projector', 'reaction', 'scheduler', 'worker'] as const;
export type BackgroundComponent = (typeof BACKGROUND_COMPONENTS)[number];

/** Why an append failed: a conflict is normal optimistic concurrency, 'error' means the store itself failed. */
const APPEND_FAILURES = ['wrong_expected_version', 'invalid_event', 'error'] as const;
export type AppendFailure = (typeof APPEND_FAILURES)[number];

/** Seconds. Dense around 2 s, the HighLatency threshold, so its p95 is interpolated inside a narrow bucket. */
export const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 1.75, 2, 2.25, 2.5, 3, 5, 10];
const APPEND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface UpdateLabels {
  /** The update's kind as Telegram names it ('message', 'callback_query', …). */
  kind: string;
  /** The command (with or without the leading slash); omitted or empty when the update is no command. */
  command?: string | undefined;
}

export interface MetricsOptions {
  /** Commands to label by name; others become 'other'. Default: KNOWN_COMMANDS. */
  commands?: readonly string[];
  /** Node's process metrics (CPU, memory, event-loop lag, GC). Default true; tests may turn them off. */
  defaultMetrics?: boolean;
  /** Shown in schoolbot_instance_info so a dashboard can name the replica behind a scrape address. */
  instance?: { id: string; role: string; version: string };
}

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  const commands = new Set((options.commands ?? KNOWN_COMMANDS).map((command) => command.toLowerCase()));
  const commandLabels = ['none', ...commands, 'other'];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'bot_requests_total',
    help: 'Telegram updates handled, by update kind and command.',
    labelNames: ['kind', 'command'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'bot_errors_total',
    help: 'Telegram updates whose handling failed, by update kind and command.',
    labelNames: ['kind', 'command'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'bot_latency_seconds',
    help: 'Time to handle one Telegram update, in seconds.',
    labelNames: ['kind', 'command'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const backgroundErrors = new Counter({
    name: 'worker_errors_total',
    help: 'Failures in projectors, reactions and schedulers.',
    labelNames: ['component'] as const,
    registers: [registry],
  });
  const appendSeconds = new Histogram({
    name: 'eventstore_append_seconds',
    help: 'Time to append to the event store, in seconds (failed appends included).',
    buckets: APPEND_BUCKETS,
    registers: [registry],
  });
  const appendEvents = new Counter({
    name: 'eventstore_appended_events_total',
    help: 'Events appended to the event store.',
    registers: [registry],
  });
  const appendErrors = new Counter({
    name: 'eventstore_append_errors_total',
    help: 'Failed appends, by reason (wrong_expected_version is ordinary optimistic concurrency).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const projectionLag = new Gauge({
    name: 'projection_lag_seconds',
    help: 'How far each projector is behind the head of the event log, in seconds (0 when caught up).',
    labelNames: ['projector'] as const,
    registers: [registry],
  });
  let queueDepthSource: (() => number) | undefined;
  const sendQueueDepth = new Gauge({
    name: 'telegram_send_queue_depth',
    help: 'Messages waiting in the outgoing Telegram queue.',
    registers: [registry],
    collect() {
      if (queueDepthSource) this.set(queueDepthSource());
    },
  });
  const rateLimited = new Counter({
    name: 'telegram_rate_limited_total',
    help: 'Telegram answers 429 Too Many Requests to our calls.',
    registers: [registry],
  });
  if (options.instance) {
    new Gauge({
      name: 'schoolbot_instance_info',
      help: 'Always 1; names the replica (BOT_INSTANCE_ID), its role and version behind a scrape address.',
      labelNames: ['instance_id', 'role', 'version'] as const,
      registers: [registry],
    }).set({ instance_id: options.instance.id, role: options.instance.role, version: options.instance.version }, 1);
  }

  // prom-client exports a labelled series only once it has a value: create every known one at zero so the
  // first error is an increase() from 0 rather than a series that appears already at 1.
  for (const kind of UPDATE_KINDS) {
    for (const command of commandLabels) {
      requests.inc({ kind, command }, 0);
      errors.inc({ kind, command }, 0);
    }
  }
  for (const component of BACKGROUND_COMPONENTS) backgroundErrors.inc({ component }, 0);
  for (const reason of APPEND_FAILURES) appendErrors.inc({ reason }, 0);
  appendEvents.inc(0);
  rateLimited.inc(0);
  sendQueueDepth.set(0);

  const labelsOf = (update: UpdateLabels) => ({ kind: updateKindLabel(update.kind), command: commandLabel(update.command) });
  const commandLabel = (command: string | undefined) => {
    const name = (command ?? '').replace(/^\//, '').replace(/@.*$/, '').toLowerCase();
    if (name === '') return 'none';
    return commands.has(name) ? name : 'other';
  };

  const recordUpdate = (update: UpdateLabels, seconds: number, failed: boolean): void => {
    const labels = labelsOf(update);
    requests.inc(labels);
    latency.observe(labels, seconds);
    if (failed) errors.inc(labels);
  };

  let probes: () => readonly DependencyProbe[] = () => [];
  let lastProbe: { at: number; done: Promise<void> } | undefined;
  const probeDependencies = (): Promise<void> => {
    // Scrapes from several Prometheus servers (or a test) within a few seconds share one round of checks.
    if (lastProbe && Date.now() - lastProbe.at < PROBE_REUSE_MS) return lastProbe.done;
    const done = Promise.all(
      probes().map(async (probe) => {
        const up = await withTimeout(probe.check(), PROBE_TIMEOUT_MS).then(
          () => true,
          () => false,
        );
        dependencyUp.set({ dependency: probe.name }, up ? 1 : 0);
      }),
    ).then(() => undefined);
    lastProbe = { at: Date.now(), done };
    return done;
  };
  const dependencyUp = new Gauge({
    name: 'schoolbot_dependency_up',
    help: '1 when this instance reaches the dependency (event_store, read_db, redis), 0 when not; checked at scrape.',
    labelNames: ['dependency'] as const,
    registers: [registry],
    collect: probeDependencies,
  });

  return {
    registry,

    /** Counts one handled update and its duration; `failed` also counts it in bot_errors_total. */
    recordUpdate,

    /** The labels an update is counted under: its kind and command from the bounded sets. */
    boundedLabels: labelsOf,

    /** Runs one update's handler, timing and counting it; a throw is counted as an error and rethrown. */
    async timeUpdate<T>(update: UpdateLabels, handle: () => Promise<T>): Promise<T> {
      const started = process.hrtime.bigint();
      let failed = true;
      try {
        const result = await handle();
        failed = false;
        return result;
      } finally {
        recordUpdate(update, Number(process.hrtime.bigint() - started) / 1e9, failed);
      }
    },

    /** A projector, reaction or scheduler failed (the error itself goes to the error reporter). */
    recordBackgroundError(component: BackgroundComponent): void {
      backgroundErrors.inc({ component });
    },

    /** One append to the event store (see instrumentEventStore). */
    recordAppend(seconds: number, eventCount: number, failure?: AppendFailure): void {
      appendSeconds.observe(seconds);
      if (failure) appendErrors.inc({ reason: failure });
      else appendEvents.inc(eventCount);
    },

    /** The worker holding the projector lock sets this per projector after each batch and on a timer. */
    setProjectionLag(projector: string, seconds: number): void {
      projectionLag.set({ projector }, Math.max(0, seconds));
    },

    /** A worker that loses (or never had) the projector lock clears its lag so no stale value lingers. */
    clearProjectionLag(): void {
      projectionLag.reset();
    },

    setSendQueueDepth(depth: number): void {
      sendQueueDepth.set(depth);
    },

    /** Reads the queue's depth at each scrape instead (e.g. `() => queue.pending`). */
    trackSendQueueDepth(source: () => number): void {
      queueDepthSource = source;
    },

    /** Telegram answered 429; the queue waits out retry_after. */
    recordRateLimited(): void {
      rateLimited.inc();
    },

    /** The dependencies whose reachability schoolbot_dependency_up reports, checked at each scrape. */
    probeDependenciesOnScrape(source: () => readonly DependencyProbe[]): void {
      probes = source;
      lastProbe = undefined;
    },
  };
}

/** A dependency check; adapters/http/health.ts's ReadinessCheck fits. */
export interface DependencyProbe {
  name: string;
  check(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 1_000;
const PROBE_REUSE_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function updateKindLabel(kind: string): UpdateKind {
  return (UPDATE_KINDS as readonly string[]).includes(kind) ? (kind as UpdateKind) : 'other';
}
