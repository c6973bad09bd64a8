// Through the webhook and the fake Bot API, with a technicians' group that has forum topics: a button that
// needs words (resolve, comment) pressed on a card in the group goes on in the technician's private chat and
// finishes there, while the group hears a short line in the same topic; someone the bot cannot write to first
// (Telegram answers 403) gets a deep link that opens the private chat and asks again; /new in the group
// answers with a link to the private chat, and `/start new` there starts the wizard. Chatter in the group
// stays unanswered.
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const GROUP = -100_777;
const MAINTENANCE_TOPIC = 7;
const IT_TOPIC = 11;
const TEACHER = '8001';
const TECH = '8002';
/** A technician the bot never heard from in private (registered by an admin tool, say). */
const SILENT = '8003';
const BOT_LINK = 'https://t.me/school_test_bot?start=';

let nextUpdate = 700_000;
const stamp = () => Math.floor(Date.now() / 1000);
const groupChat = { id: GROUP, type: 'supergroup', title: 'Техники', is_forum: true };
const person = (userId: string) => ({ id: Number(userId), is_bot: false, first_name: `User${userId}`, username: `user${userId}` });

/** A press on a card in the group's forum topic `topic`. */
const pressInGroup = (h: Harness, userId: string, data: string, topic = MAINTENANCE_TOPIC) =>
  h.post({
    update_id: nextUpdate++,
    callback_query: {
      id: `g${nextUpdate}`,
      from: person(userId),
      chat_instance: 'group',
      data,
      message: { message_id: 5, message_thread_id: topic, is_topic_message: true, date: stamp(), chat: groupChat, text: 'Новая заявка' },
    },
  } as unknown as Update);

/** A message written in the group's forum topic `topic`. */
const sayInGroup = (h: Harness, userId: string, text: string, topic = IT_TOPIC) =>
  h.post({
    update_id: nextUpdate++,
    message: { message_id: nextUpdate, message_thread_id: topic, is_topic_message: true, date: stamp(), chat: groupChat, from: person(userId), text },
  } as unknown as Update);

const groupSends = (h: Harness) => h.fake.successful('sendMessage', GROUP);

async function approved(h: Harness, id: string, fullName: string, role: 'teacher' | 'technician') {
  expect((await h.commands.register(await h.as(id), { fullName }, {})).ok).toBe(true);
  const categories = role === 'technician' ? ['maintenance'] : [];
  expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: id, role, categories }, {})).ok).toBe(true);
  await h.eventually(async () => (await h.read.staffById(id))?.status === 'active', `${fullName} projected`);
}

async function takenTicket(h: Harness, technician: string, title: string): Promise<number> {
  const opened = await h.commands.openTicket(await h.as(TEACHER), { title, category: 'maintenance', location: 'каб. 3' }, {});
  if (!opened.ok) throw new Error(`openTicket refused: ${opened.refusal.code}`);
  const number = opened.number!;
  expect((await h.commands.takeTicket(await h.as(technician), { number }, {})).ok).toBe(true);
  await h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now()))?.status === 'in_progress', `№${number} taken`);
  return number;
}

/** The group's messages from the `after`-th on that match, each with its topic. */
const groupLines = (h: Harness, pattern: RegExp, after = 0) =>
  groupSends(h)
    .slice(after)
    .filter((c) => pattern.test(String(c.payload.text)))
    .map((c) => ({ text: String(c.payload.text), topic: c.payload.message_thread_id }));

