// Through the webhook and the fake Bot API, under a controlled clock: with 30 open tickets /queue says how
// many there are, shows the overdue and urgent ones first, ten a page, and ◀ / ▶ redraw the list message in
// place so that every ticket is seen exactly once; a stale page button shows the last page there is. /my and
// /tasks page the same way, tasks overdue first.
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Priority } from '../../domain/shared/values.js';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import type { RecordedCall } from '../support/fakeTelegram.js';
import { approved } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const TEACHER = '7001';
const TECH = '7002';
const DEPUTY = '7003';
const DAY_MS = 24 * 3_600_000;
const TICKETS = 30;

/** №10 and №20 urgent, №15 high, №26–30 low, the rest normal. */
const priorityOf = (n: number): Priority => (n === 10 || n === 20 ? 'urgent' : n === 15 ? 'high' : n >= 26 ? 'low' : 'normal');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The fake's message ids count up over every message it stored: the id the message of `call` got. */
function messageIdOf(h: Harness, call: RecordedCall): number {
  let id = 0;
  for (const c of h.fake.calls) {
    if (c.status !== 'ok') continue;
    if (c.method === 'sendMessage' || c.method === 'sendPhoto') id += 1;
    else if (c.method === 'sendMediaGroup') id += (c.payload.media as unknown[]).length;
    if (c === call) return id;
  }
  throw new Error('call not found');
}

let nextPress = 500_000;
/** A press on a button under the bot's message `messageId` in the person's private chat. */
const pressOn = (h: Harness, userId: string, data: string, messageId: number) =>
  h.post({
    update_id: nextPress++,
    callback_query: {
      id: `list${nextPress}`,
      from: { id: Number(userId), is_bot: false, first_name: `User${userId}` },
      chat_instance: 'ci',
      data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(userId), type: 'private', first_name: `User${userId}` }, text: 'list' },
    },
  } as unknown as Update);

interface Shown {
  text: string;
  call: RecordedCall;
  buttons: string[];
}

/** The next message (or edit) to `userId` matching `pattern` after the first `after`, with its buttons. */
async function shown(h: Harness, userId: string, pattern: RegExp, after: number): Promise<Shown> {
  const text = await h.expectText(userId, pattern, { after });
  const call = h.fake.calls.findLast((c) => c.status === 'ok' && String(c.payload.chat_id) === userId && c.payload.text === text)!;
  const rows = (call.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return { text, call, buttons: rows.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : [])) };
}

/** The queue's order: overdue (№1, №2), urgent (№10, №20), high (№15), normal, low; the oldest first within each. */
const URGENCY = [1, 2, 10, 20, 15, ...range(3, 25).filter((n) => ![10, 15, 20].includes(n)), ...range(26, 30)];

const ticketNumbers = (text: string) => [...text.matchAll(/^№(\d+) · /gm)].map((m) => Number(m[1]));
const taskNumbers = (section: string) => [...section.matchAll(/^п(\d+) · /gm)].map((m) => Number(m[1]));

