// Delivers the outbox, both lanes:
// - Replies. The bot records an update's messages (`record`, before the webhook answers 200) and this process
//   sends those it leased at once, in the queue's reply lane. A reply whose sender died (its lease lapsed) or
//   failed is claimed by the next round, here or on another instance, and sent then.
// - Notices. Each round claims due notices (leased, so instances share the work) into one box per chat. A box
//   is sent at most once per NOTICE_SPACING_MS: whatever waits then is rendered together — several new tickets
//   become one list — at the moment it leaves, so a notice that stopped being true is dropped, not sent stale.
//   A person who blocked the bot has their notices held; they are summarised once when they write again.
// The director's morning digest is planned here too: one outbox row per director and school day, whose id
// makes a second instance's plan a no-op.
//
// "Delivered once": a row is marked sent right after Telegram accepted it. A crash between the two sends that
// one message again when its lease lapses (at most the message in flight per chat); nothing is lost.
import { DateTime } from 'luxon';
import type { Clock } from '../../application/ports/clock.js';
import type { ReadModels } from '../../application/ports/readModels.js';
import type { OutboxMessage, OutboxQueue, OutboxWriter, PendingMessage, ReplyOutbox } from '../../application/ports/outbox.js';
import { TECH_CHAT_RECIPIENT } from '../../application/reactions/notifications.js';
import type { BotLog, Outgoing, ReplyRecorder } from './dependencies.js';
import { SendError, type Delivery, type OutgoingMessage } from './sendQueue.js';
import type { CommandMenus } from './telegramSender.js';
import { outgoingOf, renderNoticeBatch, storedOf, withQuietLine } from './notificationTexts.js';
import { plannedFlowMessage } from '../../application/notifications/quietHours.js';
import { CHART_PAGE_SIZE } from './kpiChart.js';
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { isSchoolDay } from '../../domain/calendar/index.js';

/** The merge window: one notice message per chat at most this often; what arrives meanwhile is merged. */
const NOTICE_SPACING_MS = 3_000;
const POLL_MS = 500;
/**
 * How long a claimed row is ours. A notice leaves within the merge window; a reply within a second or two.
 * After a crash, what the dead process held goes out this much later. (This process never sends a row twice:
 * it skips rows it is still sending when a round claims them again.)
 */
const NOTICE_LEASE_MS = 20_000;
const REPLY_LEASE_MS = 15_000;
const CLAIM_LIMIT = 200;
/** Sent and dropped rows are kept this long (a group card can be edited while its row is kept), then pruned. */
const KEEP_SENT_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
const RETRY_STEP_MS = 60_000;
/**
 * Marking a row sent is retried this long (a PostgreSQL restart takes seconds): given up at once, the row's
 * lease would lapse and the message Telegram already delivered would go out a second time.
 */
const MARK_SENT_RETRY_MS = 60_000;
const MARK_SENT_PAUSE_FIRST_MS = 200;
const MARK_SENT_PAUSE_MAX_MS = 1_000;
const RETRY_MAX_MS = 30 * 60_000;

export interface NotificationSenderOptions {
  /** Both sides: the sender claims and marks rows; `record` writes an update's replies. */
  outbox: OutboxQueue & ReplyOutbox;
  outgoing: Outgoing;
  read: ReadModels;
  clock: Clock;
  zone: string;
  log: BotLog;
  /** The school calendar, for the digest's SLA figures in school time (absent: the digest leaves them out). */
  slaCalendar?: SchoolCalendar;
  techChatId?: number | undefined;
  /** The forum topic (message_thread_id) of each category in the group (TECH_CHAT_TOPICS, parsed by the config). */
  techChatTopics?: ReadonlyMap<string, number> | undefined;
  /** Plans the director's digest at this time of day (HH:MM in the zone) through this writer. */
  digest?: { writer: OutboxWriter; time: { hour: number; minute: number } };
  /** The school calendar: the digest is planned on school days only. Without one, every day. */
  calendar?: SchoolCalendar | undefined;
  pollMs?: number;
  leaseMs?: number;
  replyLeaseMs?: number;
  batchSize?: number;
  noticeSpacingMs?: number;
  /** Sets a person's command menu (the `command_menu` rows); without it those rows are dropped. */
  commandMenus?: CommandMenus;
  /** How long a failing "mark sent" is retried (default MARK_SENT_RETRY_MS). */
  markSentRetryMs?: number;
}

export interface NotificationSender extends ReplyRecorder {
  /** Runs one round now and waits for what it sent (tests call it to avoid waiting for the timer). */
  tick(): Promise<number>;
  /** Stops the rounds and waits up to `timeoutMs` for replies being sent to be marked. */
  stop(timeoutMs?: number): Promise<void>;
}

type Address = Pick<OutgoingMessage, 'chatId' | 'threadId'>;

