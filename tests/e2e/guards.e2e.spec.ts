// What must hold when things go wrong: a forged or stale button, a redelivered update, a wrong webhook secret,
// Telegram answering 429 or 403, text too long for one message, a photo on a ticket.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import type { Update } from 'telegraf/types';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const AUTHOR = '4001';
const OTHER = '4002';
const TECH = '4003';
const BLOCKED = '4004';

async function approved(h: Harness, id: string, fullName: string, role: 'teacher' | 'technician') {
  expect((await h.commands.register(await h.as(id), { fullName }, {})).ok).toBe(true);
  expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: id, role }, {})).ok).toBe(true);
}

describe.each(STORE_KINDS)('the bot under trouble on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, AUTHOR, 'Автор Анна Петровна', 'teacher');
    await approved(h, OTHER, 'Чужой Пётр Ильич', 'teacher');
    await approved(h, TECH, 'Мастер Иван Иванович', 'technician');
    await approved(h, BLOCKED, 'Закрытый Олег Олегович', 'teacher');
    const opened = await h.commands.openTicket(await h.as(AUTHOR), { title: 'Сломан замок', description: 'Дверь 12', category: 'maintenance', location: 'каб. 12' }, {});
    expect(opened.ok).toBe(true);
    expect((await h.commands.takeTicket(await h.as(TECH), { number: 1 }, {})).ok).toBe(true);
    expect((await h.commands.resolveTicket(await h.as(TECH), { number: 1, resolution: 'Заменил личинку' }, {})).ok).toBe(true);
  });
  afterAll(() => h?.close());

  it('refuses a forged button from someone else politely and appends nothing', async () => {
    const before = await h.eventCount();
    await h.press(OTHER, 'tf:1');
    await h.expectText(OTHER, /Это действие вам недоступно/);
    await h.press(OTHER, 'tt:1');
    await h.expectText(OTHER, /Это действие вам недоступно/);
    await h.press(OTHER, 'zz:garbage');
    await h.expectText(OTHER, /Эта кнопка устарела/);
    expect(await h.eventCount()).toBe(before);
    // The callback query is answered every time, at once.
    await h.fake.waitFor(() => h.fake.successful('answerCallbackQuery').length >= 3, 10_000, 'answers');
  });

  it('applies a redelivered update once, even when both deliveries arrive together', async () => {
    const before = await h.eventCount();
    const update = {
      update_id: 990_001,
      message: {
        message_id: 5,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(AUTHOR), type: 'private', first_name: 'A' },
        from: { id: Number(AUTHOR), is_bot: false, first_name: 'A' },
        text: '/new каб. 7 не работает розетка',
      },
    } as unknown as Update;
    const statuses = await Promise.all([h.post(update), h.post(update)]);
    expect(statuses).toEqual([200, 200]);
    expect(await h.post(update)).toBe(200);
    await h.expectText(AUTHOR, /Заявка №2 принята/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.textsTo(AUTHOR).filter((t) => /Заявка №\d+ принята/.test(t))).toHaveLength(1);
    // One number reservation and one TicketOpened.
    expect(await h.eventCount()).toBe(before + 2);
  });

  it('answers 401 to a delivery without the right secret and handles nothing', async () => {
    // Answers to updates only: command menus set after the approvals above may still be arriving.
    const answers = () => h.fake.calls.filter((c) => c.method !== 'setMyCommands').length;
    const before = answers();
    expect(await h.post({ update_id: 990_100, message: { text: '/help' } } as unknown as Update, 'wrong')).toBe(401);
    const response = await h.http.inject({ method: 'POST', url: '/telegram/webhook', payload: { update_id: 1 } });
    expect(response.statusCode).toBe(401);
    expect(answers()).toBe(before);
  });

  it('waits out a 429 and then delivers', async () => {
    h.fake.failNext('sendMessage', { code: 429, retryAfter: 1, match: (p) => String(p.chat_id) === TECH });
    const callsBefore = h.fake.calls.length;
    const started = Date.now();
    await h.say(TECH, '/help');
    await h.expectText(TECH, /Что я умею/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const calls = h.fake.calls.slice(callsBefore).filter((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === TECH);
    expect(calls.map((c) => c.status)).toEqual([429, 'ok']);
  });

  it('marks a person who blocked the bot unreachable instead of failing', async () => {
    h.fake.failNext('sendMessage', { code: 403, match: (p) => String(p.chat_id) === BLOCKED });
    await h.say(BLOCKED, '/help');
    await h.eventually(async () => (await h.read.staffById(BLOCKED))?.reachable === false, 'unreachable in the directory');
    const events = await h.store.readStream(`staff-${BLOCKED}`);
    expect(events.map((e) => e.type)).toContain('StaffUnreachable');

    // They unblock the bot and write again: reachable once more, recorded once however often they write.
    const staffEvents = async () => (await h.store.readStream(`staff-${BLOCKED}`)).map((e) => e.type);
    const seen = h.fake.textsTo(BLOCKED).length;
    await h.say(BLOCKED, '/help');
    await h.expectText(BLOCKED, /\/new/, { after: seen });
    expect((await staffEvents()).filter((type) => type === 'StaffReachable')).toHaveLength(1);
    expect((await staffEvents()).at(-1)).toBe('StaffReachable');
    await h.eventually(async () => (await h.read.staffById(BLOCKED))?.reachable === true, 'reachable in the directory');
    await h.say(BLOCKED, '/my');
    await h.say(BLOCKED, '/help');
    expect((await staffEvents()).filter((type) => type === 'StaffReachable')).toHaveLength(1);
  });

  it('refuses a 5,000-character description clearly, and splits a long card', async () => {
    const before = await h.eventCount();
    await h.say(AUTHOR, `/new ${'а'.repeat(5000)}`);
    await h.expectText(AUTHOR, /Слишком длинный текст: не больше 4000 символов/);
    expect(await h.eventCount()).toBe(before);

    const description = Array.from({ length: 57 }, (_, i) => `Пункт ${i + 1}: ${'подробности '.repeat(5).trim()}`).join('\n');
    expect(description.length).toBeGreaterThan(3950);
    expect(description.length).toBeLessThanOrEqual(4000);
    const opened = await h.commands.openTicket(await h.as(AUTHOR), { title: 'Длинная', description, category: 'other', location: 'спортзал' }, {});
    expect(opened.ok).toBe(true);
    const number = opened.ok ? opened.number : 0;
    await h.eventually(() => h.read.ticketByNumber(number, h.clock.now()), 'long ticket');
    const seen = h.fake.textsTo(AUTHOR).length;
    await h.say(AUTHOR, `/ticket ${number}`);
    const head = await h.expectText(AUTHOR, new RegExp(`Заявка №${number}: Длинная`), { after: seen });
    const tail = await h.expectText(AUTHOR, /Пункт 57/, { after: seen });
    // Too long for one message: the card arrives in two parts, each within Telegram's limit.
    expect(head).not.toBe(tail);
    expect([head.length, tail.length].every((length) => length <= 4096)).toBe(true);
  });

  it('keeps a photo sent with a new ticket', async () => {
    await h.say(AUTHOR, '/new');
    await h.press(AUTHOR, 'wc:safety');
    await h.say(AUTHOR, 'лестница у столовой');
    await h.say(AUTHOR, 'Разбита ступенька');
    await h.expectText(AUTHOR, /Пришлите фото/);
    await h.photo(AUTHOR, 'stair-photo');
    await h.expectText(AUTHOR, /Фото: 1/);
    const seen = h.fake.textsTo(AUTHOR).length;
    await h.press(AUTHOR, 'wy');
    const reply = await h.expectText(AUTHOR, /Заявка №\d+ принята/, { after: seen });
    const number = Number(/№(\d+)/.exec(reply)![1]);
    const opened = (await h.store.readStream(`ticket-${number}`)).find((e) => e.type === 'TicketOpened');
    expect((opened?.data as { photos: unknown }).photos).toEqual([{ fileId: 'stair-photo', fileUniqueId: 'u-stair-photo' }]);
  });

  it('leaves a form with /cancel, and says when a form button has expired', async () => {
    await h.say(OTHER, '/new');
    await h.press(OTHER, 'wc:it');
    await h.expectText(OTHER, /Где\?/);
    await h.say(OTHER, '/cancel');
    await h.expectText(OTHER, /Хорошо, отменил/);
    const seen = h.fake.textsTo(OTHER).length;
    await h.press(OTHER, 'wy');
    await h.expectText(OTHER, /Эта форма устарела/, { after: seen });
    // Outside any form, words are taken for a new ticket's: the bot offers to open one.
    await h.say(OTHER, 'каб. 9');
    await h.expectText(OTHER, /Открыть заявку с этим текстом\?/, { after: seen });
  });
});
