// Long polling against the fake Bot API, a forum topic in the technicians' group, Redis going away in the
// middle of a conversation, and a graceful stop that flushes what is queued.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Update } from 'telegraf/types';
import { createRedisState } from '../../adapters/redis/redisState.js';
import { ADMIN, startHarness, type Harness } from '../support/botHarness.js';
import { startPrivateRedis, type PrivateRedis } from '../support/redisServer.js';
import { TOOL, requireTools, titled } from '../support/tools.js';

const noRedis = requireTools(TOOL.redisServer);

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '5001';
const TECH = '5002';

async function teacher(h: Harness, id = TEACHER) {
  expect((await h.commands.register(await h.as(id), { fullName: 'Учитель Ольга Николаевна' }, {})).ok).toBe(true);
  expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: id, role: 'teacher' }, {})).ok).toBe(true);
}

const message = (updateId: number, userId: string, text: string) =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(userId), type: 'private', first_name: 'U' },
      from: { id: Number(userId), is_bot: false, first_name: 'U' },
      text,
    },
  }) as unknown as Update;

describe('modes and failures', () => {
  let h: Harness | undefined;
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  afterAll(() => redis?.stop());

  it('receives updates by long polling and stops cleanly', async () => {
    h = await startHarness({ kind: 'pglite', mode: 'polling' });
    await teacher(h);
    h.fake.queueUpdate(message(7001, TEACHER, '/help'));
    await h.expectText(TEACHER, /Что я умею/);
    expect(h.fake.successful('deleteWebhook').length).toBe(1);
    expect(h.fake.successful('getMe').length).toBe(1);
    const started = Date.now();
    await h.telegram.stop(8_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('posts new tickets to the technicians group, in the category topic', async () => {
    h = await startHarness({ kind: 'pglite', techChatId: -100500, techChatTopics: 'it=11, maintenance=7' });
    await teacher(h);
    await h.say(TEACHER, '/new в 12 сломан стул');
    await h.expectText(TEACHER, /Заявка №1 принята/);
    await h.fake.waitFor(() => h!.fake.successful('sendMessage', -100500).length > 0, 15_000, 'the group message');
    const [post] = h.fake.successful('sendMessage', -100500);
    expect(String(post!.payload.text)).toContain('Новая заявка №1');
    // The shortcut files under "other", which has no topic: the group's general thread.
    expect(post!.payload.message_thread_id).toBeUndefined();
    expect((await h.commands.openTicket(await h.as(TEACHER), { title: 'Течёт кран', category: 'maintenance', location: 'каб. 3' }, {})).ok).toBe(true);
    await h.fake.waitFor(() => h!.fake.successful('sendMessage', -100500).length > 1, 15_000, 'the second group message');
    expect(h.fake.successful('sendMessage', -100500)[1]!.payload.message_thread_id).toBe(7);
    expect(h.fake.successful('sendMessage', TECH)).toEqual([]);
  });

  it('answers a press in a forum topic of the group in that topic', async () => {
    h = await startHarness({ kind: 'pglite', techChatId: -100500, techChatTopics: 'it=11, maintenance=7' });
    await teacher(h);
    expect((await h.commands.register(await h.as(TECH), { fullName: 'Алексеев Иван Петрович' }, {})).ok).toBe(true);
    expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: TECH, role: 'technician', categories: ['maintenance'] }, {})).ok).toBe(true);
    expect((await h.commands.openTicket(await h.as(TEACHER), { title: 'Течёт кран', category: 'maintenance', location: 'каб. 3' }, {})).ok).toBe(true);
    await h.eventually(async () => (await h!.read.ticketByNumber(1, new Date())) ?? false, 'the ticket in the read model');
    // "Открыть" pressed on the card that sits in the maintenance topic (7).
    const status = await h.post({
      update_id: 880_001,
      callback_query: {
        id: 'cb-topic',
        from: { id: Number(TECH), is_bot: false, first_name: 'И' },
        chat_instance: 'ci',
        data: 'ts:1',
        message: {
          message_id: 41,
          message_thread_id: 7,
          is_topic_message: true,
          date: Math.floor(Date.now() / 1000),
          chat: { id: -100500, type: 'supergroup', title: 'Техники', is_forum: true },
          text: 'Новая заявка №1',
        },
      },
    } as unknown as Update);
    expect(status).toBe(200);
    const isCard = (payload: Record<string, unknown>) => String(payload.text).includes('Течёт кран') && !String(payload.text).includes('Новая заявка');
    await h.fake.waitFor(() => h!.fake.successful('sendMessage', -100500).some((c) => isCard(c.payload)), 15_000, 'the card in the group');
    const card = h.fake.successful('sendMessage', -100500).find((c) => isCard(c.payload))!;
    expect(card.payload.message_thread_id).toBe(7);
  });

  it.skipIf(noRedis !== undefined)(titled('tells the person when Redis goes away mid-conversation, and keeps serving', noRedis), async () => {
    redis = await startPrivateRedis();
    const state = await createRedisState({ url: redis.url, keyPrefix: 'modes-test:' });
    h = await startHarness({ kind: 'pglite', state });
    await teacher(h);
    await h.say(TEACHER, '/new');
    await h.press(TEACHER, 'wc:it');
    await h.expectText(TEACHER, /Где\?/);
    await redis.stop();
    expect(await h.say(TEACHER, 'каб. 5')).toBe(200);
    await h.expectText(TEACHER, /временная неполадка/);
    // Stateless commands still work without Redis.
    await h.say(TEACHER, '/help');
    await h.expectText(TEACHER, /Что я умею/);
    await state.close();
  });

  it('flushes queued replies on stop', async () => {
    h = await startHarness({ kind: 'pglite', perChatMs: 300 });
    await teacher(h);
    for (let i = 0; i < 4; i += 1) await h.say(TEACHER, '/help');
    await h.telegram.stop(8_000);
    expect(h.fake.successful('sendMessage', TEACHER).length).toBe(4);
  });
});
