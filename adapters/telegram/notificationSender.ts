// Delivers the notification outbox: claims due rows (leased, so several instances share the work), renders
// each in Russian with its buttons, sends it through the queue and marks it sent, dropped (blocked person,
// stale reminder) or failed (retried later). The morning digest is planned here too: one outbox row per
// director and day, whose id makes a second instance's plan a no-op.
//
// At the edge this is at-least-once: a crash after Telegram accepted a message but before the row is marked
// sent lets the lease expire and the row go out again. We prefer a rare duplicate to a lost reminder.
import { DateTime } from 'luxon';
import type { Clock } from '../../application/ports/clock.js';
import type { ReadModels } from '../../application/ports/readModels.js';
import type { OutboxQueue, OutboxWriter, PendingMessage } from '../../application/ports/outbox.js';
import { TECH_CHAT_RECIPIENT } from '../../application/reactions/notifications.js';
import type { BotLog, Outgoing } from './dependencies.js';
import type { OutgoingMessage } from './sendQueue.js';
import { renderNotification } from './notificationTexts.js';

export interface NotificationSenderOptions {
  outbox: OutboxQueue;
  outgoing: Outgoing;
  read: ReadModels;
  clock: Clock;
  zone: string;
  log: BotLog;
  techChatId?: number | undefined;
  /** The forum topic (message_thread_id) of each category in the group (TECH_CHAT_TOPICS, parsed by the config). */
  techChatTopics?: ReadonlyMap<string, number> | undefined;
  /** Plans the director's digest at this time of day (HH:MM in the zone) through this writer. */
  digest?: { writer: OutboxWriter; time: { hour: number; minute: number } };
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
}

export interface NotificationSender {
  /** Runs one round now (tests call it to avoid waiting for the timer). */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function startNotificationSender(options: NotificationSenderOptions): NotificationSender {
  const { outbox, log } = options;
  const topics = options.techChatTopics ?? new Map<string, number>();
  let stopped = false;
  let running: Promise<number> | undefined;
  let plannedDigestFor = '';

  const addressOf = (message: PendingMessage): Pick<OutgoingMessage, 'chatId' | 'threadId'> | undefined => {
    if (message.recipient !== TECH_CHAT_RECIPIENT) return { chatId: message.recipient };
    if (options.techChatId === undefined) return undefined;
    const thread = message.kind === 'ticket_opened' ? topics.get(message.payload.category) : undefined;
    return { chatId: String(options.techChatId), ...(thread !== undefined ? { threadId: thread } : {}) };
  };

  async function deliver(message: PendingMessage): Promise<void> {
    const now = options.clock.now();
    const address = addressOf(message);
    if (!address) return outbox.markDropped([message.id], 'no technicians chat configured', now);
    const rendered = await renderNotification(message, { read: options.read, zone: options.zone, now });
    if (rendered.kind === 'drop') return outbox.markDropped([message.id], rendered.reason, now);
    const delivery = await options.outgoing.send({ ...address, ...rendered.message });
    if (delivery.status === 'sent') return outbox.markSent([message.id], options.clock.now());
    if (delivery.status === 'unreachable') return outbox.markDropped([message.id], 'blocked by the user', options.clock.now());
    const retryAt = new Date(options.clock.now().getTime() + Math.min(60_000 * message.attempts, 30 * 60_000));
    return outbox.markFailed([message.id], delivery.error, retryAt);
  }

  async function planDigest(): Promise<void> {
    if (!options.digest) return;
    const local = DateTime.fromJSDate(options.clock.now(), { zone: options.zone });
    const date = local.toISODate() ?? '';
    const dueAt = local.set({ ...options.digest.time, second: 0, millisecond: 0 });
    if (plannedDigestFor === date || local < dueAt) return;
    const directors = await options.read.staffByRole(['director']);
    for (const director of directors.filter((d) => d.status === 'active')) {
      await options.digest.writer.enqueue({
        id: `digest:${date}:${director.telegramId}`,
        source: 'digest',
        kind: 'digest',
        recipient: director.telegramId,
        payload: { date },
        // Explicit, so "due" is judged by our Clock rather than the database's (as every notification is).
        notBefore: dueAt.toJSDate(),
      });
    }
    plannedDigestFor = date;
  }

  async function round(): Promise<number> {
    await planDigest().catch((error: unknown) => log.warn({ err: error }, 'digest planning failed'));
    const { due, unreadable } = await outbox.claimDue(options.clock.now(), options.batchSize ?? 50, options.leaseMs ?? 60_000);
    await Promise.all([
      ...unreadable.map(async ({ id, kind, reason }) => {
        log.warn({ notification: id, kind, reason }, 'unreadable notification dropped');
        await outbox.markDropped([id], reason, options.clock.now()).catch((error: unknown) => log.warn({ err: error, notification: id }, 'notification failed'));
      }),
      ...due.map((message) =>
        deliver(message).catch((error: unknown) => log.warn({ err: error, notification: message.id }, 'notification failed')),
      ),
    ]);
    return due.length + unreadable.length;
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
      const sent = await tick().catch((error: unknown) => {
        log.warn({ err: error }, 'notification round failed');
        return 0;
      });
      if (sent === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 1_000);
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
    async stop() {
      stopped = true;
      wake();
      await done;
    },
  };
}
