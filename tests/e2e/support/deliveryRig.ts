// The pieces of the crash-delivery tests: real `schoolbot start` processes (killed with SIGKILL and started
// again on the same port), staff seeded into the database before they start, a webhook client that delivers
// like Telegram (an update that got no 200 — an error status, or a connection reset by the kill — is
// delivered again with a short backoff until it gets one), and readers of what came out: the tickets in the
// event log and the messages at the fake Bot API.
import { spawn, type ChildProcess } from 'node:child_process';
import type { SqlExecutor, SqlQueryable } from '../../../application/ports/sql.js';
import { systemClock } from '../../../application/ports/clock.js';
import { randomIds } from '../../../application/ports/ids.js';
import { createSchoolCommands } from '../../../application/commands/schoolCommands.js';
import { createSqlEventStore } from '../../../adapters/eventstore/sqlEventStore.js';
import { migrations } from '../../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../../adapters/postgres/migrations/runner.js';
import { sqlCheckpointStore } from '../../../adapters/postgres/readModels/checkpointStore.js';
import { domainEventSchemas } from '../../../domain/events.js';
import { allProjectors } from '../../../projections/index.js';
import { rebuildProjections } from '../../../projections/rebuild.js';
import type { FakeTelegram } from '../../support/fakeTelegram.js';
import { repoRoot, waitFor } from '../../ops/support.js';
import { schoolbotArgs } from '../../support/compiledCli.js';

export const TOKEN = '424242:crash-token-abcdefghijklmnopqrstuvw';
export const SECRET = 'crash_webhook_secret';
export const ADMIN = '1';

// ---------------------------------------------------------------------------------------------------------
// Processes

export interface AppProcess {
  readonly name: string;
  readonly port: number;
  child: ChildProcess;
  output(): string;
  /** Resolves when /healthz answers 200. */
  healthy(timeoutMs?: number): Promise<void>;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (an orderly stop: in-flight updates finish, the queue flushes), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** Starts the same command again with the same environment and port (after a kill). */
  restart(): AppProcess;
}

