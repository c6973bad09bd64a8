// The whole bot for end-to-end tests: event store and read models on PGlite or a fresh PostgreSQL database,
// the command service, the worker (projections, deadline watcher, notification reaction), the Telegram
// wiring in webhook mode behind fastify, and the fake Bot API. Updates go in through POST /telegram/webhook.
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import type { ConversationState } from '../../application/ports/conversationState.js';
import type { ReadModels } from '../../application/ports/readModels.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { randomIds } from '../../application/ports/ids.js';
import { createSchoolCommands, type SchoolCommands } from '../../application/commands/schoolCommands.js';
import { SCHEDULER, type Person } from '../../application/people.js';
import { notificationsReaction, staffDirectory } from '../../application/reactions/notifications.js';
import { ordersReaction } from '../../application/reactions/orders.js';
import { commandMenuReaction } from '../../application/reactions/commandMenu.js';
import { historyQueryFor } from '../../application/history.js';
import { createSqlEventStore } from '../../adapters/eventstore/sqlEventStore.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../../adapters/postgres/readModels/outbox.js';
import { createInProcessConversationState } from '../../adapters/memory/conversationState.js';
import { createPgExecutor } from '../../adapters/sql/pgExecutor.js';
import { domainEventSchemas } from '../../domain/events.js';
import { defaultPolicy } from '../../domain/shared/policy.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { soleLeaderLock } from '../../adapters/memory/soleLeaderLock.js';
import { startTelegram, type RunningTelegram } from '../../infra/telegram.js';
import { startWorker, type RunningWorker } from '../../infra/worker.js';
import { loadConfig } from '../../infra/config.js';
import { schoolExporter } from '../../infra/exporter.js';
import { FakeTelegram } from './fakeTelegram.js';
import { createMigratedPglite, createMigratedTestDatabase } from './migrated.js';
import { requirePostgres } from './tools.js';
import { repeatProblemsReaction } from '../../application/reactions/repeatProblems.js';
import { sqlRepeatWatch } from '../../adapters/postgres/readModels/repeatWatch.js';

export type StoreKind = 'pglite' | 'postgres';
/** Both, or only PGlite when the test PostgreSQL does not answer (recorded for the run's summary line). */
export const BOTH_STORE_KINDS: readonly StoreKind[] = requirePostgres() === undefined ? ['pglite', 'postgres'] : ['pglite'];
/**
 * The one store a feature's end-to-end spec runs on: PostgreSQL when it answers, else PGlite. The stores are
 * proved equal by the contract suite (tests/contract/), so running every feature on both doubled the suite's
 * time and proved little; the specs that keep BOTH_STORE_KINDS (ticketLife, find) say why.
 */
export const STORE_KINDS: readonly StoreKind[] = [BOTH_STORE_KINDS.at(-1)!];
export const TOKEN = '123456789:TEST-token-for-the-fake-bot-api';
export const SECRET = 'webhook-secret-for-tests';
export const ADMIN = '1000';

export class ControlledClock {
  constructor(private current: number) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current += ms;
  }
  set(iso: string) {
    this.current = Date.parse(iso);
  }
}

export interface HarnessOptions {
  kind: StoreKind;
  state?: ConversationState;
  startAt?: string;
  techChatId?: number;
  techChatTopics?: string;
  /** Spacing of the outgoing queue; tests use short ones so a whole day fits in seconds. */
  perChatMs?: number;
  mode?: 'webhook' | 'polling';
  /** Runs auto-close in the worker (resolved tickets close AUTO_CLOSE_DAYS later, by the default policy). */
  autoClose?: boolean;
  /** The school calendar for the bot, the worker and the domain; default: every moment is school time. */
  calendar?: SchoolCalendar;
  /** Runs the waiting-on-the-author watcher (reminder, then close), with these school days (default 3 and 5). */
  waitingOnAuthor?: { remindDays?: number; closeDays?: number };
  /** Runs the escalation ladder (the SLA watcher) in the worker, by the default SLA targets. */
  escalation?: boolean;
  /** Runs the recurring orders' scheduler (its reaction keeps /repeat's list too). */
  recurrences?: boolean;
  /** Requests for access are gathered in windows this long on the test clock (default 0: each is due at once). */
  accessRequestWindowMs?: number;
}

