// Short-lived state between one person's messages (a wizard's step and its draft), and the guards that make
// a redelivered or concurrent Telegram update apply once. Never domain state: that lives in the event log.

/**
 * The longest one update may be handled (telegraf's handlerTimeout). A chat lock's lease outlasts it, so a slow
 * update never loses its chat's lock to the next one of the same chat.
 */
export const UPDATE_HANDLER_TIMEOUT_MS = 30_000;

/** Raised when the state store cannot be reached; the bot tells the person and nothing crashes. */
export class StateUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`conversation state is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StateUnavailableError';
  }
}

export interface ConversationStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Stores `value` for `ttlSeconds`; each write restarts the clock. */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What a claim found: the update is ours now, another attempt is at it, or it was handled already. */
export type UpdateClaim = 'claimed' | 'running' | 'done';

export interface UpdateDeduplicator {
  /**
   * Claims an update id for processing. `running`: another attempt holds it (its lease is alive; a crashed
   * attempt's lapses after `leaseSeconds`); `done`: it completed (a redelivery to skip).
   */
  claim(updateId: number, leaseSeconds: number): Promise<UpdateClaim>;
  /** Keeps a running claim alive for another `leaseSeconds` (the handler is still at work). */
  renew(updateId: number, leaseSeconds: number): Promise<void>;
  /** Remembers the update as processed for a day. */
  complete(updateId: number): Promise<void>;
  /** Lets a redelivery of a failed update through at once. */
  release(updateId: number): Promise<void>;
}

export interface ChatLock {
  /** Runs `work` while holding a short lock on `key` (one chat's updates run one at a time). */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export interface ConversationState extends ConversationStore, UpdateDeduplicator, ChatLock {
  readonly kind: 'redis' | 'in-process';
  /** True when the store answers (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
