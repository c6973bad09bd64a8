// The outbox: every message to a person. A reaction records notices in the transaction that advances its
// checkpoint; the bot records an update's replies, keyed by the update, before the webhook answers 200. A
// sender delivers the rows afterwards and marks them sent. The id is the row's key, so a reaction replayed
// after a crash, or an update redelivered, records nothing new.
//
// Two lanes: a *reply* answers the person's own action and goes before every *notice* (news of somebody
// else's action) in the same chat and across chats.
import type { Notification } from '../notifications/kinds.js';
import type { QuietMark } from '../notifications/quietHours.js';

export type Lane = 'reply' | 'notice';

interface OutboxEnvelope {
  /** Deterministic for the event and recipient (e.g. `ticket_assigned:<event id>:<chat>`): the dedupe key. */
  id: string;
  /** Which reaction recorded it. */
  source: string;
  /** Telegram chat id (or another address the sender understands). */
  recipient: string;
  /** Default: notice. */
  lane?: Lane;
}

/** What to record: the envelope and one notification (its kind and that kind's payload). */
export type OutboxMessage = OutboxEnvelope &
  Notification & {
    /** Not to be sent before this instant (reminders); default: at once. */
    notBefore?: Date;
    /** Quiet hours moved it (held for school time, or a reminder sent ahead): its text says so. */
    quiet?: QuietMark;
  };

export interface OutboxWriter {
  /** Records a message in the current transaction; false when a message with this id already exists. */
  enqueue(message: OutboxMessage): Promise<boolean>;
}

export type PendingMessage = OutboxEnvelope &
  Notification & {
    lane: Lane;
    notBefore: Date;
    attempts: number;
    createdAt: Date;
    /** Quiet hours moved it; absent on rows recorded before quiet hours existed. */
    quiet?: QuietMark;
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
   * Claims up to `limit` unsent, unheld messages of `lane` due at `now` for `leaseMs` (another sender skips
   * them meanwhile); oldest first. Each payload is parsed back through its kind's schema.
   */
  claimDue(now: Date, limit: number, leaseMs: number, lane?: Lane): Promise<ClaimedMessages>;
  /** Sent; `messageIds` are what Telegram called the message(s), kept for later edits. */
  markSent(ids: readonly string[], sentAt: Date, messageIds?: readonly number[]): Promise<void>;
  /** Gives up on messages for good (stale, or nobody to send them to). */
  markDropped(ids: readonly string[], reason: string, at: Date): Promise<void>;
  /** Records a failed attempt; the messages become due again at `retryAt`. */
  markFailed(ids: readonly string[], error: string, retryAt: Date): Promise<void>;
  /** Keeps notices for a person who blocked the bot; they are summarised when the person writes again. */
  hold(ids: readonly string[], at: Date): Promise<void>;
  /** The notices held for `recipient`, oldest first; they are marked dropped ("summarised") as they are taken. */
  takeHeld(recipient: string, at: Date): Promise<PendingMessage[]>;
  /** The Telegram message ids an earlier row became (e.g. the group card of a new ticket), if it was sent. */
  sentMessageIds(id: string): Promise<number[] | undefined>;
  /** Forgets rows sent or dropped before `before` (the outbox is a queue, not an archive); how many. */
  prune(before: Date): Promise<number>;
}

/** The bot's side: an update's replies, recorded before Telegram hears 200 and sent at once by this process. */
export interface ReplyOutbox {
  /**
   * Records the messages (ids derived from the update, so a redelivery records nothing twice) and leases for
   * `leaseMs` each of them that is still unsent and not leased by another sender. Returns the ids leased
   * here, which this process now sends; the others were sent already or belong to another sender.
   */
  recordReplies(messages: readonly OutboxMessage[], now: Date, leaseMs: number): Promise<string[]>;
}
