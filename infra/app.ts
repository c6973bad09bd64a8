// The composition root: builds the parts the configured role needs and stops them in order.
import { createHttpServer } from '../adapters/http/server.js';
import type { Config } from './config.js';
import { redactedConfig } from './config.js';
import { setupObservability } from './observability.js';
import { startReadSide } from './worker.js';
import { startTelegramRole } from './telegram.js';
import { loadConfiguredCalendar } from './schoolCalendar.js';
import { registerSandbox, sandboxWanted, startSandbox } from './sandbox.js';

export interface RunningApp {
  port: number;
  /** The local Bot API's root when the sandbox runs (no token, not prod); undefined otherwise. */
  sandboxApiRoot?: string;
  stop(): Promise<void>;
}

export async function startApp(given: Config, options: { installSignalHandlers?: boolean } = {}): Promise<RunningApp> {
  // No token (and not prod): the bot talks to a local Bot API in this process, and /sandbox plays it.
  const sandbox = sandboxWanted(given) ? await startSandbox(given) : undefined;
  const config = sandbox?.config ?? given;
  const pretty = config.LOG_FORMAT ? config.LOG_FORMAT === 'pretty' : process.stdout.isTTY === true;
  const http = createHttpServer({ logLevel: config.LOG_LEVEL, pretty });
  const log = http.log;
  if (pretty) {
    // A person reading: one line; the whole (redacted) configuration at debug.
    log.info(`starting schoolbot: role ${config.BOT_ROLE}, ${config.EVENT_STORE} event store, HTTP port ${config.HTTP_PORT}`);
    log.debug({ config: redactedConfig(config) }, 'configuration');
  } else {
    log.info({ config: redactedConfig(config) }, 'starting schoolbot');
  }
  // Metrics, /healthz, /readyz, GlitchTip. Parts built below add their readiness checks with
  // observability.addReadinessCheck(...) and get observability.metrics / observability.errors.
  // Read before anything opens: a bad calendar file stops the start with one line per problem.
  const calendar = await loadConfiguredCalendar(config);
  const observability = setupObservability(config, http);
  // The worker starts once the server listens: on the embedded store its catch-up of a long log would make
  // the bot's start and the first /readyz wait behind it (one connection), 10–30 s on 10,000 tickets.
  let listening: () => void = () => {};
  const workerStartsAfter = new Promise<void>((resolve) => (listening = resolve));
  // The event store and read models for every part; the worker (projections, reactions) for worker|all.
  const readSide = await startReadSide(config, {
    workerStartsAfter,
    http,
    log: observability.reportingLog(log),
    exportProjectionGauges: observability.exportProjectionGauges,
    exportSlaMetrics: observability.exportSlaMetrics,
    calendar,
    instrumentStore: (store) => observability.instrument(store),
  });
  observability.watchReadSide(readSide);

  if (sandbox) registerSandbox(http, sandbox, { read: readSide.readModels, store: readSide.store });
  else if (!config.TELEGRAM_TOKEN && config.BOT_ROLE !== 'worker') {
    log.warn(
      'TELEGRAM_TOKEN is not set: Telegram is off. Create a bot with @BotFather (/newbot), put its token in TELEGRAM_TOKEN and restart.',
    );
  }
  // The bot (webhook route or long polling, the outgoing queue, the notification sender): before listen.
  const telegram = await startTelegramRole({
    config,
    http,
    log,
    observability: {
      metrics: {
        timeUpdate: observability.observeUpdate,
        trackSendQueueDepth: (source) => observability.metrics.trackSendQueueDepth(source),
        recordRateLimited: () => observability.metrics.recordRateLimited(),
      },
      addReadinessCheck: observability.addReadinessCheck,
    },
    handles: { store: observability.instrument(readSide.store), sql: readSide.sql },
    calendar,
  });

  await http.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST });
  listening();
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  if (sandbox) {
    log.warn(
      `TELEGRAM_TOKEN is not set: Telegram is off, and the sandbox runs at http://localhost:${port}/sandbox — play the school's staff in a browser. ` +
        'For the real bot create one with @BotFather (/newbot), put its token in TELEGRAM_TOKEN and restart.',
    );
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info('stopping');
      await telegram?.stop();
      await http.close();
      await readSide.stop();
      await observability.stop();
      await sandbox?.stop();
    })();
    return stopping;
  };
  if (options.installSignalHandlers !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        const deadline = setTimeout(() => process.exit(1), 10_000);
        deadline.unref();
        void stop().then(() => process.exit(0));
      });
    }
  }
  return { port, ...(sandbox ? { sandboxApiRoot: sandbox.api.apiRoot } : {}), stop };
}
