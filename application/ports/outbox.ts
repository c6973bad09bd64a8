// The notification outbox. A reaction records what to send in the transaction that advances its checkpoint;
// a sender delivers the rows afterwards and marks them sent. The notification id is the row's key, so a
// reaction replayed after a crash records nothing new, and each notification is sent at most once.
import type { Notification } from '../notifications/kinds.js';

interface OutboxEnvelope {
  /** Deterministic for the event and recipient (e.g. `ticket_assigned:<event id>:<chat>`): the dedupe key. */
  id: string;
  /** Which reaction recorded it. */
  source: string;
  /** Telegram chat id (or another address the sender understands). */
  recipient: string;
}

/** What to record: the envelope and one notification (its kind and that kind's payload). */
export type OutboxMessage = OutboxEnvelope &
  Notification & {
    /** Not to be sent before this instant (reminders); default: at once. */
    notBefore?: Date;
  };

export interface OutboxWriter {
  /** Records a message in the current transaction; false when a message with this id already exists. */
  enqueue(message: OutboxMessage): Promise<boolean>;
}

export type PendingMessage = OutboxEnvelope &
  Notification & {
    notBefore: Date;
    attempts: number;
    createdAt: Date;
  };

/** A claimed row whose kind or payload this code cannot read (garbled, or from code that no longer exists). */
export interface UnreadableMessage {
  id: string;
  kind: string;
  recipient: string;
  reason: string;
}

export interface ClaimedMessages {
  due: PendingMessage[];
  /** Claimed like the others; the sender reports and drops them. */
  unreadable: UnreadableMessage[];
}

/** The sender's side of the outbox. */
export interface OutboxQueue {
  /**
   * Claims up to `limit` unsent messages due at `now` for `leaseMs` (another sender skips them meanwhile);
   * oldest first. Each payload is parsed back through its kind's schema.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedMessages>;
  markSent(id: string, sentAt: Date): Promise<void>;
  /** Gives up on a message for good (e.g. the recipient blocked the bot). */
  markDropped(id: string, reason: string, at: Date): Promise<void>;
  /** Records a failed attempt; the message becomes due again at `retryAt`. */
  markFailed(id: string, error: string, retryAt: Date): Promise<void>;
}
