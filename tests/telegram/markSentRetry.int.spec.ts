// Telegram accepted a notice, then the outbox could not be marked (PostgreSQL restarting): the sender keeps
// trying to mark it, so the notice is not sent a second time when its lease lapses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import { notificationsReaction } from '../../application/reactions/notifications.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../../adapters/postgres/readModels/outbox.js';
import { startNotificationSender } from '../../adapters/telegram/notificationSender.js';
import type { OutgoingMessage } from '../../adapters/telegram/sendQueue.js';
import { createMigratedPglite, type MigratedPglite } from '../support/migrated.js';

let database: MigratedPglite;
beforeAll(async () => {
  database = await createMigratedPglite();
});
afterAll(() => database.close());

const NOW = new Date('2026-11-24T07:00:00Z');
const assigned = {
  id: '00000000-0000-4000-8000-000000000002',
  type: 'TaskAssigned',
  data: { number: 1, issuerId: '900', assigneeId: '901', title: 'Отчёт', deadline: '2026-11-26T12:00:00Z' },
  metadata: { actorId: '900', occurredAt: NOW.toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
  streamName: 'task-1',
  revision: 0n,
  position: '1',
  recordedAt: NOW.toISOString(),
} as unknown as RecordedEvent;

describe('marking a sent notice while the outbox fails', () => {
  it('is retried until it holds; the notice goes out once', async () => {
    const { sql } = database;
    const reaction = notificationsReaction(() => ({ techniciansFor: () => Promise.resolve([]), categoryLeads: () => Promise.resolve([]) }), { techChat: false });
    await sql.transaction((tx) => reaction.handle(assigned, { tx, outbox: sqlOutboxWriter(tx), now: NOW }));

    const queue = sqlOutboxQueue(sql);
    let failuresLeft = 3;
    const flaky = Object.create(queue) as typeof queue;
    flaky.markSent = (...args: Parameters<typeof queue.markSent>) =>
      failuresLeft-- > 0 ? Promise.reject(new Error('Connection terminated unexpectedly')) : queue.markSent(...args);
    const sent: OutgoingMessage[] = [];
    const outgoing = {
      send: (message: OutgoingMessage) => {
        sent.push(message);
        return Promise.resolve({ status: 'sent' as const, messageIds: [1] });
      },
    };
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    // The lease is shorter than the retries: without them the row would be due again (and sent again) meanwhile.
    const sender = startNotificationSender({
      outbox: flaky,
      outgoing,
      read: sqlReadModels(sql),
      clock: { now: () => NOW },
      zone: 'Europe/Moscow',
      log: quiet,
      pollMs: 60_000,
      markSentRetryMs: 10_000,
    });
    await sender.tick();
    await sender.stop();

    expect(sent.map((m) => m.chatId)).toEqual(['901']);
    expect(failuresLeft).toBeLessThan(0);
    const { rows } = await sql.query<{ sent: boolean }>(`SELECT sent_at IS NOT NULL AS sent FROM notification_outbox WHERE kind = 'task_assigned'`);
    expect(rows).toEqual([{ sent: true }]);
    expect((await queue.claimDue(new Date(NOW.getTime() + 3_600_000), 10, 1_000)).due.filter((m) => m.kind === 'task_assigned')).toEqual([]);
  });
});
