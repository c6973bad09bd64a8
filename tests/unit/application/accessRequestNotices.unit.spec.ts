// Requests for access (issue 18): whom the reaction asks and when (a request made in Telegram, each admin once,
// due when its window ends), and how a burst of them is rendered for one admin (pages within Telegram's limits,
// "и ещё N" past the cap, plurals, a request decided meanwhile dropped, an old row without Telegram's facts).
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../application/ports/eventStore.js';
import type { OutboxMessage, PendingMessage } from '../../../application/ports/outbox.js';
import type { ReadModels, StaffView } from '../../../application/ports/readModels.js';
import type { SqlQueryable } from '../../../application/ports/sql.js';
import { notificationsReaction } from '../../../application/reactions/notifications.js';
import { renderNoticeBatch } from '../../../adapters/telegram/notificationTexts.js';
import { REQUESTS_PER_MESSAGE } from '../../../adapters/telegram/accessRequests.js';
import { texts } from '../../../adapters/telegram/texts.js';

const NOW = new Date('2026-11-24T07:00:25Z');
const registered = (telegramId: string, data: Record<string, unknown> = {}): RecordedEvent =>
  ({
    id: `00000000-0000-4000-8000-${telegramId.padStart(12, '0')}`,
    type: 'StaffRegistered',
    data: { telegramId, fullName: 'Орлова Анна Сергеевна', username: null, registeredAt: NOW.toISOString(), ...data },
    metadata: { actorId: telegramId, occurredAt: NOW.toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
    streamName: `staff-${telegramId}`,
    revision: 0n,
    position: '1' as RecordedEvent['position'],
    recordedAt: NOW.toISOString(),
  }) as RecordedEvent;

async function asked(...events: RecordedEvent[]): Promise<OutboxMessage[]> {
  const directory = { techniciansFor: () => Promise.resolve([]), categoryLeads: () => Promise.resolve([]), admins: () => Promise.resolve(['1001', '1000']) };
  const reaction = notificationsReaction(() => directory, { techChat: false, adminIds: ['1000'], accessRequestWindowMs: 60_000 });
  const rows = new Map<string, OutboxMessage>();
  const outbox = { enqueue: (message: OutboxMessage) => Promise.resolve(!rows.has(message.id) && Boolean(rows.set(message.id, message))) };
  for (const event of events) await reaction.handle(event, { tx: {} as SqlQueryable, outbox, now: NOW });
  return [...rows.values()];
}

describe('the reaction asks the admins', () => {
  it('each admin once (configured or approved), due when the minute of the request ends', async () => {
    const rows = await asked(registered('501', { telegram: { firstName: 'Анна' } }));
    expect(rows.map((row) => [row.kind, row.recipient, row.notBefore?.toISOString()])).toEqual([
      ['staff_request', '1000', '2026-11-24T07:01:00.000Z'],
      ['staff_request', '1001', '2026-11-24T07:01:00.000Z'],
    ]);
    expect(rows[0]?.payload).toEqual({ telegramId: '501', fullName: 'Орлова Анна Сергеевна', username: null, telegram: { firstName: 'Анна' }, registeredAt: NOW.toISOString() });
  });

  it('nobody for a registration made outside Telegram (no account facts), nor for a configured admin', async () => {
    expect(await asked(registered('501'), registered('1000', { telegram: { firstName: 'Админ' } }))).toEqual([]);
  });
});

describe('a burst of requests for one admin', () => {
  const request = (i: number, payload: Record<string, unknown> = {}): PendingMessage =>
    ({
      id: `staff_request:${i}:1000`,
      source: 'notifications',
      kind: 'staff_request',
      recipient: '1000',
      payload: { telegramId: String(5000 + i), fullName: `Фамилия${i} Имя Отчество`, username: `user${i}`, telegram: { firstName: 'Имя' }, registeredAt: new Date(NOW.getTime() + i).toISOString(), ...payload },
      notBefore: NOW,
      attempts: 1,
      createdAt: NOW,
    }) as PendingMessage;
  const staff = (telegramId: string, fullName: string, extra: Partial<StaffView> = {}): StaffView => ({
    telegramId,
    fullName,
    username: null,
    role: 'teacher',
    categories: [],
    status: 'active',
    reachable: true,
    registeredAt: null,
    updatedAt: NOW,
    ...extra,
  });
  const readWith = (people: StaffView[]) =>
    ({
      staffById: (id: string) => Promise.resolve(people.find((p) => p.telegramId === id)),
      staffDirectory: () => Promise.resolve(people),
    }) as unknown as ReadModels;
  const render = (messages: PendingMessage[], people: StaffView[] = []) =>
    renderNoticeBatch(messages, { read: readWith(people), zone: 'Europe/Moscow', now: NOW, recipient: '1000' });

  it('twelve requests: two pages of five, numbered on, the rest counted in the last; every row accounted for once', async () => {
    const messages = Array.from({ length: 12 }, (_, i) => request(i + 1));
    const batch = await render(messages);
    expect(batch.send).toHaveLength(2);
    const [first, second] = batch.send;
    expect(first?.message.text.split('\n')[0]).toBe('🔑 12 новых заявок на доступ:');
    expect(first?.message.keyboard).toHaveLength(REQUESTS_PER_MESSAGE);
    expect(second?.message.text).toContain('\n6. Фамилия6 Имя Отчество\n');
    expect(first?.message.keyboard?.[0]).toEqual([
      { text: '✅ Одобрить: 1. Фамилия1', data: 'va:5001' },
      { text: '❌ Отклонить: 1. Фамилия1', data: 'vr:5001' },
    ]);
    expect(second?.message.keyboard?.[0]?.map((b) => b.text)).toEqual(['✅ Одобрить: 6. Фамилия6', '❌ Отклонить: 6. Фамилия6']);
    expect(second?.message.text).toContain('…и ещё 2 заявки: все ждущие заявки — в /staff.');
    expect(second?.message.text).not.toContain('Фамилия11');
    expect(batch.send.flatMap((s) => s.ids).sort()).toEqual(messages.map((m) => m.id).sort());
    expect(batch.drop).toEqual([]);
    for (const { message } of batch.send) {
      expect(message.text.length).toBeLessThanOrEqual(4096);
      for (const row of message.keyboard ?? []) for (const b of row) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
    }
  });

  it('long blocks start a new page rather than pass 4096 characters', async () => {
    // Longer than the event schema lets a name be: many warnings could make a block this long.
    const long = 'Я'.repeat(900);
    const batch = await render(Array.from({ length: 5 }, (_, i) => request(i + 1, { telegram: { firstName: long, lastName: long } })));
    expect(batch.send.length).toBeGreaterThan(1);
    for (const { message } of batch.send) expect(message.text.length).toBeLessThanOrEqual(4096);
  });

  it.each([
    [2, '🔑 2 новые заявки на доступ:'],
    [5, '🔑 5 новых заявок на доступ:'],
  ])('%i requests are titled "%s"', async (count, title) => {
    const batch = await render(Array.from({ length: count }, (_, i) => request(i + 1)));
    expect(batch.send[0]?.message.text.split('\n')[0]).toBe(title);
    expect(texts.registration.requestsTitle(21)).toBe('🔑 21 новая заявка на доступ:');
  });

  it('drops a request decided meanwhile, and a second row of the same request', async () => {
    const decided = request(1);
    const twice = { ...request(2), id: 'staff_request:again:1000' } as PendingMessage;
    const batch = await render([decided, request(2), twice], [staff('5001', 'Фамилия1 Имя Отчество', { status: 'active' })]);
    expect(batch.drop.map((d) => d.id).sort()).toEqual([decided.id, twice.id].sort());
    expect(batch.send).toHaveLength(1);
    expect(batch.send[0]?.message.text.split('\n')[0]).toBe('Новый сотрудник просит доступ: Фамилия2 Имя Отчество.');
  });

  it('warns of a name turned down lately, with its date; an old row without Telegram facts still renders', async () => {
    const old = request(3, { fullName: 'Иванова М. П.', telegram: undefined, username: null });
    const rejected = staff('5999', 'Иванова Мария Петровна', { status: 'inactive', role: null, updatedAt: new Date('2026-11-20T09:00:00Z') });
    const batch = await render([old], [rejected]);
    expect(batch.send[0]?.message.text).toBe(
      [
        'Новый сотрудник просит доступ: Иванова М. П..',
        'Telegram: id 5003, без имени пользователя',
        '⚠️ Заявку с таким именем уже отклонили 20 ноября: Иванова Мария Петровна (id 5999). Проверьте, тот ли это человек.',
        'Выберите роль:',
      ].join('\n'),
    );
  });
});
