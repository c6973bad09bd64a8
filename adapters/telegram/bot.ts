// The bot: telegraf parses updates; our pipeline measures each one (one point for metrics), claims it
// (update_id in the conversation store), serializes one chat's updates under a short lock, routes commands,
// button presses and wizard steps to the flows, and records what the flows said in the outbox before the
// update counts as handled (then it is sent, replies ahead of notices).
//
// Redelivery: a claim suppresses only an update that completed. While an attempt runs its claim is renewed;
// a redelivery meanwhile waits for it (same process) or fails with UpdateInProgressError (the webhook answers
// 503, Telegram tries again). A crashed attempt's claim lapses within CLAIM_LEASE_SECONDS, and the update is
// handled again: its commands and its replies are keyed by the update, so nothing happens twice.
import { Telegraf, type Context } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import { SCHEDULER, type Person } from '../../application/people.js';
import { StateUnavailableError, UPDATE_HANDLER_TIMEOUT_MS } from '../../application/ports/conversationState.js';
import { decodeCallback } from './callbackData.js';
import type { BotDependencies } from './dependencies.js';
import type { OutgoingMessage } from './sendQueue.js';
import { texts } from './texts.js';
import { commandIdFor, createTurn, DraftWrites } from './turnFactory.js';
import type { Flow, StepInput, Turn } from './turn.js';
import { allFlows } from './flows/index.js';

/** A claim lives this long unless renewed: after a crash, a redelivery is handled again this soon. */
const CLAIM_LEASE_SECONDS = 10;
/** How often a running update renews its claim (well inside the lease). */
const CLAIM_RENEW_MS = 3_000;
/** telegraf gives up waiting for one update's handler after this long (it does not cancel it). */
const HANDLER_TIMEOUT_MS = UPDATE_HANDLER_TIMEOUT_MS;
/** The step of an update's command id for marking its speaker reachable again. */
const REACHABLE_STEP = 'reachable';

export interface TelegramBot {
  readonly telegraf: Telegraf;
  handleUpdate(update: Update): Promise<void>;
  /** Updates being handled now (webhook or polling alike). */
  readonly inFlight: number;
  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

export interface BotOptions {
  token: string;
  apiRoot: string;
  botInfo: UserFromGetMe;
}

function labelsOf(update: Update): { kind: string; command?: string } {
  const kind = Object.keys(update).find((key) => key !== 'update_id') ?? 'other';
  const text = 'message' in update && update.message && 'text' in update.message ? update.message.text : undefined;
  const command = text?.startsWith('/') ? text.slice(1).split(/[\s@]/)[0] : undefined;
  return command ? { kind, command } : { kind };
}

/**
 * The update's id with its date (or, for a button press, the query's id): Telegram restarts update ids at
 * random after a week without updates, and a reply keyed by the id alone could collide with an old one.
 */
function updateKeyOf(update: Update): string {
  const payload = Object.values(update).find((value): value is object => typeof value === 'object' && value !== null);
  const stamp = payload && 'date' in payload ? String(payload.date) : payload && 'id' in payload ? String(payload.id) : '';
  return stamp ? `${update.update_id}:${stamp}` : String(update.update_id);
}

/** Commands the bot answers in a group (the others are for the private chat). */
const GROUP_COMMANDS: ReadonlySet<string> = new Set(['new']);

/** `/new@school_bot some words` → its name, the bot it is addressed to (if any), and the rest. */
function commandOf(text: string | undefined): { name: string; to: string | undefined; args: string } | undefined {
  const match = text?.startsWith('/') ? /^\/([a-z_]+)(?:@(\w+))?\s*([\s\S]*)$/i.exec(text) : null;
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase(), to: match[2]?.toLowerCase(), args: (match[3] ?? '').trim() };
}

function chatOf(ctx: Context): string | undefined {
  const id = ctx.chat?.id ?? ctx.from?.id;
  return id === undefined ? undefined : String(id);
}