interface NoticeBox {
  address: Address;
  recipient: string;
  pending: PendingMessage[];
  lastSentAt: number;
  sending: boolean;
}

const retryAt = (now: Date, attempts: number) => new Date(now.getTime() + Math.min(RETRY_STEP_MS * Math.max(1, attempts), RETRY_MAX_MS));

/** The outbox id of one message an update said: the update (with its date, as Telegram reuses ids after a quiet week) and its place. */
export const replyIdOf = (updateKey: string, index: number) => `reply:${updateKey}:${index}`;

export function startNotificationSender(options: NotificationSenderOptions): NotificationSender {
  const { outbox, log, clock } = options;
  const topics = options.techChatTopics ?? new Map<string, number>();
  const spacing = options.noticeSpacingMs ?? NOTICE_SPACING_MS;
  const boxes = new Map<string, NoticeBox>();
  /** Rows this process is sending now: a round that claims one of them again leaves it alone. */
  const sending = new Set<string>();
  /** Replies handed to the queue and not yet marked: a stop waits for them, so none is sent twice after a restart. */
  const replySends = new Set<Promise<void>>();
  let stopped = false;
  let running: Promise<number> | undefined;
  let plannedDigestFor = '';
  let prunedAt = Number.NEGATIVE_INFINITY;

  const warn = (id: string) => (error: unknown) => log.warn({ err: error, notification: id }, 'notification failed');

  const addressOf = (message: PendingMessage): Address | undefined => {
    if (message.recipient !== TECH_CHAT_RECIPIENT) return { chatId: message.recipient };
    if (options.techChatId === undefined) return undefined;
    const thread = message.kind === 'ticket_opened' ? topics.get(message.payload.category) : undefined;
    return { chatId: String(options.techChatId), ...(thread !== undefined ? { threadId: thread } : {}) };
  };

  /** Marks rows sent, retrying while the outbox fails (see MARK_SENT_RETRY_MS); rethrows once that runs out. */
  async function markSentSurely(ids: readonly string[], now: Date, messageIds?: readonly number[]): Promise<void> {
    const giveUpAt = Date.now() + (options.markSentRetryMs ?? MARK_SENT_RETRY_MS);
    for (let pauseMs = MARK_SENT_PAUSE_FIRST_MS; ; pauseMs = Math.min(pauseMs * 2, MARK_SENT_PAUSE_MAX_MS)) {
      try {
        return await outbox.markSent(ids, now, messageIds);
      } catch (error) {
        if (Date.now() + pauseMs > giveUpAt) throw error;
        log.warn({ err: error, notifications: ids.length }, 'a sent message could not be marked sent yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  /** Marks rows by how their message went: sent, held (the person blocked the bot), or due again later. */
  async function settle(ids: readonly string[], delivery: Delivery, attempts: number): Promise<void> {
    const now = clock.now();
    if (delivery.status === 'sent') return markSentSurely(ids, now, delivery.messageIds);
    if (delivery.status === 'unreachable') return outbox.hold(ids, now);
    return outbox.markFailed(ids, delivery.error, retryAt(now, attempts));
  }

  /** One stored message sent as it is (a reply, or a message a flow addressed to somebody else). */
  async function sendVerbatim(message: PendingMessage): Promise<void> {
    if (message.kind !== 'reply') return;
    const address = addressOf(message);
    if (!address) return outbox.markDropped([message.id], 'no technicians chat configured', clock.now());
    const delivery = await options.outgoing.send({ ...address, ...withQuietLine(outgoingOf(message.payload), [message.quiet]), lane: message.lane });
    await settle([message.id], delivery, message.attempts);
  }

  /** Runs `work` with these rows marked as being sent by this process (a round leaves them alone meanwhile). */
  async function holding(ids: readonly string[], work: () => Promise<void>): Promise<void> {
    for (const id of ids) sending.add(id);
    try {
      await work();
    } finally {
      for (const id of ids) sending.delete(id);
    }
  }

  // --- replies -------------------------------------------------------------------------------------------

  async function record(updateKey: string, said: readonly OutgoingMessage[]): Promise<void> {
    const rows = said.map((message, index): OutboxMessage & { kind: 'reply' } => {
      const { chatId, lane, ...rest } = message;
      // Due by our Clock, as every row is (the database's clock may differ, in tests by years).
      const now = clock.now();
      // Quiet hours: a message to somebody else (not the speaker's answer) waits for school time.
      const planned = options.calendar ? plannedFlowMessage(options.calendar, now, lane ?? 'reply', rest.editMessageId !== undefined) : { at: now };
      const row = { id: replyIdOf(updateKey, index), source: 'bot', kind: 'reply' as const, recipient: chatId, lane: lane ?? 'reply', payload: storedOf(rest) };
      return { ...row, notBefore: planned.at, ...(planned.quiet ? { quiet: planned.quiet } : {}) };
    });
    const leased = new Set(await outbox.recordReplies(rows, clock.now(), options.replyLeaseMs ?? REPLY_LEASE_MS));
    for (const row of rows) {
      // A held row is sent by the notice rounds once it is due.
      if (!leased.has(row.id) || row.quiet) continue;
      // Not awaited: the update is done once its messages are durable; the queue sends them in order.
      const sent = holding([row.id], () => sendVerbatim({ ...row, lane: row.lane ?? 'reply', notBefore: clock.now(), attempts: 1, createdAt: clock.now() }))
        .catch(warn(row.id))
        .finally(() => replySends.delete(sent));
      replySends.add(sent);
    }
  }

  // --- notices -------------------------------------------------------------------------------------------

  function boxFor(message: PendingMessage, address: Address): NoticeBox {
    const key = `${address.chatId}:${address.threadId ?? ''}`;
    let box = boxes.get(key);
    if (!box) {
      box = { address, recipient: message.recipient, pending: [], lastSentAt: Number.NEGATIVE_INFINITY, sending: false };
      boxes.set(key, box);
    }
    return box;
  }

  /** The person behind a private chat has blocked the bot (the staff read model says so). */
  async function unreachable(recipient: string): Promise<boolean> {
    if (recipient === TECH_CHAT_RECIPIENT) return false;
    const person = await options.read.staffById(recipient);
    return person !== undefined && !person.reachable;
  }

  async function flush(box: NoticeBox): Promise<void> {
    box.sending = true;
    box.lastSentAt = performance.now();
    const taken = box.pending.splice(0);
    try {
      await holding(
        taken.map((m) => m.id),
        () => sendBox(box, taken),
      );
    } finally {
      box.sending = false;
    }
  }

  async function sendBox(box: NoticeBox, taken: PendingMessage[]): Promise<void> {
    try {
      const now = clock.now();
      // A reachable_again row proves they are back, whatever the (possibly lagging) staff read model says.
      const returning = taken.some((m) => m.kind === 'reachable_again');
      if (!returning && (await unreachable(box.recipient))) return await outbox.hold(taken.map((m) => m.id), now);
      for (const message of taken.filter((m) => m.kind === 'reply')) await sendVerbatim(message);
      const batch = await renderNoticeBatch(
        taken.filter((m) => m.kind !== 'reply'),
        { read: options.read, zone: options.zone, now, recipient: box.recipient, outbox, ...(options.slaCalendar ? { calendar: options.slaCalendar } : {}) },
      );
      for (const { id, reason } of batch.drop) await outbox.markDropped([id], reason, now);
      const attempts = Math.max(1, ...taken.map((m) => m.attempts));
      for (const [index, item] of batch.send.entries()) {
        const delivery = await options.outgoing.send({ ...box.address, ...item.message, lane: 'notice' });
        await settle(item.ids, delivery, attempts);
        if (delivery.status === 'unreachable') {
          // Telegram said 403: the rest of this box waits for the person's return as well.
          await outbox.hold(batch.send.slice(index + 1).flatMap((rest) => rest.ids), clock.now());
          break;
        }
      }
    } catch (error) {
      log.warn({ err: error, chatId: box.address.chatId }, 'notices not delivered; retried later');
      await outbox.markFailed(taken.map((m) => m.id), error instanceof Error ? error.message : String(error), retryAt(clock.now(), 1)).catch(() => {});
    }
  }

  /** Sends every box whose merge window has passed; forgets idle ones. Real time: it paces Telegram, not school time. */
  function flushReady(): Promise<void>[] {
    const now = performance.now();
    const flushes: Promise<void>[] = [];
    for (const [key, box] of boxes) {
      if (box.sending) continue;
      if (box.pending.length === 0) {
        if (now - box.lastSentAt >= spacing) boxes.delete(key);
        continue;
      }
      if (now - box.lastSentAt >= spacing) flushes.push(flush(box));
    }
    return flushes;
  }

  // --- command menus -------------------------------------------------------------------------------------

  /** Sets one person's menu; a refusal that will not change (a chat that does not exist) drops the row. */
  async function setCommandMenu(message: Extract<PendingMessage, { kind: 'command_menu' }>): Promise<void> {
    if (!options.commandMenus) return outbox.markDropped([message.id], 'no command menus configured', clock.now());
    try {
      await options.commandMenus.set(message.payload.telegramId, message.payload.role);
      await markSentSurely([message.id], clock.now());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn({ err: error, chatId: message.payload.telegramId }, 'command menu not set');
      const final = error instanceof SendError && (error.kind === 'bad_request' || error.kind === 'blocked');
      if (final) await outbox.markDropped([message.id], reason, clock.now());
      else await outbox.markFailed([message.id], reason, retryAt(clock.now(), message.attempts));
    }
  }

  // --- rounds --------------------------------------------------------------------------------------------

  async function planDigest(): Promise<void> {
    if (!options.digest) return;
    const local = DateTime.fromJSDate(clock.now(), { zone: options.zone });
    const date = local.toISODate() ?? '';
    const dueAt = local.set({ ...options.digest.time, second: 0, millisecond: 0 });
    if (plannedDigestFor === date || local < dueAt) return;
    // No digest on a day off or in a vacation: nobody is at school to read it (quiet hours).
    if (options.calendar && !isSchoolDay(options.calendar, date)) return void (plannedDigestFor = date);
    const directors = await options.read.staffByRole(['director']);
    // Everyone is on the chart, a row (and a photo) per page; a page no longer needed when it is sent is dropped.
    const people = (await options.read.kpiByPerson(clock.now())).length;
    const pages = Math.max(1, Math.ceil(people / CHART_PAGE_SIZE));
    for (const director of directors.filter((d) => d.status === 'active')) {
      for (let page = 1; page <= pages; page += 1) {
        await options.digest.writer.enqueue({
          // Page 1 keeps the id digests always had; later pages sort after it ("p02" before "p10").
          id: `digest:${date}:${director.telegramId}${page === 1 ? '' : `:p${String(page).padStart(2, '0')}`}`,
          source: 'digest',
          kind: 'digest',
          recipient: director.telegramId,
          payload: page === 1 ? { date } : { date, page },
          // Explicit, so "due" is judged by our Clock rather than the database's (as every notification is).
          notBefore: dueAt.toJSDate(),
        });
      }
    }
    plannedDigestFor = date;
  }

  async function prune(): Promise<void> {
    if (performance.now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = performance.now();
    const pruned = await outbox.prune(new Date(clock.now().getTime() - KEEP_SENT_MS));
    if (pruned > 0) log.info({ pruned }, 'old outbox rows pruned');
  }

  async function round(): Promise<number> {
    await planDigest().catch((error: unknown) => log.warn({ err: error }, 'digest planning failed'));
    await prune().catch((error: unknown) => log.warn({ err: error }, 'outbox pruning failed'));
    const now = clock.now();
    const limit = options.batchSize ?? CLAIM_LIMIT;
    const replies = await outbox.claimDue(now, limit, options.replyLeaseMs ?? REPLY_LEASE_MS, 'reply');
    const notices = await outbox.claimDue(now, limit, options.leaseMs ?? NOTICE_LEASE_MS, 'notice');
    const work: Promise<void>[] = [];
    for (const { id, kind, reason } of [...replies.unreadable, ...notices.unreadable]) {
      log.warn({ notification: id, kind, reason }, 'unreadable notification dropped');
      work.push(outbox.markDropped([id], reason, now).catch(warn(id)));
    }
    for (const message of replies.due) {
      if (!sending.has(message.id)) work.push(holding([message.id], () => sendVerbatim(message)).catch(warn(message.id)));
    }
    // Command menus are not messages: set in order (a later role wins), outside the notice boxes.
    const menus = notices.due.filter((m): m is Extract<PendingMessage, { kind: 'command_menu' }> => m.kind === 'command_menu' && !sending.has(m.id));
    if (menus.length > 0) {
      work.push(holding(menus.map((m) => m.id), async () => {
        for (const menu of menus) await setCommandMenu(menu).catch(warn(menu.id));
      }));
    }
    for (const message of notices.due) {
      if (message.kind === 'command_menu') continue;
      const address = addressOf(message);
      if (!address) {
        work.push(outbox.markDropped([message.id], 'no technicians chat configured', now).catch(warn(message.id)));
        continue;
      }
      if (sending.has(message.id)) continue;
      const box = boxFor(message, address);
      if (!box.pending.some((m) => m.id === message.id)) box.pending.push(message);
    }
    await Promise.all([...work, ...flushReady()]);
    return replies.due.length + replies.unreadable.length + notices.due.length + notices.unreadable.length;
  }

  const tick = () => {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  };

  let wake: () => void = () => {};
  const loop = async () => {
    while (!stopped) {
      const claimed = await tick().catch((error: unknown) => {
        log.warn({ err: error }, 'notification round failed');
        return 0;
      });
      if (claimed === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  };
  const done = loop();

  return {
    tick,
    record,
    async stop(timeoutMs = 5_000) {
      stopped = true;
      wake();
      await done;
      await running;
      await Promise.race([Promise.allSettled([...replySends]), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
      // Notices waiting in a merge window are handed back at once rather than after their lease.
      const waiting = [...boxes.values()].flatMap((box) => box.pending.splice(0).map((m) => m.id));
      await outbox.markFailed(waiting, 'sender stopped', clock.now()).catch(() => {});
    },
  };
}
