// Several notices waiting for one chat become few messages: new tickets as lists with a Take button each,
// everything else merged; a new ticket someone took meanwhile is dropped, not sent stale; every id given in
// comes back exactly once, sent or dropped; nothing breaks Telegram's limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NotificationPayload } from '../../application/notifications/kinds.js';
import type { PendingMessage } from '../../application/ports/outbox.js';
import type { ReadModels, TaskView, TicketStatus, TicketView } from '../../application/ports/readModels.js';
import { TECH_CHAT_RECIPIENT, techCardId } from '../../application/reactions/notifications.js';
import { decodeCallback } from '../../adapters/telegram/callbackData.js';
import { renderNoticeBatch, renderNotification, type NoticeBatch, type NoticeContext } from '../../adapters/telegram/notificationTexts.js';

const NOW = new Date('2026-11-24T07:00:00Z');
const DEADLINE = '2026-11-25T15:00:00.000Z';
const PERSON = '201';

const ticketView = (number: number, status: TicketStatus = 'open', assigneeId: string | null = null): TicketView => ({
  number,
  title: `Не включается проектор ${number}`,
  description: '',
  category: 'it',
  location: `каб. ${200 + number}`,
  priority: 'normal',
  status,
  authorId: '101',
  assigneeId,
  openedAt: NOW,
  dueAt: NOW,
  resolvedAt: null,
  closedAt: null,
  cancelledAt: null,
  updatedAt: NOW,
  reopenCount: 0,
  commentCount: 0,
  overdue: false,
});

let sequence = 0;
function pending<K extends PendingMessage['kind']>(kind: K, payload: NotificationPayload<K>, recipient = PERSON): PendingMessage {
  sequence += 1;
  return { id: `${kind}:${sequence}:${recipient}`, source: 'notifications', kind, recipient, payload, lane: 'notice', notBefore: NOW, attempts: 1, createdAt: NOW } as PendingMessage;
}
const opened = (number: number, recipient = PERSON) =>
  pending('ticket_opened', { number, title: `Не включается проектор ${number}`, category: 'it', location: `каб. ${200 + number}` }, recipient);

function readWith(tickets: readonly TicketView[], tasks: readonly TaskView[] = []): ReadModels {
  const byNumber = new Map(tickets.map((t) => [t.number, t]));
  const taskByNumber = new Map(tasks.map((t) => [t.number, t]));
  return {
    ticketByNumber: (number: number) => Promise.resolve(byNumber.get(number)),
    taskByNumber: (number: number) => Promise.resolve(taskByNumber.get(number)),
    staffNames: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, id === '301' ? 'Алексеев Иван Петрович' : 'Петрова Анна Сергеевна']))),
    staffById: () => Promise.resolve(undefined),
  } as unknown as ReadModels;
}

const context = (read: ReadModels, changes: Partial<NoticeContext> = {}): NoticeContext => ({ read, zone: 'Europe/Moscow', now: NOW, recipient: PERSON, ...changes });

function expectEveryIdOnce(batch: NoticeBatch, messages: readonly PendingMessage[]) {
  const returned = [...batch.send.flatMap((s) => s.ids), ...batch.drop.map((d) => d.id)].sort();
  expect(returned).toEqual(messages.map((m) => m.id).sort());
}

