// Notifications are recorded once per event and recipient, however often the reaction replays, and each
// outbox row is delivered once; a sender that dies after sending but before marking lets the row go out
// again after its lease (at-least-once at the edge, by choice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../application/ports/eventStore.js';
import type { SqlExecutor } from '../../application/ports/sql.js';
import { notificationsReaction } from '../../application/reactions/notifications.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { sqlOutboxQueue, sqlOutboxWriter } from '../../adapters/postgres/readModels/outbox.js';
import { startNotificationSender } from '../../adapters/telegram/notificationSender.js';
import type { OutgoingMessage } from '../../adapters/telegram/sendQueue.js';
import { createMigratedPglite, type MigratedPglite } from '../support/migrated.js';

let sql: SqlExecutor;
let database: MigratedPglite;
beforeAll(async () => {
  database = await createMigratedPglite();
  sql = database.sql;
});
afterAll(() => database.close());

const NOW = new Date('2026-11-24T07:00:00Z');
const event = (type: string, data: Record<string, unknown>, id: string): RecordedEvent =>
  ({
    id,
    type,
    data,
    metadata: { actorId: '900', occurredAt: NOW.toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
    streamName: 'x',
    revision: 0n,
    position: '1' as RecordedEvent['position'],
    recordedAt: NOW.toISOString(),
  }) as RecordedEvent;

describe('notification reaction and sender', () => {
  const reaction = notificationsReaction(() => ({ techniciansFor: () => Promise.resolve(['901', '902']), categoryLeads: () => Promise.resolve([]) }), { techChat: false });
  const handle = (e: RecordedEvent) => sql.transaction((tx) => reaction.handle(e, { tx, outbox: sqlOutboxWriter(tx), now: NOW }));
  const rows = async () => (await sql.query<{ id: string; kind: string; recipient: string; not_before: Date }>('SELECT * FROM notification_outbox ORDER BY id')).rows;

  it('records each notification once, however often the event is replayed', async () => {
    const opened = event('TicketOpened', { number: 1, title: 'Проектор', category: 'it', location: 'каб. 1', authorId: '900' }, '00000000-0000-4000-8000-000000000001');
    const assigned = event('TaskAssigned', { number: 1, issuerId: '900', assigneeId: '901', title: 'Отчёт', deadline: '2026-11-26T12:00:00Z' }, '00000000-0000-4000-8000-000000000002');
    for (let i = 0; i < 3; i += 1) {
      await handle(opened);
      await handle(assigned);
    }
    const recorded = await rows();
    expect(recorded.map((r) => `${r.kind}->${r.recipient}`).sort()).toEqual([
      'task_assigned->901',
      'task_due_soon->901',
      'task_due_soon->901',
      'ticket_opened->901',
      'ticket_opened->902',
    ]);
    const reminders = recorded.filter((r) => r.kind === 'task_due_soon').map((r) => new Date(r.not_before).toISOString()).sort();
    expect(reminders).toEqual(['2026-11-25T12:00:00.000Z', '2026-11-26T10:00:00.000Z']);
  });

  it('delivers each due row once, and again only if the sender died before marking it sent', async () => {
    const sent: OutgoingMessage[] = [];
    const outgoing = {
      send: (message: OutgoingMessage) => {
        sent.push(message);
        return Promise.resolve({ status: 'sent' as const, messageIds: [1] });
      },
    };
    const quiet = { info: () => {}, warn: () => {}, error: () => {} };
    const clock = { now: () => NOW };
    const sender = startNotificationSender({ outbox: sqlOutboxQueue(sql), outgoing, read: sqlReadModels(sql), clock, zone: 'Europe/Moscow', log: quiet, pollMs: 60_000 });
    await sender.tick();
    await sender.tick();
    await sender.stop();
    // Three are due now (two technicians, one assignee); the reminders wait for their time. 901's two wait
    // for the same chat and leave as one message.
    expect(sent.map((m) => m.chatId).sort()).toEqual(['901', '902']);
    const toAssignee = sent.find((m) => m.chatId === '901');
    expect(toAssignee?.text).toContain('Новая заявка №1');
    expect(toAssignee?.text).toContain('Отчёт');
    expect(toAssignee?.keyboard?.flat().map((b) => b.data)).toContain('tt:1');

    // A sender that claims and sends but dies before markSent: after the lease, the row is due again.
    await sql.query(`UPDATE notification_outbox SET sent_at = NULL WHERE kind = 'task_assigned'`);
    const queue = sqlOutboxQueue(sql);
    const claimed = await queue.claimDue(NOW, 10, 1_000);
    expect(claimed.due.map((m) => m.kind)).toEqual(['task_assigned']);
    expect(await queue.claimDue(NOW, 10, 1_000)).toEqual({ due: [], unreadable: [] });
    const later = new Date(NOW.getTime() + 2_000);
    expect((await queue.claimDue(later, 10, 1_000)).due.map((m) => m.kind)).toEqual(['task_assigned']);
  });

  it('tells the parties a comment or cancellation records, without asking the read model; older events ask it', async () => {
    const asked: number[] = [];
    const directory = {
      techniciansFor: () => Promise.resolve([]),
      categoryLeads: () => Promise.resolve([]),
      ticketParties: (number: number) => {
        asked.push(number);
        return Promise.resolve({ authorId: '950', assigneeId: '951' });
      },
    };
    const withParties = notificationsReaction(() => directory, { techChat: false });
    const react = (e: RecordedEvent) => sql.transaction((tx) => withParties.handle(e, { tx, outbox: sqlOutboxWriter(tx), now: NOW }));
    // The actor (900) is the author; the assignee the event names hears of it, though the read model knows no one.
    await react(
      event('TicketCommented', { number: 41, authorId: '900', text: 'Жду', photo: null, commentedAt: NOW.toISOString(), parties: { authorId: '900', assigneeId: '905' } }, '00000000-0000-4000-8000-000000000041'),
    );
    await react(
      event('TicketCancelled', { number: 42, cancelledBy: '900', reason: 'Не нужно', from: 'in_progress', cancelledAt: NOW.toISOString(), parties: { authorId: '900', assigneeId: '906' } }, '00000000-0000-4000-8000-000000000042'),
    );
    expect(asked).toEqual([]);
    // Written before parties were recorded: the read model answers.
    await react(event('TicketCommented', { number: 43, authorId: '900', text: 'Жду', photo: null, commentedAt: NOW.toISOString() }, '00000000-0000-4000-8000-000000000043'));
    expect(asked).toEqual([43]);
    const recorded = (await rows()).filter((r) => r.kind === 'ticket_commented' || r.kind === 'ticket_cancelled');
    expect(recorded.map((r) => `${r.kind}->${r.recipient}`).sort()).toEqual([
      'ticket_cancelled->906',
      'ticket_commented->905',
      'ticket_commented->950',
      'ticket_commented->951',
    ]);
  });

  it('reads stored payloads back through their kind: an older row still renders, a garbled or unknown one is dropped with its reason', async () => {
    const insert = (id: string, kind: string, payload: unknown) =>
      sql.query(`INSERT INTO notification_outbox (id, source, kind, recipient, payload, not_before) VALUES ($1, 'notifications', $2, '970', $3::jsonb, $4)`, [
        id,
        kind,
        JSON.stringify(payload),
        NOW.toISOString(),
      ]);
    await sql.query(`UPDATE notification_outbox SET sent_at = $1 WHERE sent_at IS NULL`, [NOW.toISOString()]);
    // Written before resolvedAt was recorded (2026-11-30).
    await insert('ticket_resolved:old:970', 'ticket_resolved', { number: 77, resolution: 'Заменил лампу' });
    // A field renamed by some code that never shipped, and a kind no code knows.
    await insert('ticket_reopened:garbled:970', 'ticket_reopened', { number: 78, why: 'Снова мигает' });
    await insert('ticket_exploded:x:970', 'ticket_exploded', { number: 79 });
    const claimed = await sqlOutboxQueue(sql).claimDue(NOW, 10, 1_000);
    expect(claimed.due.map((m) => m.id)).toEqual(['ticket_resolved:old:970']);
    expect(claimed.unreadable.map((m) => [m.id, m.reason]).sort()).toEqual([
      ['ticket_exploded:x:970', 'unknown notification kind ticket_exploded'],
      ['ticket_reopened:garbled:970', expect.stringMatching(/^unreadable ticket_reopened payload \(reason: /) as string],
    ]);

    // The sender sends the readable one and drops the others with their reason; nobody reads "undefined".
    await sql.query(`UPDATE notification_outbox SET leased_until = NULL WHERE recipient = '970'`);
    const sent: OutgoingMessage[] = [];
    const outgoing = {
      send: (message: OutgoingMessage) => {
        sent.push(message);
        return Promise.resolve({ status: 'sent' as const, messageIds: [1] });
      },
    };
    const warned: string[] = [];
    const log = { info: () => {}, warn: (_: object, message: string) => void warned.push(message), error: () => {} };
    const sender = startNotificationSender({ outbox: sqlOutboxQueue(sql), outgoing, read: sqlReadModels(sql), clock: { now: () => NOW }, zone: 'Europe/Moscow', log, pollMs: 60_000 });
    await sender.tick();
    await sender.stop();
    expect(sent.map((m) => m.text)).toEqual([expect.stringContaining('№77 «» решена: Заменил лампу') as string]);
    expect(JSON.stringify(sent)).not.toContain('undefined');
    const dropped = await sql.query<{ id: string; last_error: string }>(
      `SELECT id, last_error FROM notification_outbox WHERE recipient = '970' AND dropped_at IS NOT NULL ORDER BY id`,
    );
    expect(dropped.rows.map((r) => r.id)).toEqual(['ticket_exploded:x:970', 'ticket_reopened:garbled:970']);
    expect(dropped.rows[0]!.last_error).toBe('unknown notification kind ticket_exploded');
    expect(warned).toEqual(['unreadable notification dropped', 'unreadable notification dropped']);
  });
});

describe('replies in the outbox', () => {
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const recording = () => {
    const sent: OutgoingMessage[] = [];
    const outgoing = {
      send: (message: OutgoingMessage) => {
        sent.push(message);
        return Promise.resolve({ status: 'sent' as const, messageIds: [sent.length] });
      },
    };
    return { sent, outgoing };
  };
  const until = async (probe: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 200 && !(await probe()); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await probe()).toBe(true);
  };
  const sentAt = async (id: string) =>
    (await sql.query<{ sent_at: Date | null }>('SELECT sent_at FROM notification_outbox WHERE id = $1', [id])).rows[0]?.sent_at ?? null;

  it('records an update\'s replies and sends them once; a redelivered update sends nothing again', async () => {
    const { sent, outgoing } = recording();
    const clock = { now: () => NOW };
    const sender = startNotificationSender({ outbox: sqlOutboxQueue(sql), outgoing, read: sqlReadModels(sql), clock, zone: 'Europe/Moscow', log: quiet, pollMs: 60_000 });
    const said: OutgoingMessage[] = [
      { chatId: '980', lane: 'reply', text: 'Заявка №5 принята.' },
      { chatId: '981', lane: 'notice', text: 'Новая заявка на доступ' },
    ];
    await sender.record('500:1700000000', said);
    const rows = await sql.query<{ id: string; lane: string; kind: string }>(`SELECT id, lane, kind FROM notification_outbox WHERE id LIKE 'reply:500:%' ORDER BY id`);
    expect(rows.rows).toEqual([
      { id: 'reply:500:1700000000:0', lane: 'reply', kind: 'reply' },
      { id: 'reply:500:1700000000:1', lane: 'notice', kind: 'reply' },
    ]);
    await until(async () => (await sentAt('reply:500:1700000000:1')) !== null && (await sentAt('reply:500:1700000000:0')) !== null);
    expect(sent.map((m) => [m.chatId, m.lane, m.text])).toEqual([
      ['980', 'reply', 'Заявка №5 принята.'],
      ['981', 'notice', 'Новая заявка на доступ'],
    ]);
    // Telegram delivers the update again (the 200 was lost): nothing is recorded or sent twice.
    await sender.record('500:1700000000', said);
    await sender.tick();
    await sender.stop();
    expect(sent).toHaveLength(2);
  });

  it('a reply a crashed attempt recorded but never sent goes out once, after its lease, whoever redelivers', async () => {
    const { sent, outgoing } = recording();
    let now = NOW.getTime();
    const clock = { now: () => new Date(now) };
    // The crashed attempt: recorded and leased for 5 s, then the process died.
    const stored = { id: 'reply:501:1700000001:0', source: 'bot', kind: 'reply' as const, recipient: '982', lane: 'reply' as const, payload: { text: 'Заявка №6 принята.' }, notBefore: NOW };
    expect(await sqlOutboxQueue(sql).recordReplies([stored], clock.now(), 5_000)).toEqual([stored.id]);
    const sender = startNotificationSender({ outbox: sqlOutboxQueue(sql), outgoing, read: sqlReadModels(sql), clock, zone: 'Europe/Moscow', log: quiet, pollMs: 60_000 });
    // The redelivery comes before the lease lapsed: the row is not this process's to send yet.
    await sender.record('501:1700000001', [{ chatId: '982', lane: 'reply', text: 'Заявка №6 принята.' }]);
    await sender.tick();
    expect(sent).toEqual([]);
    now += 5_001;
    await sender.tick();
    await until(async () => (await sentAt(stored.id)) !== null);
    await sender.tick();
    await sender.record('501:1700000001', [{ chatId: '982', lane: 'reply', text: 'Заявка №6 принята.' }]);
    await sender.stop();
    expect(sent.map((m) => [m.chatId, m.text])).toEqual([['982', 'Заявка №6 принята.']]);
  });

  it('holds the notices of a person who blocked the bot and hands them over once', async () => {
    const queue = sqlOutboxQueue(sql);
    const writer = sqlOutboxWriter(sql);
    await sql.query(`UPDATE notification_outbox SET sent_at = $1 WHERE sent_at IS NULL AND dropped_at IS NULL`, [NOW.toISOString()]);
    for (const number of [91, 92]) {
      await writer.enqueue({ id: `ticket_opened:h${number}:990`, source: 'notifications', kind: 'ticket_opened', recipient: '990', payload: { number, title: 'Кран', category: 'plumbing', location: 'каб. 3' }, notBefore: NOW });
    }
    const claimed = await queue.claimDue(NOW, 10, 1_000);
    await queue.hold(claimed.due.map((m) => m.id), NOW);
    const later = new Date(NOW.getTime() + 60_000);
    expect((await queue.claimDue(later, 10, 1_000)).due).toEqual([]);
    expect((await queue.takeHeld('990', later)).map((m) => m.payload)).toEqual([
      expect.objectContaining({ number: 91 }) as unknown,
      expect.objectContaining({ number: 92 }) as unknown,
    ]);
    expect(await queue.takeHeld('990', later)).toEqual([]);
  });

  it('prunes rows sent or dropped before the cut-off, never one still waiting', async () => {
    const queue = sqlOutboxQueue(sql);
    const writer = sqlOutboxWriter(sql);
    const old = new Date(NOW.getTime() - 40 * 86_400_000);
    for (const id of ['prune:sent', 'prune:dropped', 'prune:waiting', 'prune:recent']) {
      await writer.enqueue({ id, source: 'notifications', kind: 'task_returned', recipient: '995', payload: { number: 1, reason: 'Нет подписи' }, notBefore: old });
    }
    await queue.markSent(['prune:sent'], old);
    await queue.markDropped(['prune:dropped'], 'stale', old);
    await queue.markSent(['prune:recent'], NOW);
    await queue.prune(new Date(NOW.getTime() - 30 * 86_400_000));
    const left = await sql.query<{ id: string }>(`SELECT id FROM notification_outbox WHERE id LIKE 'prune:%' ORDER BY id`);
    expect(left.rows.map((r) => r.id)).toEqual(['prune:recent', 'prune:waiting']);
  });
});