/** `schoolbot start --role <role>` in its own process (compiled once per run: tests/support/compiledCli.ts). */
export function startApp(name: string, role: 'bot' | 'worker' | 'all', env: NodeJS.ProcessEnv, port: number): AppProcess {
  const child = spawn(process.execPath, schoolbotArgs('start', '--role', role), {
    cwd: repoRoot,
    env: { ...env, HTTP_PORT: String(port), BOT_INSTANCE_ID: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-12_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const app: AppProcess = {
    name,
    port,
    child,
    output: () => output,
    async healthy(timeoutMs = 90_000) {
      await waitFor(
        async () => {
          if (!running()) throw new Error(`${name} exited (${String(child.exitCode ?? child.signalCode)}):\n${output}`);
          return fetch(`http://127.0.0.1:${port}/healthz`).then(
            (response) => response.ok,
            () => false,
          );
        },
        timeoutMs,
        `${name} to be healthy:\n${output}`,
      );
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 20_000) {
      if (!running()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    restart: () => startApp(name, role, env, port),
  };
  return app;
}

/** The environment every process of a test shares (the store's part is added by the caller). */
export function baseEnv(apiRoot: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    TELEGRAM_TOKEN: TOKEN,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: apiRoot,
    ADMIN_TELEGRAM_IDS: ADMIN,
    // The processes run on the wall clock: notices must not wait for a school morning.
    QUIET_HOURS: 'off',
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Staff, seeded before the processes start

export interface Staff {
  teachers: string[];
  technicians: string[];
  /** Managers (who may give tasks); none unless given. */
  deputies?: string[];
}

/**
 * Migrates `sql`, registers and approves the teachers, technicians and deputies (technicians with no categories hear
 * about every ticket), and builds the read models, so the staff read model already knows the technicians
 * when the first ticket's notice is decided.
 */
export async function seedStaff(sql: SqlExecutor, staff: Staff): Promise<void> {
  await runMigrations(sql, migrations);
  const store = createSqlEventStore(sql, { schemas: domainEventSchemas });
  try {
    const commands = createSchoolCommands({ eventStore: store, clock: systemClock, ids: randomIds, adminIds: [ADMIN] });
    const admin = await commands.person(ADMIN);
    const ok = (what: string, result: { ok: boolean }) => {
      if (!result.ok) throw new Error(`seeding: ${what} was refused: ${JSON.stringify(result)}`);
    };
    ok('admin registration', await commands.register(admin, { fullName: 'Админ Главный' }, {}));
    for (const [ids, role] of [
      [staff.teachers, 'teacher'],
      [staff.technicians, 'technician'],
      [staff.deputies ?? [], 'deputy'],
    ] as const) {
      for (const id of ids) {
        ok(`registration of ${id}`, await commands.register(await commands.person(id), { fullName: `Сотрудник ${id} Тестович` }, {}));
        ok(`approval of ${id}`, await commands.approveStaff(admin, { telegramId: id, role, categories: [] }, {}));
      }
    }
    await rebuildProjections({ store, sql, checkpoints: sqlCheckpointStore(sql), projectors: allProjectors });
  } finally {
    await store.close();
  }
}

export const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

// ---------------------------------------------------------------------------------------------------------
// Updates and their delivery

export interface TextUpdate {
  update_id: number;
  message: {
    message_id: number;
    date: number;
    chat: { id: number; type: 'private'; first_name: string };
    from: { id: number; is_bot: false; first_name: string };
    text: string;
    entities?: Array<{ type: 'bot_command'; offset: number; length: number }>;
  };
}

export function textUpdate(updateId: number, userId: string, text: string): TextUpdate {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(userId), type: 'private', first_name: `U${userId}` },
      from: { id: Number(userId), is_bot: false, first_name: `U${userId}` },
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  };
}

/** One delivery attempt's outcome: the HTTP status, or `reset` (no answer: refused, reset, timed out). */
export type Attempt = number | 'reset';

/** Telegram counts any 2xx as delivered. */
export const delivered = (attempt: Attempt | undefined) => typeof attempt === 'number' && attempt >= 200 && attempt < 300;

export interface DeliveryOptions {
  /** Give up (reject) when no attempt got a 200 within this long of the first. */
  deadlineMs?: number;
  /** One attempt waits this long for an answer (Telegram's own timeout is longer; ours keeps tests short). */
  attemptTimeoutMs?: number;
  /** Told after each attempt. */
  onAttempt?(update: { update_id: number }, attempt: Attempt): void;
}

/** Telegram's side of the webhook: delivers one update again and again until it gets a 2xx. */
export class WebhookDeliverer {
  /** Every attempt per update_id, in order. */
  readonly attempts = new Map<number, Attempt[]>();
  /** Attempts sent and not yet answered. */
  inFlight = 0;

  constructor(
    private readonly url: () => string,
    private readonly secret = SECRET,
  ) {}

  async deliver(update: { update_id: number }, options: DeliveryOptions = {}): Promise<Attempt[]> {
    const deadline = Date.now() + (options.deadlineMs ?? 60_000);
    const log = this.attempts.get(update.update_id) ?? [];
    this.attempts.set(update.update_id, log);
    const body = JSON.stringify(update);
    for (let n = 0; ; n += 1) {
      let attempt: Attempt;
      this.inFlight += 1;
      try {
        const response = await fetch(this.url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': this.secret },
          body,
          signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 20_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        attempt = response.status;
      } catch {
        attempt = 'reset';
      } finally {
        this.inFlight -= 1;
      }
      log.push(attempt);
      options.onAttempt?.(update, attempt);
      if (delivered(attempt)) return log;
      if (Date.now() > deadline) {
        throw new Error(`update ${update.update_id} got no 200 within the deadline; attempts: ${log.join(', ')}`);
      }
      // Telegram backs off between deliveries; a short one keeps the test quick.
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** n, 1_000)));
    }
  }

  /** Updates whose first attempt did not get a 200 (they were redelivered). */
  redelivered(): number[] {
    return [...this.attempts].filter(([, log]) => !delivered(log[0])).map(([id]) => id);
  }

  /** A short account of the attempts for failure messages: "update 5012: reset, 503, 200". */
  describe(only?: readonly number[]): string {
    const rows = [...this.attempts].filter(([id]) => !only || only.includes(id));
    return rows.map(([id, log]) => `update ${id}: ${log.join(', ')}`).join('\n');
  }
}

/**
 * Delivers `updates` with at most `concurrency` attempts chains at once (Telegram keeps several connections
 * to one webhook); each is delivered until it gets a 200. `onOk` is told after every 200, synchronously, so a
 * test can kill a process at an exact point of the storm.
 */
export async function storm(
  deliverer: WebhookDeliverer,
  updates: readonly { update_id: number }[],
  concurrency: number,
  options: DeliveryOptions & { onOk?(answered: number): void } = {},
): Promise<void> {
  let next = 0;
  let answered = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < updates.length) {
        const update = updates[next++]!;
        try {
          await deliverer.deliver(update, options);
          answered += 1;
          options.onOk?.(answered);
        } catch (error) {
          failures.push(error);
        }
      }
    }),
  );
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} updates got no 200:\n${failures.map(String).join('\n')}`);
}

// ---------------------------------------------------------------------------------------------------------
// What came out

export interface OpenedTicket {
  number: number;
  authorId: string;
  description: string;
}

/** Every TicketOpened in the log (the source of truth; a duplicate would show up here as two numbers). */
export async function openedTickets(sql: SqlQueryable): Promise<OpenedTicket[]> {
  const rows = await sql.query<{ number: string; author: string; description: string }>(
    `SELECT data->>'number' AS number, data->>'authorId' AS author, data->>'description' AS description
       FROM es_events WHERE type = 'TicketOpened' ORDER BY (data->>'number')::int`,
  );
  return rows.rows.map((row) => ({ number: Number(row.number), authorId: row.author, description: row.description }));
}

/** Tags whose ticket was opened other than exactly once, with the count (an empty object is good). */
export function ticketsPerTag(tickets: readonly OpenedTicket[], tags: readonly string[]): Record<string, number> {
  const wrong: Record<string, number> = {};
  for (const tag of tags) {
    const count = tickets.filter((ticket) => ticket.description.includes(tag)).length;
    if (count !== 1) wrong[tag] = count;
  }
  return wrong;
}

const numbersIn = (text: string) => [...text.matchAll(/№\s?(\d+)/g)].map((match) => Number(match[1]));

/** Successful sendMessage calls to a chat. */
export const sentTo = (telegram: FakeTelegram, chatId: string) =>
  telegram.successful('sendMessage', chatId).map((call) => String(call.payload.text ?? ''));

/** How many "…№N принята…" messages reached each author for each of their tickets. */
export function acceptedReplies(telegram: FakeTelegram, tickets: readonly OpenedTicket[]): Map<number, number> {
  const counts = new Map<number, number>(tickets.map((ticket) => [ticket.number, 0]));
  for (const author of new Set(tickets.map((ticket) => ticket.authorId))) {
    for (const text of sentTo(telegram, author)) {
      if (!text.includes('принята')) continue;
      for (const number of numbersIn(text)) counts.set(number, (counts.get(number) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The at-least-once window, read from the outbox of a dead bot: the "принята" replies Telegram had already
 * accepted but the bot had not yet marked sent. These (and only these) may arrive twice after the restart.
 */
export async function repliesInTheWindow(sql: SqlQueryable, telegram: FakeTelegram): Promise<number[]> {
  const rows = await sql.query<{ recipient: string; payload: unknown }>(
    `SELECT recipient, payload FROM notification_outbox WHERE kind = 'reply' AND sent_at IS NULL AND dropped_at IS NULL`,
  );
  const numbers: number[] = [];
  for (const row of rows.rows) {
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as { text: string };
    if (payload.text.includes('принята') && sentTo(telegram, row.recipient).includes(payload.text)) numbers.push(...numbersIn(payload.text));
  }
  return numbers;
}

/** Replies counted other than exactly once, as "№N×count" (an empty list is good). */
export function repliesNotOnce(telegram: FakeTelegram, tickets: readonly OpenedTicket[], except: readonly number[] = []): string[] {
  return [...acceptedReplies(telegram, tickets)]
    .filter(([number, count]) => count !== 1 && !except.includes(number))
    .map(([number, count]) => `№${number}×${count}`);
}

/**
 * Tickets missing from a technician's messages (sent or edited; several tickets may share one merged
 * message), per technician with any missing.
 */
export function missingNotices(telegram: FakeTelegram, technicians: readonly string[], numbers: readonly number[]): Record<string, number[]> {
  const missing: Record<string, number[]> = {};
  for (const technician of technicians) {
    const seen = new Set(telegram.textsTo(technician).flatMap(numbersIn));
    const absent = numbers.filter((number) => !seen.has(number));
    if (absent.length > 0) missing[technician] = absent;
  }
  return missing;
}

/** Polls `probe` until true or the deadline; true when it held (the caller asserts the details softly). */
export async function settles(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