export function createTelegramBot(options: BotOptions, deps: BotDependencies, flows: readonly Flow[] = allFlows): TelegramBot {
  const telegraf = new Telegraf(options.token, {
    telegram: { apiRoot: options.apiRoot, webhookReply: false },
    handlerTimeout: HANDLER_TIMEOUT_MS,
  });
  telegraf.botInfo = options.botInfo;
  const router = buildRouter(flows);

  // Failed updates, so the webhook can answer 500 and Telegram delivers them again (their claim was
  // released). In polling mode telegraf's own loop calls handleUpdate and only the log sees the failure.
  const failed = new WeakMap<object, unknown>();
  telegraf.catch((error, ctx) => {
    if (error instanceof UpdateInProgressError) deps.log.info({ updateId: ctx.update.update_id }, 'redelivered update is still being handled');
    else deps.log.error({ err: error, updateId: ctx.update.update_id }, 'telegram update failed');
    failed.set(ctx.update, error);
  });
  /** Updates this process is handling now, so a redelivery of one waits for it rather than failing. */
  const running = new Map<number, Promise<void>>();

  let inFlight = 0;
  const idleWaiters: Array<() => void> = [];
  telegraf.use(async (ctx, next) => {
    const observe = deps.observe ?? ((_labels, handle) => handle());
    inFlight += 1;
    try {
      await observe(labelsOf(ctx.update), () => handleOne(ctx, next));
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        for (const wake of idleWaiters.splice(0)) wake();
      }
    }
  });

  async function handleOne(ctx: Context, next: () => Promise<void>): Promise<void> {
    const updateId = ctx.update.update_id;
    const attempt = running.get(updateId);
    // Telegram gave up waiting and delivered it again while we are still at it: the same outcome answers both.
    if (attempt) return attempt;
    const handling = claimAndHandle(ctx, next);
    running.set(updateId, handling);
    try {
      await handling;
    } finally {
      running.delete(updateId);
    }
  }

  async function claimAndHandle(ctx: Context, next: () => Promise<void>): Promise<void> {
    const updateId = ctx.update.update_id;
    const claim = await deps.state.claim(updateId, CLAIM_LEASE_SECONDS).catch((error: unknown) => {
      // Without the store we cannot de-duplicate; commands and replies stay idempotent by the update's id.
      deps.log.warn({ err: error, updateId }, 'update de-duplication unavailable');
      return 'claimed' as const;
    });
    if (claim === 'done') {
      deps.log.info({ updateId }, 'redelivered update skipped');
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => {});
      return;
    }
    if (claim === 'running') throw new UpdateInProgressError(updateId);
    const renewal = setInterval(() => {
      deps.state.renew(updateId, CLAIM_LEASE_SECONDS).catch((error: unknown) => deps.log.warn({ err: error, updateId }, 'update claim not renewed'));
    }, CLAIM_RENEW_MS);
    renewal.unref();
    const chatId = chatOf(ctx);
    try {
      let started = false;
      const work = async () => {
        started = true;
        const said: OutgoingMessage[] = [];
        const drafts = new DraftWrites();
        await route(ctx, next, said, drafts);
        // Durable before the update counts as handled (and before the webhook answers 200).
        await record(ctx.update, said);
        // Only now does the conversation move on (see DraftWrites).
        await drafts.apply(deps.state);
      };
      try {
        await (chatId ? deps.state.withLock(`chat:${chatId}`, work) : work());
      } catch (error) {
        // The lock store is down (or a stuck holder outlived the wait): handle the update anyway; the event
        // store's expected revision still guards the state.
        if (!(error instanceof StateUnavailableError) || started) throw error;
        deps.log.warn({ err: error, updateId }, 'chat lock unavailable');
        await work();
      }
      await deps.state.complete(updateId).catch(() => {});
    } catch (error) {
      await deps.state.release(updateId).catch(() => {});
      if (error instanceof StateUnavailableError) {
        // The conversation store is down: the person is told to try again; a redelivery would not help.
        deps.log.warn({ err: error, updateId }, 'conversation state unavailable');
        if (chatId) void deps.outgoing.send({ chatId, text: texts.common.stateUnavailable }).catch(() => {});
        return;
      }
      if (chatId) void deps.outgoing.send({ chatId, text: texts.common.failed }).catch(() => {});
      throw error;
    } finally {
      clearInterval(renewal);
    }
  }

  /** What an update said: into the outbox (then sent), or, without one (unit tests), straight to the queue. */
  async function record(update: Update, said: OutgoingMessage[]): Promise<void> {
    if (said.length === 0) return;
    if (deps.replies) return deps.replies.record(updateKeyOf(update), said);
    for (const message of said) {
      void deps.outgoing.send(message).catch((error: unknown) => deps.log.warn({ err: error, chatId: message.chatId }, 'reply failed'));
    }
  }

  async function route(ctx: Context, next: () => Promise<void>, said: OutgoingMessage[], drafts: DraftWrites): Promise<void> {
    if (!ctx.from || ctx.from.is_bot) return next();
    const message = ctx.message;
    const text = message && 'text' in message ? message.text : message && 'caption' in message ? message.caption : undefined;
    const command = commandOf(text);
    // In a group the bot answers only the commands meant for groups (and addressed to it, when addressed at
    // all); the chatter there is not for it. Button presses are handled wherever they are.
    const inGroup = ctx.chat !== undefined && ctx.chat.type !== 'private';
    if (message && inGroup && !(command && GROUP_COMMANDS.has(command.name) && (!command.to || command.to === ctx.botInfo.username.toLowerCase()))) {
      return next();
    }
    // The speaker, read once for the whole update: every command the flows issue is issued as this Person.
    const speaker = await deps.school.person(String(ctx.from.id));
    const person = speaker.reachable || ctx.chat?.type !== 'private' ? speaker : await markReachable(ctx, speaker);
    const turn = createTurn(ctx, deps, person, said, drafts);
    if (ctx.callbackQuery) {
      // Answer at once, before any slow work, or Telegram shows the press as still pending.
      void ctx.answerCbQuery().catch(() => {});
      const data = 'data' in ctx.callbackQuery ? ctx.callbackQuery.data : undefined;
      const action = decodeCallback(data);
      const handler = action ? router.callbacks.get(action.verb) : undefined;
      if (!action || !handler) return turn.reply(texts.common.staleButton);
      return handler(turn, action.args);
    }
    if (!message) return next();
    if (command) {
      const handler = router.commands.get(command.name);
      if (!handler) return turn.reply(texts.common.unknown);
      return handler(turn, command.args);
    }
    const photo = 'photo' in message ? message.photo.at(-1) : undefined;
    const input: StepInput = {
      ...(text !== undefined ? { text } : {}),
      ...(photo ? { photo: { fileId: photo.file_id, fileUniqueId: photo.file_unique_id } } : {}),
    };
    const draft = await turn.draft();
    const step = draft ? router.steps.get(draft.flow) : undefined;
    if (draft && step) return step(turn, draft, input);
    return router.fallback(turn, input);
  }

  /**
   * They had blocked the bot (Telegram answered 403, so reminders stopped) and now write to it in private
   * again: they are reachable. Once per unreachable spell (the next update finds them reachable), idempotent
   * by the update's id; a failure here only leaves them unreachable until their next update.
   */
  async function markReachable(ctx: Context, person: Person): Promise<Person> {
    const request = { commandId: commandIdFor(ctx.update.update_id, String(ctx.chat?.id), REACHABLE_STEP), source: 'telegram' as const };
    try {
      const result = await deps.school.markReachable(SCHEDULER, { telegramId: person.telegramId }, request);
      if (result.ok) return { ...person, reachable: true };
      deps.log.warn({ refusal: result.refusal, telegramId: person.telegramId }, 'could not mark a person reachable');
    } catch (error) {
      deps.log.warn({ err: error, telegramId: person.telegramId }, 'could not mark a person reachable');
    }
    return person;
  }

  return {
    telegraf,
    async handleUpdate(update) {
      await telegraf.handleUpdate(update);
      if (failed.has(update)) throw new UpdateFailedError(update.update_id, failed.get(update));
    },
    get inFlight() {
      return inFlight;
    },
    idle(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idleWaiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}

/** Another attempt at this update is running (or crashed moments ago and its claim has not lapsed yet). */
export class UpdateInProgressError extends Error {
  constructor(readonly updateId: number) {
    super(`update ${updateId} is being handled by another attempt`);
    this.name = 'UpdateInProgressError';
  }
}

export class UpdateFailedError extends Error {
  constructor(
    readonly updateId: number,
    readonly reason: unknown,
  ) {
    super(`update ${updateId} failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'UpdateFailedError';
  }
}

interface Router {
  commands: Map<string, NonNullable<Flow['commands']>[string]>;
  callbacks: Map<string, (turn: Turn, args: string[]) => Promise<void>>;
  steps: Map<string, NonNullable<Flow['steps']>[string]>;
  fallback(turn: Turn, input: StepInput): Promise<void>;
}

function buildRouter(flows: readonly Flow[]): Router {
  const router: Router = {
    commands: new Map(),
    callbacks: new Map(),
    steps: new Map(),
    fallback: (turn) => Promise.resolve(turn.reply(turn.person.status === 'none' ? texts.common.notRegistered : texts.common.unknown)),
  };
  for (const flow of flows) {
    for (const [name, handler] of Object.entries(flow.commands ?? {})) router.commands.set(name, handler);
    for (const [verb, handler] of Object.entries(flow.callbacks ?? {})) if (handler) router.callbacks.set(verb, handler);
    for (const [name, handler] of Object.entries(flow.steps ?? {})) router.steps.set(name, handler);
    if (flow.fallback) router.fallback = flow.fallback;
  }
  return router;
}