describe.each(STORE_KINDS)('the technicians group on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, techChatId: GROUP, techChatTopics: 'it=11, maintenance=7' });
    await approved(h, TEACHER, 'Белова Ольга Сергеевна', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
    await approved(h, SILENT, 'Сомов Игорь Ильич', 'technician');
    // The technician has written to the bot before: a private chat exists.
    await h.say(TECH, '/help');
    await h.expectText(TECH, /\/queue/);
  });
  afterAll(() => h?.close());

  it('"Решено" pressed in the group asks in private, the group hears it in the same topic, and the answer resolves the ticket', async () => {
    const number = await takenTicket(h, TECH, 'Течёт кран');
    const seen = h.fake.textsTo(TECH).length;
    const groupSeen = groupSends(h).length;
    expect(await pressInGroup(h, TECH, `tr:${number}`)).toBe(200);
    await h.expectText(TECH, new RegExp(`^Заявка №${number}: что сделано\\?[\\s\\S]*Ответьте здесь`), { after: seen });
    await h.fake.waitFor(() => groupLines(h, /продолжим в личном чате/, groupSeen).length > 0, 15_000, 'the note in the group');
    const [note] = groupLines(h, /продолжим в личном чате/, groupSeen);
    expect(note).toEqual({ text: expect.stringContaining(`Петров О.И., продолжим в личном чате с ботом`) as unknown, topic: MAINTENANCE_TOPIC });
    expect(note!.text).toContain(`${BOT_LINK}tr_${number}`);
    // Nothing but that line went to the group (no "что сделано?" there).
    expect(groupLines(h, /что сделано/, groupSeen)).toEqual([]);

    await h.say(TECH, 'Заменил прокладку');
    await h.expectText(TECH, new RegExp(`Заявка №${number} отмечена решённой`), { after: seen });
    const ticket = await h.eventually(async () => {
      const view = await h.read.ticketByNumber(number, h.clock.now());
      return view?.status === 'resolved' ? view : undefined;
    }, 'the ticket resolved');
    expect(ticket.status).toBe('resolved');
  });

  it('"Комментарий" pressed in the group is written in private and lands on the ticket', async () => {
    const number = await takenTicket(h, TECH, 'Скрипит дверь');
    const seen = h.fake.textsTo(TECH).length;
    const groupSeen = groupSends(h).length;
    await pressInGroup(h, TECH, `tc:${number}`);
    await h.expectText(TECH, new RegExp(`^Заявка №${number}: напишите комментарий`), { after: seen });
    await h.fake.waitFor(() => groupLines(h, /продолжим в личном чате/, groupSeen).length > 0, 15_000, 'the note in the group');
    expect(groupLines(h, /продолжим в личном чате/, groupSeen)[0]!.topic).toBe(MAINTENANCE_TOPIC);
    await h.say(TECH, 'Нужна новая петля, закажу');
    await h.expectText(TECH, new RegExp(`Комментарий к заявке №${number} добавлен`), { after: seen });
    await h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now()))?.commentCount === 1, 'the comment counted');
  });

  it('"Нужна информация" pressed in the group asks the question in private; the author gets it and the ticket waits', async () => {
    const number = await takenTicket(h, TECH, 'Не горит свет');
    const seen = h.fake.textsTo(TECH).length;
    const groupSeen = groupSends(h).length;
    await pressInGroup(h, TECH, `ia:${number}`);
    await h.expectText(TECH, new RegExp(`^Заявка №${number}: что нужно узнать у автора\\?`), { after: seen });
    await h.fake.waitFor(() => groupLines(h, /продолжим в личном чате/, groupSeen).length > 0, 15_000, 'the note in the group');
    expect(groupLines(h, /продолжим в личном чате/, groupSeen)[0]!.text).toContain(`${BOT_LINK}ia_${number}`);
    await h.say(TECH, 'В каком коридоре?');
    await h.expectText(TECH, new RegExp(`Заявка №${number} ждёт ответа`), { after: seen });
    await h.expectText(TEACHER, new RegExp(`спрашивает по вашей заявке №${number} «Не горит свет»:\\nВ каком коридоре\\?`));
    await h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now()))?.status === 'waiting', 'the ticket waiting');
  });

  it('someone who never started the bot gets a deep link that opens the private chat and finishes the action', async () => {
    const number = await takenTicket(h, SILENT, 'Разбито окно');
    // Telegram refuses the bot's first word to them.
    h.fake.failNext('sendMessage', { code: 403, description: "Forbidden: bot can't initiate conversation with a user", match: (p) => String(p.chat_id) === SILENT });
    const groupSeen = groupSends(h).length;
    await pressInGroup(h, SILENT, `tr:${number}`);
    await h.fake.waitFor(() => groupLines(h, new RegExp(`start=tr_${number}`), groupSeen).length > 0, 15_000, 'the link in the group');
    await h.eventually(async () => (await h.read.staffById(SILENT))?.reachable === false, 'the 403 recorded');

    // Pressed again now that the bot knows: the group line is the link alone, nothing is tried in private.
    const privateTries = h.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === SILENT).length;
    const again = groupSends(h).length;
    await pressInGroup(h, SILENT, `tr:${number}`);
    await h.fake.waitFor(() => groupLines(h, /ответить можно в личном чате/, again).length > 0, 15_000, 'the link-only line');
    const [line] = groupLines(h, /ответить можно в личном чате/, again);
    expect(line).toEqual({ text: `Сомов И.И., ответить можно в личном чате с ботом. Откройте его по ссылке и нажмите «Запустить»: ${BOT_LINK}tr_${number}`, topic: MAINTENANCE_TOPIC });
    expect(h.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === SILENT)).toHaveLength(privateTries);

    // The link sends /start tr_<n> in private: asked again there, and the answer resolves the ticket.
    const seen = h.fake.textsTo(SILENT).length;
    await h.say(SILENT, `/start tr_${number}`);
    await h.expectText(SILENT, new RegExp(`Заявка №${number}: что сделано\\?`), { after: seen });
    await h.say(SILENT, 'Вставили новое стекло');
    await h.expectText(SILENT, new RegExp(`Заявка №${number} отмечена решённой`), { after: seen });
    await h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now()))?.status === 'resolved', 'resolved through the link');
    // A link whose draft is gone says so.
    await h.say(SILENT, `/start tr_${number}`);
    await h.expectText(SILENT, /Эта ссылка устарела/, { after: seen });
  });

  it('/new in the group answers in its topic with a link to the private chat; chatter stays unanswered', async () => {
    const groupSeen = groupSends(h).length;
    await sayInGroup(h, TEACHER, 'Всем привет! В 204 опять проектор');
    await sayInGroup(h, TEACHER, '/new@another_bot');
    await sayInGroup(h, TEACHER, '/new');
    await sayInGroup(h, TECH, '/new@school_test_bot', MAINTENANCE_TOPIC);
    await h.fake.waitFor(() => groupLines(h, /Заявку открывают в личном чате/, groupSeen).length >= 2, 15_000, 'two links in the group');
    // Everything the group got meanwhile, but for notices of new tickets (their own business).
    expect(groupLines(h, /^(?!🆕)/u, groupSeen)).toEqual([
      { text: `Заявку открывают в личном чате с ботом: ${BOT_LINK}new`, topic: IT_TOPIC },
      { text: `Заявку открывают в личном чате с ботом: ${BOT_LINK}new`, topic: MAINTENANCE_TOPIC },
    ]);
  });

  it('`/start new` in private starts the new-ticket wizard', async () => {
    const seen = h.fake.textsTo(TEACHER).length;
    await h.say(TEACHER, '/start new');
    await h.expectText(TEACHER, /Что случилось\? Выберите категорию:/, { after: seen });
    expect(h.fake.lastButtons(TEACHER)).toContain('wc:it');
    await h.press(TEACHER, 'wc:it');
    await h.expectText(TEACHER, /Где\?/, { after: seen });
  });
});