describe.each(STORE_KINDS)('paged lists on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z' });
    await approved(h, TEACHER, 'Белова Ольга Сергеевна', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
    await approved(h, DEPUTY, 'Громов Андрей Петрович', 'deputy');
    const open = async (n: number) => {
      const result = await h.commands.openTicket(await h.as(TEACHER), { title: `Неисправность ${n}`, category: 'it', location: `каб. ${100 + n}`, priority: priorityOf(n) }, {});
      expect(result.ok && result.number).toBe(n);
    };
    // №1 and №2 (normal: due in 3 days) are four days old, so overdue; the rest are opened now.
    for (const n of [1, 2]) await open(n);
    // Tasks for the teacher: п1, п2 due in a day (overdue after the four days), п3–п12 later, nearest first.
    const assign = async (deadline: Date) => {
      const result = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: TEACHER, title: 'Отчёт', deadline: deadline.toISOString() }, {});
      expect(result.ok).toBe(true);
    };
    const start = h.clock.now().getTime();
    for (let i = 0; i < 2; i += 1) await assign(new Date(start + DAY_MS + i * 60_000));
    for (let i = 0; i < 10; i += 1) await assign(new Date(start + (20 - i) * DAY_MS));
    h.clock.advance(4 * DAY_MS);
    for (const n of range(3, TICKETS)) await open(n);
    await h.eventually(() => h.read.ticketByNumber(TICKETS, h.clock.now()), 'the last ticket projected');
    await h.eventually(() => h.read.taskByNumber(12, h.clock.now()), 'the last task projected');
  });
  afterAll(() => h?.close());

  it('/queue counts 30 open tickets, most urgent first, and pages through all of them exactly once', async () => {
    const urgency = URGENCY;
    let seen = h.fake.textsTo(TECH).length;
    await h.say(TECH, '/queue');
    const first = await shown(h, TECH, /Открытых заявок: 30/, seen);
    expect(first.call.method).toBe('sendMessage');
    expect(first.text).toMatch(/стр\. 1 из 3$/);
    // The overdue ones, then the urgent, then the high one, each line with Take and Open buttons.
    expect(ticketNumbers(first.text)).toEqual(urgency.slice(0, 10));
    expect(first.text).toMatch(/^№1 · Неисправность 1 — открыта, обычный ⚠️$/m);
    expect(first.buttons).toEqual([...urgency.slice(0, 10).flatMap((n) => [`tt:${n}`, `ts:${n}`]), 'lp:q:2']);
    for (const data of first.buttons) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const listId = messageIdOf(h, first.call);

    // Forward twice and back once: the same message is redrawn each time.
    const pages: number[][] = [ticketNumbers(first.text)];
    for (const [data, page] of [['lp:q:2', 2], ['lp:q:3', 3], ['lp:q:2', 2]] as const) {
      seen = h.fake.textsTo(TECH).length;
      await pressOn(h, TECH, data, listId);
      const next = await shown(h, TECH, new RegExp(`стр\\. ${page} из 3$`), seen);
      expect(next.call.method).toBe('editMessageText');
      expect(next.call.payload.message_id).toBe(listId);
      expect(next.text).toMatch(/^Очередь заявок[^\n]*\nОткрытых заявок: 30/);
      pages.push(ticketNumbers(next.text));
      const back = `lp:q:${page - 1}`;
      expect(next.buttons.slice(-2)).toEqual(page === 3 ? [`ts:${urgency[29]}`, back] : [back, `lp:q:${page + 1}`]);
    }
    expect(pages[1]).toEqual(urgency.slice(10, 20));
    expect(pages[2]).toEqual(urgency.slice(20, 30));
    expect(pages[3]).toEqual(pages[1]);
    const all = pages.slice(0, 3).flat();
    expect(all).toHaveLength(TICKETS);
    expect(new Set(all).size).toBe(TICKETS);

    // A stale button (the list is shorter than it thought): the last page there is, no error.
    seen = h.fake.textsTo(TECH).length;
    await pressOn(h, TECH, 'lp:q:7', listId);
    const stale = await shown(h, TECH, /стр\. 3 из 3$/, seen);
    expect(ticketNumbers(stale.text)).toEqual(urgency.slice(20, 30));
    // A forged list key is a stale button, not a crash.
    seen = h.fake.textsTo(TECH).length;
    await pressOn(h, TECH, 'lp:zz:1', listId);
    await h.expectText(TECH, /кнопка устарела|устарел/i, { after: seen });
  });

  it('/my pages the tickets and tasks side by side, with their counts', async () => {
    let seen = h.fake.textsTo(TEACHER).length;
    await h.say(TEACHER, '/my');
    const first = await shown(h, TEACHER, /Активных заявок: 30, поручений: 12 · стр\. 1 из 3$/, seen);
    const [tickets = '', tasks = ''] = first.text.split('\n\n');
    expect(tickets.split('\n')[0]).toBe('Мои заявки:');
    expect(ticketNumbers(tickets)).toEqual(URGENCY.slice(0, 10));
    // Tasks: the two overdue first, then the nearest deadline (п12 is due soonest of the rest).
    expect(taskNumbers(tasks)).toEqual([1, 2, 12, 11, 10, 9, 8, 7, 6, 5]);
    expect(tasks).toMatch(/^п1 · .* ⚠️ просрочено$/m);
    const listId = messageIdOf(h, first.call);
    seen = h.fake.textsTo(TEACHER).length;
    await pressOn(h, TEACHER, 'lp:my:2', listId);
    const second = await shown(h, TEACHER, /стр\. 2 из 3$/, seen);
    expect(second.call.method).toBe('editMessageText');
    const [tickets2 = '', tasks2 = ''] = second.text.split('\n\n');
    expect(ticketNumbers(tickets2)).toEqual(URGENCY.slice(10, 20));
    expect(taskNumbers(tasks2)).toEqual([4, 3]);
    expect(second.buttons).toContain('ts:8');
    expect(second.buttons).toContain('ks:3');
    expect(second.buttons.slice(-2)).toEqual(['lp:my:1', 'lp:my:3']);
    seen = h.fake.textsTo(TEACHER).length;
    await pressOn(h, TEACHER, 'lp:my:3', listId);
    const third = await shown(h, TEACHER, /стр\. 3 из 3$/, seen);
    const [tickets3 = '', tasks3 = ''] = third.text.split('\n\n');
    expect(ticketNumbers(tickets3)).toEqual(URGENCY.slice(20, 30));
    expect(new Set([...ticketNumbers(tickets), ...ticketNumbers(tickets2), ...ticketNumbers(tickets3)]).size).toBe(TICKETS);
    expect(tasks3.split('\n').slice(1)).toEqual(['пока нет']);
  });

  it('/tasks pages mine and issued by me, overdue first', async () => {
    let seen = h.fake.textsTo(TEACHER).length;
    await h.say(TEACHER, '/tasks');
    const first = await shown(h, TEACHER, /Поручений мне: 12, выданных мной: 0 · стр\. 1 из 2$/, seen);
    expect(taskNumbers(first.text.split('\n\n')[0]!)).toEqual([1, 2, 12, 11, 10, 9, 8, 7, 6, 5]);
    expect(first.buttons).toEqual([...[1, 2, 12, 11, 10, 9, 8, 7, 6, 5].map((n) => `ks:${n}`), 'lp:tk:2']);
    seen = h.fake.textsTo(TEACHER).length;
    await pressOn(h, TEACHER, 'lp:tk:2', messageIdOf(h, first.call));
    const second = await shown(h, TEACHER, /стр\. 2 из 2$/, seen);
    expect(taskNumbers(second.text.split('\n\n')[0]!)).toEqual([4, 3]);
    expect(second.buttons).toEqual(['ks:4', 'ks:3', 'lp:tk:1']);

    // The issuer sees the same twelve as issued by them, with a page of ten first.
    seen = h.fake.textsTo(DEPUTY).length;
    await h.say(DEPUTY, '/tasks');
    const deputy = await shown(h, DEPUTY, /Поручений мне: 0, выданных мной: 12 · стр\. 1 из 2$/, seen);
    expect(taskNumbers(deputy.text.split('\n\n')[1]!)).toEqual([1, 2, 12, 11, 10, 9, 8, 7, 6, 5]);
  });
});
