// Wiring of the Telegram side: conversation state (Redis or embedded), the outgoing queue, the bot and its
// intake (webhook route or long polling), the notification sender, and their orderly stop.
import { Telegram } from 'telegraf';
import type { FastifyInstance } from 'fastify';
import type { UserFromGetMe } from 'telegraf/types';
import type { SchoolCommands } from '../application/commands/schoolCommands.js';
import { SCHEDULER } from '../application/people.js';
import type { Clock } from '../application/ports/clock.js';
import type { ConversationState } from '../application/ports/conversationState.js';
import type { ReadModels } from '../application/ports/readModels.js';
import type { OutboxQueue, OutboxWriter, ReplyOutbox } from '../application/ports/outbox.js';
import { registerTelegramWebhook } from '../adapters/http/telegramWebhook.js';
import { createInProcessConversationState } from '../adapters/memory/conversationState.js';
import { createRedisState } from '../adapters/redis/redisState.js';
import { withInProcessFallback } from '../application/conversationFallback.js';
import { createRedisRateLimit } from '../adapters/redis/sharedRateLimit.js';
import { createTelegramBot, UpdateFailedError, UpdateInProgressError, type TelegramBot } from '../adapters/telegram/bot.js';
import type { BotLog, ObserveUpdate } from '../adapters/telegram/dependencies.js';
import { createIntake, type Intake } from '../adapters/telegram/intake.js';
import { startNotificationSender, type NotificationSender } from '../adapters/telegram/notificationSender.js';
import { SendQueue, type SendQueueOptions } from '../adapters/telegram/sendQueue.js';
import { telegramCommandMenus, telegramDeliver } from '../adapters/telegram/telegramSender.js';
import { defaultCommandMenu } from '../adapters/telegram/commandMenu.js';
import { commandMenuReaction } from '../application/reactions/commandMenu.js';
import { DEFAULT_CATEGORIES } from '../domain/shared/values.js';
import type { SchoolCalendar } from '../domain/calendar/index.js';
import { roundTheClockCalendar } from '../domain/calendar/index.js';
import type { EventStore } from '../application/ports/eventStore.js';
import type { SqlExecutor, SqlQueryable } from '../application/ports/sql.js';
import { systemClock } from '../application/ports/clock.js';
import { randomIds } from '../application/ports/ids.js';
import { createSchoolCommands } from '../application/commands/schoolCommands.js';
import { historyQueryFor, type HistoryQuery } from '../application/history.js';
import { notificationsReaction, staffDirectory, type NotificationDirectory } from '../application/reactions/notifications.js';
import { startReaction, type Reaction } from '../application/reactions/reaction.js';
import { repeatProblemsReaction } from '../application/reactions/repeatProblems.js';
import { sqlRepeatWatch } from '../adapters/postgres/readModels/repeatWatch.js';
import { ordersReaction } from '../application/reactions/orders.js';
import { sqlCheckpointStore } from '../adapters/postgres/readModels/checkpointStore.js';
import { sqlReadModels } from '../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../adapters/postgres/readModels/outbox.js';
import { schoolPolicyOf } from './config.js';
import type { Config } from './config.js';
import { openStores } from './openStores.js';
import { schoolExporter } from './exporter.js';
import type { Exporter } from '../application/ports/export.js';

const BOT_INFO_KEY = 'bot-info';
const BOT_INFO_TTL_SECONDS = 86_400;
/** How long a stop may take in all: intake and in-flight updates get half, the outgoing queue the rest. */
const STOP_BUDGET_MS = 8_000;
/** Each stop step gets at least this long, even when the budget is spent. */
const STOP_STEP_MIN_MS = 100;
/** Kept back from the queue's flush for closing the state store and the rate limiter. */
const STOP_CLOSE_RESERVE_MS = 200;
const BLOCKED_REASON = 'telegram 403: blocked by the user';

