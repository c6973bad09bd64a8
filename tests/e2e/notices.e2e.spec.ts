// Through the webhook and the fake Bot API: the card of a new ticket in the technicians' group is edited when
// a technician takes it there (who has it, no Take button), so a second one sees it is taken; the admin's
// /staff marks people the bot cannot reach. A storm becomes a handful of lists, a person who blocked the bot hears once what they missed and then the
// next notice, and a ticket taken elsewhere edits its group card.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Update } from 'telegraf/types';
import { SCHEDULER } from '../../application/people.js';
import { ADMIN, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

// Whole conversations on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });


const GROUP = -100500;
const TEACHER = '5001';
const TECH = '5002';
const SECOND_TECH = '5003';

async function openTicket(h: Harness, title: string, location = 'каб. 204') {
  const result = await h.commands.openTicket(await h.as(TEACHER), { title, category: 'it', location }, {});
  if (!result.ok) throw new Error(`ticket refused: ${result.refusal.code}`);
}

interface StoredMessage {
  message_id: number;
  text?: string;
  reply_markup?: unknown;
}
/** The fake's copy of the messages in a chat (the group's cards, as edited since). */
const messagesIn = (h: Harness, chatId: number): StoredMessage[] =>
  [...(h.fake as unknown as { messages: Map<string, StoredMessage> }).messages.entries()]
    .filter(([key]) => key.startsWith(`${chatId}:`))
    .map(([, message]) => message);

const callbackData = (markup: unknown): string[] =>
  ((markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => (b.callback_data ? [b.callback_data] : []));

let updateId = 900_000;
/** A technician presses a button under a message of the group (a supergroup, as the technicians' chat is). */
const pressInGroup = (h: Harness, userId: string, card: StoredMessage, data: string) =>
  h.post({
    update_id: updateId++,
    callback_query: {
      id: `group-${updateId}`,
      from: { id: Number(userId), is_bot: false, first_name: `User${userId}` },
      chat_instance: 'group',
      data,
      message: { message_id: card.message_id, date: Math.floor(Date.now() / 1000), chat: { id: GROUP, type: 'supergroup', title: 'Техники' }, text: card.text },
    },
  } as unknown as Update);

describe('notices', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('edits the group card after a take in the group, so a second technician sees who has it', async () => {
    h = await startHarness({ kind: 'pglite', techChatId: GROUP });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    await approved(h, SECOND_TECH, 'Борисов Пётр Ильич', 'technician');
    await openTicket(h, 'Не включается проектор');
    const card = await h.eventually(async () => messagesIn(h!, GROUP).find((m) => /Новая заявка №1/.test(m.text ?? '')), 'the card in the group');
    expect(callbackData(card.reply_markup)).toContain('tt:1');

    expect(await pressInGroup(h, TECH, card, 'tt:1')).toBe(200);
    await h.expectText(TECH, /^Вы взяли заявку №1\.$/);
    await h.eventually(async () => /Взята в работу: Алексеев И\.П\./.test(card.text ?? ''), 'the card edited');
    expect(card.text).toBe('🆕 Новая заявка №1: Не включается проектор\nКатегория: ИТ и компьютеры\nМесто: каб. 204\n\n✅ Взята в работу: Алексеев И.П.');
    expect(callbackData(card.reply_markup)).toEqual(['ts:1']);
    const edits = h.fake.successful('editMessageText', GROUP);
    expect(edits.map((e) => e.payload.message_id)).toEqual([card.message_id]);
    // Nothing was said in the group itself but the edit.
    expect(h.fake.successful('sendMessage', GROUP)).toHaveLength(1);

    // The second technician pressed the old card a moment later (once the take is in the read model): told
    // privately, the card still names the first.
    await h.eventually(async () => (await h!.read.ticketByNumber(1, h!.clock.now()))?.assigneeId === TECH, 'the take in the read model');
    const seen = h.fake.textsTo(SECOND_TECH).length;
    await pressInGroup(h, SECOND_TECH, { ...card, text: '🆕 Новая заявка №1: Не включается проектор' }, 'tt:1');
    await h.expectText(SECOND_TECH, /состояние уже изменилось|Это уже сделано/, { after: seen });
    expect((await h.read.ticketByNumber(1, h.clock.now()))?.assigneeId).toBe(TECH);
    await h.eventually(async () => h!.fake.successful('editMessageText', GROUP).length === 2 || undefined, 'the card redrawn again');
    expect(card.text).toMatch(/Взята в работу: Алексеев И\.П\.$/);
  });

  it('lets the admin see in /staff who does not receive the bot’s messages', async () => {
    h = await startHarness({ kind: 'pglite' });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    expect((await h.commands.markUnreachable(SCHEDULER, { telegramId: TECH, reason: 'blocked by the user' }, {})).ok).toBe(true);
    await h.eventually(async () => (await h!.read.staffById(TECH))?.reachable === false, 'unreachable in the directory');
    await h.say(ADMIN, '/staff');
    const list = await h.expectText(ADMIN, /Сотрудники:/);
    expect(list).toContain('Алексеев Иван Петрович — техник, активен 📵');
    expect(list).toContain('Смирнова Ольга Николаевна — учитель, активен\n');
    expect(list).toMatch(/📵 — бот заблокирован: сообщения не доходят, пока сотрудник сам не напишет боту\.$/);
  });

  it('merges a storm of new tickets into a handful of lists for a technician, every ticket in them', async () => {
    h = await startHarness({ kind: 'pglite' });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    // The first notice is held at the Bot API until the other 29 tickets are open, so the storm is over while the
    // chat is busy however slowly a loaded machine opens them (the merge then depends on no timing).
    const first = h.fake.holdNext('sendMessage', (payload) => String(payload.chat_id) === TECH);
    await openTicket(h, 'Проектор 1');
    await first.arrived;
    for (let i = 2; i <= 30; i += 1) await openTicket(h, `Проектор ${i}`);
    first.release();
    const mentioned = () => new Set(h!.fake.textsTo(TECH).flatMap((t) => [...t.matchAll(/№(\d+)/g)].map((m) => Number(m[1]))));
    await h.eventually(async () => mentioned().size === 30 || undefined, 'every ticket told');
    expect(h.fake.textsTo(TECH).length).toBeLessThanOrEqual(10);
    expect(h.fake.textsTo(TECH).some((t) => /^🆕 Новые заявки \(\d+\):/.test(t))).toBe(true);
  });

  it('a person who blocked the bot writes again: hears once what they missed, then the next notice', async () => {
    h = await startHarness({ kind: 'pglite' });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    // Telegram refuses the first notice (403): they are unreachable, and what follows is held for them.
    h.fake.failNext('sendMessage', { code: 403, match: (p) => String(p.chat_id) === TECH });
    await openTicket(h, 'Не включается проектор');
    await h.eventually(async () => (await h!.read.staffById(TECH))?.reachable === false, 'unreachable in the directory');
    await openTicket(h, 'Не работает розетка');
    await openTicket(h, 'Сломан стул');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.fake.textsTo(TECH)).toEqual([]);

    const seen = h.fake.textsTo(TECH).length;
    await h.say(TECH, '/help');
    await h.expectText(TECH, /Что я умею/, { after: seen });
    const summary = await h.expectText(TECH, /^Пока вы были недоступны: 3 новые заявки\.$/, { after: seen });
    expect(summary).toBeDefined();
    expect(h.fake.lastButtons(TECH)).toEqual(['ts:1', 'ts:2', 'ts:3']);

    await openTicket(h, 'Течёт кран');
    await h.expectText(TECH, /^🆕 Новая заявка №4: Течёт кран/, { after: seen });
    // Summarised once: writing again brings no second summary.
    await h.say(TECH, '/help');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(h.fake.textsTo(TECH).filter((t) => t.startsWith('Пока вы были недоступны'))).toHaveLength(1);
  });

  it('edits the group card when the ticket is taken elsewhere (its list, when it was in one)', async () => {
    h = await startHarness({ kind: 'pglite', techChatId: GROUP });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    for (let i = 1; i <= 3; i += 1) await openTicket(h, `Проектор ${i}`);
    await h.eventually(async () => {
      const numbers = messagesIn(h!, GROUP).flatMap((m) => [...(m.text ?? '').matchAll(/№(\d+)/g)].map((x) => Number(x[1])));
      return new Set(numbers).size === 3 || undefined;
    }, 'three tickets in the group');
    // Taken from the private /queue, not from the group.
    expect((await h.commands.takeTicket(await h.as(TECH), { number: 2 }, {})).ok).toBe(true);
    const edited = await h.eventually(async () => messagesIn(h!, GROUP).find((m) => /№2 .*→ Алексеев И\.П\.|Взята в работу: Алексеев И\.П\./.test(m.text ?? '')), 'the card edited');
    expect(callbackData(edited.reply_markup)).not.toContain('tt:2');
  });
});