function expectWithinTelegramLimits(batch: NoticeBatch) {
  for (const { message } of batch.send) {
    expect(message.text.length).toBeLessThanOrEqual(4096);
    expect(message.text).not.toMatch(/undefined|null|NaN|\[object|\(1\):/);
    for (const b of (message.keyboard ?? []).flat()) {
      expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
      expect(decodeCallback(b.data)).toBeDefined();
    }
  }
}

describe('new tickets for one technician', () => {
  it('one is rendered exactly as a single notice', async () => {
    const read = readWith([ticketView(31)]);
    const message = opened(31);
    const batch = await renderNoticeBatch([message], context(read));
    const single = await renderNotification(message, context(read));
    expect(single.kind).toBe('send');
    if (single.kind === 'send') expect(batch.send).toEqual([{ message: single.message, ids: [message.id] }]);
  });

  it('five become one list with a Take button for each', async () => {
    const numbers = [31, 32, 33, 34, 35];
    const messages = numbers.map((n) => opened(n));
    const batch = await renderNoticeBatch(messages, context(readWith(numbers.map((n) => ticketView(n)))));
    expect(batch.drop).toEqual([]);
    expect(batch.send).toHaveLength(1);
    const [{ message, ids }] = batch.send as [NoticeBatch['send'][number]];
    expect(ids.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(message.text.split('\n')).toEqual([
      '🆕 Новые заявки (5):',
      '№31 · каб. 231 — Не включается проектор 31',
      '№32 · каб. 232 — Не включается проектор 32',
      '№33 · каб. 233 — Не включается проектор 33',
      '№34 · каб. 234 — Не включается проектор 34',
      '№35 · каб. 235 — Не включается проектор 35',
    ]);
    expect(message.keyboard?.flat().map((b) => `${b.text}=${b.data}`)).toEqual(numbers.map((n) => `Взять №${n}=tt:${n}`));
  });

  it('thirty become two lists of fifteen, and twenty-one never leave a list of one', async () => {
    const thirty = Array.from({ length: 30 }, (_, i) => opened(100 + i));
    const batch = await renderNoticeBatch(thirty, context(readWith([])));
    expect(batch.send.map((s) => s.message.text.split('\n')[0])).toEqual(['🆕 Новые заявки (15):', '🆕 Новые заявки (15):']);
    expectEveryIdOnce(batch, thirty);
    expectWithinTelegramLimits(batch);

    const twentyOne = Array.from({ length: 21 }, (_, i) => opened(300 + i));
    const split = await renderNoticeBatch(twentyOne, context(readWith([])));
    expect(split.send.map((s) => s.ids.length)).toEqual([11, 10]);
  });

  it('drops a ticket already taken, cancelled or resolved, and shows the one left as its own card', async () => {
    const messages = [opened(1), opened(2), opened(3), opened(4)];
    const read = readWith([ticketView(1, 'in_progress', '301'), ticketView(2, 'cancelled'), ticketView(3, 'resolved', '301'), ticketView(4)]);
    const batch = await renderNoticeBatch(messages, context(read));
    expect(batch.drop.map((d) => d.reason)).toEqual(['ticket is in_progress now', 'ticket is cancelled now', 'ticket is resolved now']);
    expect(batch.send).toHaveLength(1);
    expect(batch.send[0]?.message.text).toMatch(/^🆕 Новая заявка №4: Не включается проектор 4\nКатегория: ИТ и компьютеры\nМесто: каб. 204$/);
    expect(batch.send[0]?.message.keyboard?.flat().map((b) => b.data)).toEqual(['tt:4', 'ts:4']);
  });

  it('a single notice of a ticket someone took is dropped too', async () => {
    const batch = await renderNoticeBatch([opened(5)], context(readWith([ticketView(5, 'in_progress', '301')])));
    expect(batch).toEqual({ send: [], drop: [{ id: expect.any(String) as string, reason: 'ticket is in_progress now' }] });
  });

  it('a ticket the read model does not know yet is still news', async () => {
    const batch = await renderNoticeBatch([opened(6)], context(readWith([])));
    expect(batch.send).toHaveLength(1);
  });

  it('keeps long titles within one line and the list within 4096 characters', async () => {
    const long = Array.from({ length: 20 }, (_, i) =>
      pending('ticket_opened', { number: 999_999_000 + i, title: 'очень '.repeat(500), category: 'it', location: 'кабинет '.repeat(100) }),
    );
    const batch = await renderNoticeBatch(long, context(readWith([])));
    expect(batch.send).toHaveLength(1);
    expect(batch.send[0]?.message.text.split('\n')).toHaveLength(21);
    expectWithinTelegramLimits(batch);
  });
});

describe('other notices for one person', () => {
  const task = { number: 3, title: 'Сдать отчёт', status: 'assigned', deadline: new Date(DEADLINE) } as TaskView;

  it('are merged into one message whose buttons name their ticket or task, after the list of new tickets', async () => {
    const messages = [
      opened(10),
      pending('ticket_commented', { number: 7, commenterId: '301', text: 'Заказал кабель', hasPhoto: false }),
      opened(11),
      pending('task_assigned', { number: 3, title: 'Сдать отчёт', deadline: DEADLINE }),
      pending('ticket_resolved', { number: 8, resolution: 'Заменил лампу', resolvedAt: NOW.toISOString() }),
    ];
    const read = readWith([ticketView(7, 'in_progress', '301'), ticketView(8, 'resolved', '301')], [task]);
    const batch = await renderNoticeBatch(messages, context(read));
    expectEveryIdOnce(batch, messages);
    expect(batch.send).toHaveLength(2);
    const [list, merged] = batch.send;
    expect(list?.message.text).toMatch(/^🆕 Новые заявки \(2\):/);
    expect(merged?.message.text.split('\n\n')).toHaveLength(3);
    expect(merged?.message.text).toMatch(/^💬 Комментарий к заявке №7 .*\n\n📌 Новое поручение п3: Сдать отчёт\nСрок: .*\n\n✅ Заявка №8 .*решена: Заменил лампу/s);
    expect(merged?.message.keyboard?.flat().map((b) => b.text)).toEqual([
      'Комментарий №7',
      'Открыть №7',
      'Принять п3',
      'Открыть п3',
      'Подтвердить №8',
      'Вернуть в работу №8',
    ]);
  });

  it('a reminder past its moment is dropped, the rest sent', async () => {
    const late = pending('task_due_soon', { number: 3, deadline: DEADLINE, hours: 24 });
    const returned = pending('task_returned', { number: 3, reason: 'Нет подписи' });
    const read = readWith([], [{ ...task, deadline: new Date('2026-11-24T08:00:00Z') }]);
    const batch = await renderNoticeBatch([late, returned], context(read));
    expect(batch.drop).toEqual([{ id: late.id, reason: 'deadline changed' }]);
    expect(batch.send.map((s) => s.ids)).toEqual([[returned.id]]);
    expect(batch.send[0]?.message.keyboard?.flat().map((b) => b.text)).toEqual(['Открыть п3']);
  });
});

describe('a person back after blocking the bot', () => {
  const held = [
    opened(1),
    opened(2),
    opened(3),
    pending('task_assigned', { number: 4, title: 'Проверить журналы', deadline: DEADLINE }),
    pending('task_due_soon', { number: 4, deadline: DEADLINE, hours: 24 }),
  ];
  const outboxWith = (messages: readonly PendingMessage[]) => {
    const taken: string[] = [];
    return {
      taken,
      takeHeld: (recipient: string) => {
        taken.push(recipient);
        return Promise.resolve([...messages]);
      },
      sentMessageIds: () => Promise.resolve(undefined),
    };
  };

  it('hears once what they missed, in correct Russian, before the next notice', async () => {
    const outbox = outboxWith(held);
    const back = pending('reachable_again', { telegramId: PERSON });
    const next = pending('ticket_cancelled', { number: 9, reason: 'Уже не нужно' });
    const batch = await renderNoticeBatch([back, next], context(readWith([ticketView(9, 'cancelled')]), { outbox }));
    expect(outbox.taken).toEqual([PERSON]);
    expect(batch.send[0]?.ids).toEqual([back.id]);
    expect(batch.send[0]?.message.text).toBe('Пока вы были недоступны: 3 новые заявки, 1 новое поручение.');
    expect(batch.send[0]?.message.keyboard?.flat().map((b) => b.data)).toEqual(['ts:1', 'ts:2', 'ts:3', 'ks:4']);
    expect(batch.send[1]?.message.text).toMatch(/^Заявка №9 .* отменена: Уже не нужно$/);
  });

  it('with many held, names /my and /queue instead of a button each', async () => {
    const many = [...Array.from({ length: 25 }, (_, i) => opened(i + 1)), pending('ticket_commented', { number: 1, commenterId: '301', text: 'ок', hasPhoto: false })];
    const batch = await renderNoticeBatch([pending('reachable_again', { telegramId: PERSON })], context(readWith([]), { outbox: outboxWith(many) }));
    expect(batch.send[0]?.message.text).toBe('Пока вы были недоступны: 25 новых заявок, 1 комментарий.\n\nВаши заявки и поручения: /my\nОчередь заявок: /queue');
    expect(batch.send[0]?.message.keyboard).toBeUndefined();
  });

  it('is dropped when nothing was held (or only reminders), or when there is no outbox to take from', async () => {
    const back = pending('reachable_again', { telegramId: PERSON });
    const nothing = await renderNoticeBatch([back], context(readWith([]), { outbox: outboxWith([]) }));
    expect(nothing.drop).toEqual([{ id: back.id, reason: 'nothing was held' }]);
    const reminders = await renderNoticeBatch([back], context(readWith([]), { outbox: outboxWith([held[4]!]) }));
    expect(reminders.drop).toEqual([{ id: back.id, reason: 'nothing was held' }]);
    expect((await renderNoticeBatch([back], context(readWith([])))).drop).toHaveLength(1);
  });
});

describe('the technicians group', () => {
  const tech = (changes: Partial<NoticeContext> = {}) => ({ recipient: TECH_CHAT_RECIPIENT, ...changes });

  it('lists hold tickets close in number, and a lone card stays a message of its own', async () => {
    const messages = [opened(1, TECH_CHAT_RECIPIENT), opened(2, TECH_CHAT_RECIPIENT), opened(100, TECH_CHAT_RECIPIENT), opened(200, TECH_CHAT_RECIPIENT)];
    const batch = await renderNoticeBatch(messages, context(readWith([]), tech()));
    expect(batch.send.map((s) => s.message.text.split('\n')[0])).toEqual(['🆕 Новые заявки (2):', '🆕 Новая заявка №100: Не включается проектор 100', '🆕 Новая заявка №200: Не включается проектор 200']);
  });

  it('a ticket taken elsewhere edits its list card: who took it, and no Take button for it', async () => {
    const cardOf = new Map([30, 31, 32, 33].map((n) => [techCardId(n), [77]]));
    cardOf.set(techCardId(29), [76]);
    const outbox = { takeHeld: () => Promise.resolve([]), sentMessageIds: (id: string) => Promise.resolve(cardOf.get(id)) };
    const read = readWith([ticketView(29), ticketView(30), ticketView(31), ticketView(32, 'in_progress', '301'), ticketView(33, 'cancelled')]);
    const taken = pending('tech_card_taken', { number: 32, assigneeId: '301' }, TECH_CHAT_RECIPIENT);
    const batch = await renderNoticeBatch([taken], context(read, tech({ outbox })));
    expect(batch.send).toHaveLength(1);
    const { message } = batch.send[0]!;
    expect(message.editMessageId).toBe(77);
    expect(message.text.split('\n')).toEqual([
      '🆕 Новые заявки (4):',
      '№30 · каб. 230 — Не включается проектор 30',
      '№31 · каб. 231 — Не включается проектор 31',
      '№32 · каб. 232 — Не включается проектор 32 → Алексеев И.П.',
      '№33 · каб. 233 — Не включается проектор 33 (отменена)',
    ]);
    expect(message.keyboard?.flat().map((b) => b.data)).toEqual(['tt:30', 'tt:31']);
  });

  it('a single card says who took it; an unknown card is dropped', async () => {
    const outbox = { takeHeld: () => Promise.resolve([]), sentMessageIds: (id: string) => Promise.resolve(id === techCardId(5) ? [12] : undefined) };
    const read = readWith([ticketView(5, 'in_progress', '301')]);
    const batch = await renderNoticeBatch(
      [pending('tech_card_taken', { number: 5, assigneeId: '301' }, TECH_CHAT_RECIPIENT), pending('tech_card_taken', { number: 6, assigneeId: '301' }, TECH_CHAT_RECIPIENT)],
      context(read, tech({ outbox })),
    );
    expect(batch.send).toHaveLength(1);
    expect(batch.send[0]?.message).toEqual({
      text: '🆕 Новая заявка №5: Не включается проектор 5\nКатегория: ИТ и компьютеры\nМесто: каб. 205\n\n✅ Взята в работу: Алексеев И.П.',
      keyboard: [[{ text: 'Открыть №5', data: 'ts:5' }]],
      editMessageId: 12,
    });
    expect(batch.drop.map((d) => d.reason)).toEqual(['the group card of this ticket is unknown']);
  });
});

describe('any batch', () => {
  const statuses: TicketStatus[] = ['open', 'in_progress', 'resolved', 'closed', 'cancelled'];
  const number = fc.integer({ min: 1, max: 999_999_999 });
  const notice = fc.oneof(
    number.map((n) => opened(n)),
    number.map((n) => pending('ticket_assigned', { number: n })),
    number.map((n) => pending('ticket_commented', { number: n, commenterId: '301', text: 'к'.repeat(n % 3000), hasPhoto: n % 2 === 0 })),
    number.map((n) => pending('ticket_resolved', { number: n, resolution: 'готово' })),
    number.map((n) => pending('task_assigned', { number: n, title: 'Отчёт', deadline: DEADLINE })),
    number.map((n) => pending('task_returned', { number: n, reason: 'Нет подписи' })),
    fc.constant(null).map(() => pending('reachable_again', { telegramId: PERSON })),
    fc.constant(null).map(() => pending('reply', { text: 'Заявка №1 принята.' })),
  );

  it('accounts for every id exactly once and keeps within Telegram limits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(notice, { minLength: 1, maxLength: 60 }), fc.array(fc.constantFrom(...statuses), { minLength: 1 }), async (messages, pick) => {
        const tickets = messages.map((m, i) => ticketView('number' in m.payload ? m.payload.number : 0, pick[i % pick.length]));
        const outbox = { takeHeld: () => Promise.resolve(messages.slice(0, 3)), sentMessageIds: () => Promise.resolve(undefined) };
        const batch = await renderNoticeBatch(messages, context(readWith(tickets), { outbox }));
        expectEveryIdOnce(batch, messages);
        expectWithinTelegramLimits(batch);
        expect(batch.send.length).toBeLessThanOrEqual(messages.length);
      }),
      { numRuns: 150 },
    );
  });
});
