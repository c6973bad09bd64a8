// The one outgoing queue. Telegram allows about 30 messages a second per bot, one a second per chat and
// twenty a minute per group; over that it answers 429 with retry_after. Each chat has two FIFOs (so a
// person's messages arrive in order within a lane): replies to the person's own action go before notices
// about other people's, in that chat and across chats (the chats with a reply waiting are served first from
// the one global budget, a sliding one-second window). A 429 pauses that chat for retry_after, a 5xx backs off and retries, and a
// 403 marks the person unreachable instead of failing. An album of N photos counts as N messages, in the
// global budget and in its chat's spacing (messageParts.ts turns a message into the calls that carry it).
//
// With several bot replicas the budget is shared through Redis (`shared`, adapters/redis/sharedRateLimit.ts);
// the local limits hold as well, and alone when Redis is absent or down.
import { partsOf, partWeight } from './messageParts.js';
import type { SharedRateLimit } from '../../application/ports/sharedRateLimit.js';

/**
 * The global budget's window: a second, plus a margin for the network, since Telegram counts arrivals and
 * two requests that left a second apart may arrive a few milliseconds closer.
 */
const BUDGET_WINDOW_MS = 1_050;

export interface InlineButton {
  text: string;
  data: string;
}

/** reply: answers the person's own action (goes first); notice: news of somebody else's action. */
export type SendLane = 'reply' | 'notice';

export interface OutgoingMessage {
  chatId: string;
  /** Default: reply. */
  lane?: SendLane;
  /** Forum topic in a group (message_thread_id). */
  threadId?: number;
  text: string;
  keyboard?: InlineButton[][];
  photo?: { png: Uint8Array; filename: string } | { fileId: string };
  /** Replace this earlier message's text and buttons instead of sending a new one. */
  editMessageId?: number;
  /** Photos by Telegram file_id: one is sent as a photo, several as an album (then the text with its buttons). */
  photos?: { fileId: string }[];
  /** The message edited (editMessageId) is a photo: its caption is replaced, not its text. */
  editCaption?: boolean;
  /** A file sent as a document (sendDocument): the text is its caption when it fits, else a message after it. */
  document?: OutgoingDocument;
}

/** A generated file to send as a document (an export); Telegram takes up to 50 MB from a bot. */
export interface OutgoingDocument {
  bytes: Uint8Array;
  filename: string;
}

/** One API call: a message after splitting. */
export interface OutgoingPart {
  chatId: string;
  threadId?: number;
  text: string;
  keyboard?: InlineButton[][];
  photo?: OutgoingMessage['photo'];
  editMessageId?: number;
  /** An album (sendMediaGroup, 2–10 photos by file_id); `text` is the first photo's caption, if any. */
  album?: readonly { fileId: string }[];
  editCaption?: boolean;
  /** sendDocument with this file; `text` is its caption. */
  document?: OutgoingDocument;
}