export interface Harness {
  fake: FakeTelegram;
  http: FastifyInstance;
  clock: ControlledClock;
  commands: SchoolCommands;
  /** Who `telegramId` is now, to issue commands as them (as an update would). */
  as(telegramId: string): Promise<Person>;
  read: ReadModels;
  store: EventStore;
  sql: SqlExecutor;
  telegram: RunningTelegram;
  worker: RunningWorker;
  /** POSTs an update to the webhook and returns the HTTP status. */
  post(update: Update, secret?: string): Promise<number>;
  /** A text message from a person in their private chat. */
  say(userId: string, text: string, extra?: Record<string, unknown>): Promise<number>;
  photo(userId: string, fileId: string, caption?: string): Promise<number>;
  press(userId: string, data: string, chatId?: string): Promise<number>;
  /** Waits until a message matching `pattern` reached `chatId` (after the first `after` ones); returns its text. */
  expectText(chatId: string, pattern: RegExp, options?: { timeoutMs?: number; after?: number }): Promise<string>;
  eventually<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs?: number): Promise<T>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

let nextUpdateId = 1;
const stamp = () => Math.floor(Date.now() / 1000);

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  let sql: SqlExecutor;
  let drop = async () => {};
  if (options.kind === 'pglite') {
    const database = await createMigratedPglite();
    sql = database.sql;
    drop = () => database.close();
  } else {
    const database = await createMigratedTestDatabase('sbbot');
    sql = createPgExecutor({ connectionString: database.url, maxConnections: 8 });
    drop = () => database.drop();
  }
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas, pollIntervalMs: 100 });
  const clock = new ControlledClock(Date.parse(options.startAt ?? '2026-11-24T07:00:00Z'));
  const calendar = options.calendar ?? defaultPolicy.calendar;
  const policy = {
    ...defaultPolicy,
    calendar,
    waitingRemindDays: options.waitingOnAuthor?.remindDays ?? defaultPolicy.waitingRemindDays,
    waitingCloseDays: options.waitingOnAuthor?.closeDays ?? defaultPolicy.waitingCloseDays,
  };
  const commands = createSchoolCommands({ eventStore: store, clock, ids: randomIds, adminIds: [ADMIN], policy });
  const read = sqlReadModels(sql);
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const worker = startWorker({
    store,
    sql,
    clock,
    log: quiet,
    lock: soleLeaderLock,
    calendar,
    markDeadlineMissed: (due, commandId) => commands.markDeadlineMissed(SCHEDULER, { number: due.taskNumber }, { commandId }),
    ...(options.escalation
      ? {
          escalation: {
            policy,
            escalateTicket: (item, commandId) => commands.escalateTicket(SCHEDULER, item, { commandId, source: 'scheduler' }),
            escalateTask: (item, commandId) => commands.escalateTask(SCHEDULER, item, { commandId, source: 'scheduler' }),
          },
        }
      : {}),
    ...(options.autoClose
      ? {
          autoClose: {
            afterMs: defaultPolicy.autoCloseAfterMs,
            close: (ticket, commandId) => commands.autoCloseTicket(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' }),
          },
        }
      : {}),
    ...(options.waitingOnAuthor
      ? {
          waitingOnAuthor: {
            policy,
            remind: (ticket, commandId) => commands.remindTicketAuthor(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' }),
            close: (ticket, commandId) => commands.closeUnansweredTicket(SCHEDULER, { number: ticket.ticketNumber }, { commandId, source: 'scheduler' }),
          },
        }
      : {}),
    ...(options.recurrences ? { issueRecurrence: (recurrenceId: string) => commands.issueDueOccurrences(SCHEDULER, { recurrenceId }) } : {}),
    reactions: [
      notificationsReaction((tx) => staffDirectory(sqlReadModels(tx)), { techChat: options.techChatId !== undefined, calendar, adminIds: [ADMIN], accessRequestWindowMs: options.accessRequestWindowMs ?? 0 }),
      commandMenuReaction(),
      repeatProblemsReaction(sqlRepeatWatch, (tx) => staffDirectory(sqlReadModels(tx)), { calendar }),
      ordersReaction({ calendar }),
    ],
    deadlineCheckMs: 200,
    retryDelayMs: 200,
  });
  const fake = new FakeTelegram();
  const apiRoot = await fake.start();
  const http = createHttpServer({ logLevel: 'silent', logger: false });
  const perChat = options.perChatMs ?? 20;
  const telegram = await startTelegram({
    config: {
      TELEGRAM_TOKEN: TOKEN,
      TELEGRAM_MODE: options.mode ?? 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: apiRoot,
      ADMIN_TELEGRAM_IDS: [Number(ADMIN)],
      REDIS_URL: undefined,
      SCHOOL_TIMEZONE: 'Europe/Moscow',
      TECH_CHAT_ID: options.techChatId,
      TECH_CHAT_TOPICS: loadConfig({ TECH_CHAT_TOPICS: options.techChatTopics }).TECH_CHAT_TOPICS,
      BOT_INSTANCE_ID: 'test',
      DIGEST_TIME: { hour: 8, minute: 0 },
    },
    reopenWindowMs: defaultPolicy.reopenWindowMs,
    calendar,
    http,
    commands,
    read,
    history: historyQueryFor(store),
    clock,
    log: quiet,
    outbox: sqlOutboxQueue(sql),
    digestWriter: sqlOutboxWriter(sql),
    state: options.state ?? createInProcessConversationState(),
    queueOptions: { privateIntervalMs: perChat, groupIntervalMs: perChat * 3, backoffMs: 50 },
    senderOptions: { pollMs: 100, leaseMs: 5_000, noticeSpacingMs: 300 },
    exports: schoolExporter(sql, 'Europe/Moscow', calendar),
  });
  if (!telegram) throw new Error('telegram did not start');
  await http.ready();

  const post = async (update: Update, secret = SECRET) => {
    const response = await http.inject({
      method: 'POST',
      url: '/telegram/webhook',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      payload: JSON.stringify(update),
    });
    return response.statusCode;
  };
  const from = (userId: string) => ({ id: Number(userId), is_bot: false, first_name: `User${userId}`, username: `user${userId}` });
  const chat = (userId: string) => ({ id: Number(userId), type: 'private' as const, first_name: `User${userId}` });
  const eventually = async <T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    fake,
    http,
    clock,
    commands,
    as: commands.person,
    read,
    store,
    sql,
    telegram,
    worker,
    post,
    say: (userId, text, extra = {}) =>
      post({
        update_id: nextUpdateId++,
        message: { message_id: nextUpdateId, date: stamp(), chat: chat(userId), from: from(userId), text, ...extra },
      } as unknown as Update),
    photo: (userId, fileId, caption) =>
      post({
        update_id: nextUpdateId++,
        message: {
          message_id: nextUpdateId,
          date: stamp(),
          chat: chat(userId),
          from: from(userId),
          photo: [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 800, height: 600 }],
          ...(caption ? { caption } : {}),
        },
      } as unknown as Update),
    press: (userId, data, chatId = userId) =>
      post({
        update_id: nextUpdateId++,
        callback_query: {
          id: `cb${nextUpdateId}`,
          from: from(userId),
          chat_instance: 'ci',
          data,
          message: { message_id: 1, date: stamp(), chat: chat(chatId), text: 'card' },
        },
      } as unknown as Update),
    async expectText(chatId, pattern, { timeoutMs = 20_000, after = 0 } = {}) {
      const find = () => fake.textsTo(chatId).slice(after).find((text) => pattern.test(text));
      await fake.waitFor(() => find() !== undefined, timeoutMs, `a message to ${chatId} matching ${String(pattern)}`).catch(() => {
        throw new Error(`no message to ${chatId} matched ${String(pattern)}; got:\n${fake.textsTo(chatId).join('\n---\n')}`);
      });
      return find()!;
    },
    eventually,
    async eventCount() {
      const result = await sql.query<{ count: string }>('SELECT count(*)::text AS count FROM es_events');
      return Number(result.rows[0]?.count ?? 0);
    },
    async close() {
      await telegram.stop(3_000);
      await worker.stop();
      await http.close();
      await fake.stop();
      await store.close();
      await sql.close();
      await drop();
    },
  };
}