export interface TelegramWiring {
  config: Pick<
    Config,
    | 'TELEGRAM_TOKEN'
    | 'TELEGRAM_MODE'
    | 'TELEGRAM_WEBHOOK_SECRET'
    | 'TELEGRAM_API_ROOT'
    | 'ADMIN_TELEGRAM_IDS'
    | 'REDIS_URL'
    | 'SCHOOL_TIMEZONE'
    | 'TECH_CHAT_ID'
    | 'TECH_CHAT_TOPICS'
    | 'BOT_INSTANCE_ID'
    | 'DIGEST_TIME'
  > &
    Partial<Pick<Config, 'QUIET_HOURS'>>;
  http: FastifyInstance;
  commands: SchoolCommands;
  read: ReadModels;
  clock: Clock;
  log: BotLog;
  history?: HistoryQuery;
  /** The metrics hook: metrics.timeUpdate from adapters/observability/metrics.ts. */
  observe?: ObserveUpdate;
  /** The outgoing queue's metrics: its depth, read at each scrape, and Telegram's 429s. */
  queueMetrics?: { trackSendQueueDepth(source: () => number): void; recordRateLimited(): void };
  /**
   * Given: every update's replies are recorded there before the webhook answers 200, and the sender delivers
   * the outbox (any instance with a token may; rows are leased).
   */
  outbox?: OutboxQueue & ReplyOutbox;
  /** Given with `outbox`: the director's morning digest is planned through it at DIGEST_TIME. */
  digestWriter?: OutboxWriter;
  /** Tests pass their own (a private Redis, or the embedded store) and faster queue spacing. */
  state?: ConversationState;
  queueOptions?: Partial<Omit<SendQueueOptions, 'deliver'>>;
  categories?: readonly string[];
  /** REOPEN_DAYS as the school policy has it: the Reopen button is refused at the press once it has passed. */
  reopenWindowMs?: number;
  /** The school calendar; without one (tests not about the calendar) every moment is school time. */
  calendar?: SchoolCalendar;
  senderOptions?: { pollMs?: number; leaseMs?: number; replyLeaseMs?: number; noticeSpacingMs?: number };
  /** /export's spreadsheets (infra/exporter.ts); without it the command says it is unavailable. */
  exports?: Exporter;
}

export interface RunningTelegram {
  bot: TelegramBot;
  intake: Intake;
  queue: SendQueue;
  state: ConversationState;
  sender: NotificationSender | undefined;
  /** Stop intake, finish in-flight updates, flush the queue, close the state store: within `budgetMs`. */
  stop(budgetMs?: number): Promise<void>;
}

/** One getMe per day for all replicas: the answer is kept in the shared conversation store. */
async function botInfoOf(telegram: Telegram, state: ConversationState, log: BotLog): Promise<UserFromGetMe> {
  const cached = await state.get<UserFromGetMe>(BOT_INFO_KEY).catch(() => undefined);
  if (cached) return cached;
  const info = await telegram.getMe();
  await state.set(BOT_INFO_KEY, info, BOT_INFO_TTL_SECONDS).catch((error: unknown) => log.warn({ err: error }, 'bot info not cached'));
  return info;
}