export class SendError extends Error {
  constructor(
    readonly kind: 'rate_limited' | 'blocked' | 'server' | 'bad_request',
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export type Delivery = { status: 'sent'; messageIds: number[] } | { status: 'unreachable' } | { status: 'failed'; error: string };

export interface SendQueueOptions {
  /** Performs one API call and returns the message id; throws SendError. */
  deliver(part: OutgoingPart): Promise<number>;
  /** Told once when a person blocked the bot (403). */
  onUnreachable?(chatId: string): Promise<void>;
  onError?(error: unknown, part: OutgoingPart): void;
  /** Told at every 429 (metrics); the queue itself waits out retry_after. */
  onRateLimited?(chatId: string): void;
  /** With several replicas: the shared budget (when it cannot be reached, the local limits still hold). */
  shared?: SharedRateLimit;
  /** The most messages in any one second, all chats together (a small burst plus a steady refill). */
  globalPerSecond?: number;
  privateIntervalMs?: number;
  groupIntervalMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  now?: () => number;
}

interface Job {
  part: OutgoingPart;
  attempts: number;
  done(result: { ok: true; id: number } | { ok: false; delivery: Delivery }): void;
}

interface ChatQueue {
  replies: Job[];
  notices: Job[];
  nextAt: number;
  running: boolean;
}

const waiting = (chat: ChatQueue) => chat.replies.length + chat.notices.length;

export class SendQueue {
  private readonly chats = new Map<string, ChatQueue>();
  private readonly options: Required<Omit<SendQueueOptions, 'onUnreachable' | 'onError' | 'onRateLimited' | 'shared'>> & SendQueueOptions;
  /**
   * When the last globalPerSecond messages left, oldest first: a sliding window, so no one second ever carries
   * more than globalPerSecond (a token bucket allows its burst plus a second's refill) and the whole budget
   * stays usable.
   */
  private readonly recentSends: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(options: SendQueueOptions) {
    this.options = {
      globalPerSecond: 30,
      privateIntervalMs: 1_000,
      groupIntervalMs: 3_000,
      maxAttempts: 5,
      backoffMs: 500,
      now: Date.now,
      ...options,
    };
  }

  /** Queues a message (split as needed); resolves when every part was delivered or given up. */
  send(message: OutgoingMessage): Promise<Delivery> {
    const parts = partsOf(message);
    const chat = this.chatQueue(message.chatId);
    const lane = message.lane === 'notice' ? chat.notices : chat.replies;
    const results = parts.map(
      (part) => new Promise<{ ok: true; id: number } | { ok: false; delivery: Delivery }>((done) => lane.push({ part, attempts: 0, done })),
    );
    this.pump();
    return Promise.all(results).then((outcomes) => {
      const failed = outcomes.find((o) => !o.ok);
      if (failed && !failed.ok) return failed.delivery;
      return { status: 'sent', messageIds: outcomes.map((o) => (o.ok ? o.id : 0)) };
    });
  }

  /** Messages waiting or in flight. */
  get pending(): number {
    let count = 0;
    for (const chat of this.chats.values()) count += waiting(chat) + (chat.running ? 1 : 0);
    return count;
  }

  /** Resolves when the queue is empty, or after `timeoutMs` (shutdown is bounded). */
  async flush(timeoutMs = 5_000): Promise<boolean> {
    if (this.pending === 0) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private chatQueue(chatId: string): ChatQueue {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { replies: [], notices: [], nextAt: 0, running: false };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  /**
   * A slot in the global budget now, or the moment the next one frees up. Read the clock here, not at the start
   * of the pump: on a busy machine the pump's loop takes milliseconds, and a stale time would let a window
   * overfill.
   */
  private takeSlot(weight = 1): true | number {
    const now = this.options.now();
    const budget = this.options.globalPerSecond;
    // An album of N photos counts as N messages (never more than the whole budget, or it could never leave).
    const needed = Math.min(weight, budget);
    while (this.recentSends.length > 0 && now - this.recentSends[0]! >= BUDGET_WINDOW_MS) this.recentSends.shift();
    const over = this.recentSends.length + needed - budget;
    if (over > 0) return this.recentSends[over - 1]! + BUDGET_WINDOW_MS;
    for (let i = 0; i < needed; i += 1) this.recentSends.push(now);
    return true;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.options.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    // Two passes over the chats: first those with a reply waiting, then those with notices only, so a reply
    // anywhere takes the next slot of the global budget before any notice does.
    const ready: Array<[string, ChatQueue]> = [];
    const noticesOnly: Array<[string, ChatQueue]> = [];
    for (const [chatId, chat] of this.chats) {
      if (chat.running) continue;
      if (waiting(chat) === 0) {
        // Forget an idle chat once its spacing has passed, so the map stays small.
        if (chat.nextAt <= now) this.chats.delete(chatId);
        continue;
      }
      if (chat.nextAt > now) {
        wakeAt = Math.min(wakeAt, chat.nextAt);
        continue;
      }
      (chat.replies.length > 0 ? ready : noticesOnly).push([chatId, chat]);
    }
    for (const [chatId, chat] of [...ready, ...noticesOnly]) {
      const next = chat.replies[0] ?? chat.notices[0];
      const slot = this.takeSlot(next ? partWeight(next.part) : 1);
      if (slot !== true) {
        wakeAt = Math.min(wakeAt, slot);
        break;
      }
      // Round robin: a served chat moves to the back.
      this.chats.delete(chatId);
      this.chats.set(chatId, chat);
      void this.run(chatId, chat);
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, wakeAt - now));
      this.timer.unref();
    }
    if (this.pending === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private async run(chatId: string, chat: ChatQueue): Promise<void> {
    const lane = chat.replies.length > 0 ? chat.replies : chat.notices;
    const job = lane.shift();
    if (!job) return;
    chat.running = true;
    // An album of N photos spaces the chat as N messages would.
    const interval = (chatId.startsWith('-') ? this.options.groupIntervalMs : this.options.privateIntervalMs) * partWeight(job.part);
    try {
      const wait = this.options.shared ? await this.options.shared.reserve(chatId, interval, partWeight(job.part)).catch(() => 0) : 0;
      if (wait > 0) {
        // Another replica used this chat's (or the bot's) budget: ask again when it frees up.
        chat.nextAt = this.options.now() + wait;
        lane.unshift(job);
        return;
      }
      const id = await this.options.deliver(job.part);
      chat.nextAt = this.options.now() + interval;
      job.done({ ok: true, id });
    } catch (error) {
      this.handleFailure(chatId, chat, lane, job, error, interval);
    } finally {
      chat.running = false;
      this.pump();
    }
  }

  private handleFailure(chatId: string, chat: ChatQueue, lane: Job[], job: Job, error: unknown, interval: number): void {
    const now = this.options.now();
    const kind = error instanceof SendError ? error.kind : 'server';
    job.attempts += 1;
    if (kind === 'rate_limited') {
      this.options.onRateLimited?.(chatId);
      // Wait out Telegram's retry_after, then send the same part again; order within the chat is kept.
      chat.nextAt = now + Math.max((error as SendError).retryAfterMs, interval);
      lane.unshift(job);
      return;
    }
    if (kind === 'server' && job.attempts < this.options.maxAttempts) {
      chat.nextAt = now + Math.min(this.options.backoffMs * 2 ** (job.attempts - 1), 30_000);
      lane.unshift(job);
      return;
    }
    if (kind === 'blocked') {
      // Everything else queued for this person would fail alike.
      const dropped = [...chat.replies.splice(0), ...chat.notices.splice(0)];
      job.done({ ok: false, delivery: { status: 'unreachable' } });
      for (const other of dropped) other.done({ ok: false, delivery: { status: 'unreachable' } });
      void this.options.onUnreachable?.(chatId).catch((e: unknown) => this.options.onError?.(e, job.part));
      return;
    }
    this.options.onError?.(error, job.part);
    chat.nextAt = now + interval;
    job.done({ ok: false, delivery: { status: 'failed', error: error instanceof Error ? error.message : String(error) } });
  }
}