/** Starts Telegram when a token is configured; registers the webhook route before the server listens. */
export async function startTelegram(wiring: TelegramWiring): Promise<RunningTelegram | undefined> {
  const { config, log } = wiring;
  const token = config.TELEGRAM_TOKEN;
  if (!token) return undefined;
  const state =
    wiring.state ??
    (config.REDIS_URL
      ? withInProcessFallback(await createRedisState({ url: config.REDIS_URL, keyPrefix: 'schoolbot:' }), createInProcessConversationState(), log)
      : createInProcessConversationState());
  if (!config.REDIS_URL && !wiring.state) {
    log.info({}, 'REDIS_URL is not set: conversation state and update de-duplication are kept in this process');
  }
  const telegram = new Telegram(token, { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false });
  // With Redis the sending budget is shared by every replica; without it each process keeps its own.
  const shared = config.REDIS_URL ? await createRedisRateLimit({ url: config.REDIS_URL, keyPrefix: 'schoolbot:' }) : undefined;
  const adminIds = config.ADMIN_TELEGRAM_IDS.map(String);
  const queue = new SendQueue({
    deliver: telegramDeliver(telegram),
    onUnreachable: async (chatId) => {
      log.warn({ chatId }, 'a person blocked the bot: marked unreachable');
      await wiring.commands.markUnreachable(SCHEDULER, { telegramId: chatId, reason: BLOCKED_REASON }, {});
    },
    onError: (error, part) => log.warn({ err: error, chatId: part.chatId }, 'telegram send failed'),
    onRateLimited: () => wiring.queueMetrics?.recordRateLimited(),
    ...(shared ? { shared } : {}),
    ...wiring.queueOptions,
  });
  wiring.queueMetrics?.trackSendQueueDepth(() => queue.pending);
  const outgoing = { send: (message: Parameters<SendQueue['send']>[0]) => queue.send(message) };
  // The sender exists before the bot: the bot records each update's replies through it.
  const sender = wiring.outbox
    ? startNotificationSender({
        outbox: wiring.outbox,
        outgoing,
        read: wiring.read,
        clock: wiring.clock,
        zone: config.SCHOOL_TIMEZONE,
        log,
        ...(wiring.calendar ? { slaCalendar: wiring.calendar } : {}),
        techChatId: config.TECH_CHAT_ID,
        techChatTopics: config.TECH_CHAT_TOPICS,
        ...(wiring.digestWriter ? { digest: { writer: wiring.digestWriter, time: config.DIGEST_TIME } } : {}),
        ...(config.QUIET_HOURS !== 'off' ? { calendar: wiring.calendar } : {}),
        commandMenus: telegramCommandMenus(telegram),
        ...wiring.senderOptions,
      })
    : undefined;
  const deps = {
    school: wiring.commands,
    read: wiring.read,
    ...(wiring.history ? { history: wiring.history } : {}),
    state,
    outgoing,
    ...(sender ? { replies: sender } : {}),
    clock: wiring.clock,
    zone: config.SCHOOL_TIMEZONE,
    calendar: wiring.calendar ?? roundTheClockCalendar(config.SCHOOL_TIMEZONE),
    categories: wiring.categories ?? DEFAULT_CATEGORIES,
    ...(wiring.reopenWindowMs !== undefined ? { reopenWindowMs: wiring.reopenWindowMs } : {}),
    adminIds,
    log,
    ...(wiring.observe ? { observe: wiring.observe } : {}),
    ...(wiring.exports ? { exports: wiring.exports } : {}),
  };
  // The menu anyone sees until their role gives them their own (set per chat by the sender): once per start,
  // idempotent, and a failure only leaves the previous menu in place.
  void telegram
    .setMyCommands(defaultCommandMenu())
    .catch((error: unknown) => log.warn({ err: error }, 'telegram: the default command menu was not set'));
  const botInfo = await botInfoOf(telegram, state, log);
  const bot = createTelegramBot({ token, apiRoot: config.TELEGRAM_API_ROOT, botInfo }, deps);
  const intake = createIntake(bot);
  if (config.TELEGRAM_MODE === 'webhook') {
    registerTelegramWebhook(wiring.http, {
      secret: config.TELEGRAM_WEBHOOK_SECRET ?? '',
      handleUpdate: (update) => intake.handle(update),
      accepting: () => intake.accepting(),
      inProgress: (error) => error instanceof UpdateFailedError && error.reason instanceof UpdateInProgressError,
    });
    log.info({}, 'telegram: webhook mode, POST /telegram/webhook (the deploy step sets the webhook)');
  } else {
    intake.startPolling((error) => log.error({ err: error }, 'telegram polling failed'), log);
    log.info({}, 'telegram: long polling (one process per token)');
  }

  let stopping: Promise<void> | undefined;
  return {
    bot,
    intake,
    queue,
    state,
    sender,
    stop(budgetMs = STOP_BUDGET_MS) {
      stopping ??= (async () => {
        const started = Date.now();
        const left = () => Math.max(STOP_STEP_MIN_MS, budgetMs - (Date.now() - started));
        const finished = await intake.stop(left() / 2);
        if (!finished) log.warn({}, 'telegram: updates still in flight at stop');
        // The sender's round ends and its replies in the queue are marked sent before the stores close.
        await sender?.stop(left() - STOP_CLOSE_RESERVE_MS);
        const flushed = await queue.flush(left() - STOP_CLOSE_RESERVE_MS);
        if (!flushed) log.warn({ pending: queue.pending }, 'telegram: outgoing messages left unsent at stop');
        if (!wiring.state) await state.close();
        shared?.close();
      })();
      return stopping;
    },
  };
}

export interface TelegramRoleOptions {
  config: Config;
  http: FastifyInstance;
  log: BotLog;
  /** From infra/observability.ts: the metrics hook and the readiness checks. */
  observability?: {
    metrics: { timeUpdate: ObserveUpdate; trackSendQueueDepth(source: () => number): void; recordRateLimited(): void };
    addReadinessCheck(check: { name: string; required: boolean; check(): Promise<void> }): void;
  };
  /** The event store and read-model database when the app already opened them (PGlite allows one opener). */
  handles?: { store: EventStore; sql: SqlExecutor };
  /** The school calendar as configured (infra/schoolCalendar.ts), loaded once by the app. */
  calendar: SchoolCalendar;
}

/**
 * `schoolbot start` with a token and a bot role: opens (or reuses) the stores, builds the command service,
 * and starts Telegram. Call before the HTTP server listens (the webhook route must be registered first).
 */
export async function startTelegramRole(options: TelegramRoleOptions): Promise<{ stop(): Promise<void> } | undefined> {
  const { config, log } = options;
  if (!config.TELEGRAM_TOKEN || config.BOT_ROLE === 'worker') return undefined;
  const opened = options.handles
    ? undefined
    : await openStores(config, {
        applicationName: 'schoolbot-bot',
        onConnectionError: (error) => log.warn({ err: error }, 'postgresql dropped a connection under a transaction; it is discarded'),
      });
  const { store, sql } = options.handles ?? opened!;
  const clock = systemClock;
  const commands = createSchoolCommands({
    eventStore: store,
    clock,
    ids: randomIds,
    adminIds: config.ADMIN_TELEGRAM_IDS.map(String),
    policy: schoolPolicyOf(config, options.calendar),
  });
  const running = await startTelegram({
    config,
    http: options.http,
    commands,
    read: sqlReadModels(sql),
    exports: schoolExporter(sql, config.SCHOOL_TIMEZONE, options.calendar),
    history: historyQueryFor(store),
    clock,
    log,
    outbox: sqlOutboxQueue(sql),
    digestWriter: sqlOutboxWriter(sql),
    reopenWindowMs: schoolPolicyOf(config).reopenWindowMs,
    calendar: options.calendar,
    ...(options.observability
      ? { observe: options.observability.metrics.timeUpdate, queueMetrics: options.observability.metrics }
      : {}),
  });
  // The notification reaction runs beside the bot. Safe on every replica at once: its checkpoint row is locked
  // per batch, so an event is recorded once.
  const reactions = running
    ? telegramReactions(config, config.QUIET_HOURS === 'off' ? undefined : options.calendar).map((reaction) =>
        startReaction(reaction, { store, checkpoints: sqlCheckpointStore(sql), outboxFor: sqlOutboxWriter, clock, log }),
      )
    : [];
  if (running && config.REDIS_URL) {
    options.observability?.addReadinessCheck({
      name: 'redis',
      required: false,
      check: async () => {
        if (!(await running.state.ping())) throw new Error('redis does not answer');
      },
    });
  }
  return {
    async stop() {
      await Promise.all(reactions.map((reaction) => reaction.stop()));
      await running?.stop();
      await opened?.close();
    },
  };
}

/**
 * The notification and command-menu reactions for the worker (infra/worker.ts `reactions`): it records, the bot
 * sends. With the school calendar, notices that are not urgent wait for school time (quiet hours).
 */
export function telegramReactions(config: Pick<Config, 'TECH_CHAT_ID'> & Partial<Pick<Config, 'ADMIN_TELEGRAM_IDS'>>, calendar?: SchoolCalendar): Reaction[] {
  return [
    notificationsReaction(directoryPerBatch((tx) => staffDirectory(sqlReadModels(tx))), {
      techChat: config.TECH_CHAT_ID !== undefined,
      adminIds: (config.ADMIN_TELEGRAM_IDS ?? []).map(String),
      ...(calendar ? { calendar } : {}),
    }),
    commandMenuReaction(),
    repeatProblemsReaction(sqlRepeatWatch, (tx) => staffDirectory(sqlReadModels(tx)), calendar ? { calendar } : {}),
    ordersReaction(calendar ? { calendar } : {}),
  ];
}

/**
 * One directory per batch (the reaction's transaction), asking for each category's technicians once: a burst
 * of new tickets then costs one staff query per category, not one per ticket. The read model it asks is
 * updated by another projector and may lag a moment anyway, so a batch-long answer changes nothing.
 */
function directoryPerBatch(directoryFor: (tx: SqlQueryable) => NotificationDirectory): (tx: SqlQueryable) => NotificationDirectory {
  const perTransaction = new WeakMap<SqlQueryable, NotificationDirectory>();
  return (tx) => {
    let directory = perTransaction.get(tx);
    if (!directory) {
      const inner = directoryFor(tx);
      const technicians = new Map<string, Promise<string[]>>();
      directory = {
        ...inner,
        techniciansFor(category) {
          let found = technicians.get(category);
          if (!found) technicians.set(category, (found = inner.techniciansFor(category)));
          return found;
        },
      };
      perTransaction.set(tx, directory);
    }
    return directory;
  };
}
