// Through the webhook and the fake Bot API: photos reach the people who need them, by Telegram file_id. A new
// ticket's photos go with its notice to each technician (one photo with the notice as its caption and the
// buttons; several as an album, then the notice with its buttons) and to the technicians' group in the
// category's topic; the ticket card offers "Фото (N)", which sends them; a comment's photo reaches the author;
// a task report's photo reaches the issuer with working Approve / Return buttons; a take edits the caption of a
// group card that is a photo.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Update } from 'telegraf/types';
import type { Photo } from '../../domain/shared/values.js';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

// Whole conversations on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '6001';
const TECH = '6002';
const SECOND_TECH = '6003';
const DEPUTY = '6004';
const GROUP = -100600;
const IT_TOPIC = 11;

const photo = (fileId: string): Photo => ({ fileId, fileUniqueId: `u-${fileId}` });

/** The photos (and albums) a chat received after the first `after` ones, waited for until `count` arrived. */
async function photosTo(h: Harness, chatId: string | number, count: number, after = 0) {
  await h.fake.waitFor(() => h.fake.photosSent(chatId).length >= after + count, 20_000, `${count} photo message(s) to ${chatId}`);
  return h.fake.photosSent(chatId).slice(after, after + count);
}

describe.each(STORE_KINDS)('photos in private chats on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    await approved(h, SECOND_TECH, 'Борисов Пётр Ильич', 'technician');
    await approved(h, DEPUTY, 'Морозов Игорь Сергеевич', 'deputy');
  });
  afterAll(() => h?.close());

  it("sends a ticket's one photo to each technician with the notice as its caption and the buttons", async () => {
    await h.say(TEACHER, '/new');
    await h.expectText(TEACHER, /выберите категорию/i);
    await h.press(TEACHER, 'wc:it');
    await h.expectText(TEACHER, /Где\?/);
    await h.say(TEACHER, 'каб. 204');
    await h.expectText(TEACHER, /Опишите проблему/);
    await h.say(TEACHER, 'Разбит экран проектора');
    await h.expectText(TEACHER, /Пришлите фото/);
    await h.photo(TEACHER, 'ticket1-photo');
    await h.expectText(TEACHER, /Проверьте заявку/);
    await h.press(TEACHER, 'wy');
    await h.expectText(TEACHER, /Заявка №1 принята/);

    for (const tech of [TECH, SECOND_TECH]) {
      const [notice] = await photosTo(h, tech, 1);
      expect(notice).toMatchObject({ method: 'sendPhoto', fileIds: ['ticket1-photo'], buttons: ['tt:1', 'ts:1'] });
      expect(notice!.caption).toMatch(/^🆕 Новая заявка №1: Разбит экран проектора\nКатегория: ИТ и компьютеры\nМесто: каб\. 204/);
    }
    expect(h.fake.photosSent(TEACHER)).toEqual([]);
  });

  it('sends three photos as an album, then the notice with its buttons', async () => {
    await h.say(TEACHER, '/new');
    await h.press(TEACHER, 'wc:it');
    await h.expectText(TEACHER, /Где\?/, { after: h.fake.textsTo(TEACHER).length - 1 });
    await h.say(TEACHER, 'каб. 305');
    await h.say(TEACHER, 'Не работает принтер');
    await h.expectText(TEACHER, /Пришлите фото/, { after: h.fake.textsTo(TEACHER).length - 1 });
    for (const id of ['t2-a', 't2-b', 't2-c']) {
      const before = h.fake.textsTo(TEACHER).length;
      await h.photo(TEACHER, id);
      await h.expectText(TEACHER, /Проверьте заявку/, { after: before });
    }
    await h.press(TEACHER, 'wy');
    await h.expectText(TEACHER, /Заявка №2 принята/);

    for (const tech of [TECH, SECOND_TECH]) {
      const [album] = await photosTo(h, tech, 1, 1);
      expect(album).toMatchObject({ method: 'sendMediaGroup', fileIds: ['t2-a', 't2-b', 't2-c'], buttons: [] });
      expect(album!.messageIds).toHaveLength(3);
      await h.expectText(tech, /Новая заявка №2: Не работает принтер/);
      expect(h.fake.lastButtons(tech)).toEqual(['tt:2', 'ts:2']);
      // The notice follows its album.
      const calls = h.fake.calls.filter((c) => c.status === 'ok' && String(c.payload.chat_id) === tech);
      const albumAt = calls.findIndex((c) => c.method === 'sendMediaGroup');
      expect(calls[albumAt + 1]).toMatchObject({ method: 'sendMessage' });
      expect(String(calls[albumAt + 1]!.payload.text)).toMatch(/Новая заявка №2/);
    }
  });

  it('offers "Фото (3)" on the card, which sends the album; a ticket without photos has no such button', async () => {
    await h.eventually(async () => ((await h.read.ticketByNumber(2, h.clock.now()))?.photoIds?.length ?? 0) === 3, 'ticket 2 with its photos');
    await h.say(SECOND_TECH, '/ticket 2');
    await h.expectText(SECOND_TECH, /^Заявка №2: Не работает принтер/);
    const buttons = h.fake.lastButtons(SECOND_TECH);
    expect(buttons).toContain('tph:2');
    const card = h.fake.calls.filter((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === SECOND_TECH).at(-1)!;
    expect(JSON.stringify(card.payload.reply_markup)).toContain('Фото (3)');

    const before = h.fake.photosSent(SECOND_TECH).length;
    await h.press(SECOND_TECH, 'tph:2');
    const [album] = await photosTo(h, SECOND_TECH, 1, before);
    expect(album).toMatchObject({ method: 'sendMediaGroup', fileIds: ['t2-a', 't2-b', 't2-c'], caption: 'Фото к заявке №2' });

    // The author sees the single photo of ticket 1 the same way.
    await h.say(TEACHER, '/ticket 1');
    await h.expectText(TEACHER, /^Заявка №1: Разбит экран проектора/);
    expect(h.fake.lastButtons(TEACHER)).toContain('tph:1');
    await h.press(TEACHER, 'tph:1');
    const [single] = await photosTo(h, TEACHER, 1);
    expect(single).toMatchObject({ method: 'sendPhoto', fileIds: ['ticket1-photo'], caption: 'Фото к заявке №1' });

    await h.say(TEACHER, '/new в 101 скрипит дверь');
    await h.expectText(TEACHER, /Заявка №3 принята/);
    await h.eventually(() => h.read.ticketByNumber(3, h.clock.now()), 'ticket 3');
    const sent = h.fake.textsTo(TEACHER).length;
    await h.say(TEACHER, '/ticket 3');
    await h.expectText(TEACHER, /^Заявка №3:/, { after: sent });
    expect(h.fake.lastButtons(TEACHER).filter((data) => data.startsWith('tph:'))).toEqual([]);
  });

  it("sends a comment's photo to the author", async () => {
    await h.press(TECH, 'tt:1');
    await h.expectText(TECH, /Вы взяли заявку №1/);
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.assigneeId === TECH, 'ticket 1 taken');
    await h.press(TECH, 'tc:1');
    await h.expectText(TECH, /напишите комментарий/);
    const before = h.fake.photosSent(TEACHER).length;
    await h.photo(TECH, 'comment-photo', 'Трещина по всей матрице');
    await h.expectText(TECH, /Комментарий к заявке №1 добавлен/);

    const [comment] = await photosTo(h, TEACHER, 1, before);
    expect(comment).toMatchObject({ method: 'sendPhoto', fileIds: ['comment-photo'], buttons: ['tc:1', 'ts:1'] });
    expect(comment!.caption).toMatch(/Трещина по всей матрице/);
  });

  it("sends a task report's photo to the issuer, whose Approve button still works", async () => {
    const issued = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: TEACHER, title: 'Сфотографировать стенд', deadline: '2026-11-27T15:00:00Z' }, {});
    expect(issued.ok).toBe(true);
    await h.expectText(TEACHER, /Новое поручение п1/);
    await h.press(TEACHER, 'ka:1');
    await h.expectText(TEACHER, /Поручение п1 принято в работу/);
    await h.press(TEACHER, 'kc:1');
    await h.expectText(TEACHER, /опишите, что сделано/);
    await h.photo(TEACHER, 'report-photo', 'Стенд готов');
    await h.expectText(TEACHER, /отмечено выполненным/);

    const [report] = await photosTo(h, DEPUTY, 1);
    expect(report).toMatchObject({ method: 'sendPhoto', fileIds: ['report-photo'], buttons: ['kp:1', 'kr:1'] });
    expect(report!.caption).toMatch(/Поручение п1 «Сфотографировать стенд» выполнено \(Смирнова Ольга Николаевна\): Стенд готов/);

    await h.eventually(async () => (await h.read.taskByNumber(1, h.clock.now()))?.status === 'completed', 'task completed');
    await h.press(DEPUTY, 'kp:1');
    await h.expectText(DEPUTY, /Работа по поручению п1 принята/);
  });

  it('still delivers the notice and its buttons when Telegram refuses a photo by its file_id', async () => {
    const refused = { code: 400 as const, description: 'Bad Request: wrong file identifier/HTTP URL specified', times: 2 };
    h.fake.failNext('sendPhoto', { ...refused, match: (p) => p.photo === 'gone-photo' });
    h.fake.failNext('sendMediaGroup', { ...refused, match: (p) => JSON.stringify(p.media).includes('gone-a') });
    for (const [title, fileIds] of [['Сломан стул', ['gone-photo']], ['Течёт батарея', ['gone-a', 'gone-b']]] as const) {
      const result = await h.commands.openTicket(await h.as(TEACHER), { title, description: title, category: 'it', location: 'каб. 110', photos: fileIds.map(photo) }, {});
      expect(result.ok).toBe(true);
    }
    for (const tech of [TECH, SECOND_TECH]) {
      await h.expectText(tech, /Новая заявка №4: Сломан стул/);
      await h.expectText(tech, /Новая заявка №5: Течёт батарея/);
      const notices = h.fake.successful('sendMessage', tech).filter((c) => /Новая заявка №[45]/.test(String(c.payload.text)));
      // Both in one merge window: their order is the box's, not the tickets'.
      const buttons = notices.map((c) => JSON.stringify(c.payload.reply_markup)).sort();
      expect(buttons).toEqual([expect.stringContaining('"tt:4"'), expect.stringContaining('"tt:5"')]);
    }
  });
});

interface GroupMessage {
  message_id: number;
  text?: string;
  caption?: string;
  photo?: string;
}

let updateId = 950_000;
/** A technician presses a button under a message of the group (a supergroup, as the technicians' chat is). */
const pressInGroup = (h: Harness, userId: string, card: GroupMessage, data: string) =>
  h.post({
    update_id: updateId++,
    callback_query: {
      id: `photo-group-${updateId}`,
      from: { id: Number(userId), is_bot: false, first_name: `User${userId}` },
      chat_instance: 'group',
      data,
      message: {
        message_id: card.message_id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: GROUP, type: 'supergroup', title: 'Техники', is_forum: true },
        message_thread_id: IT_TOPIC,
        ...(card.photo
          ? { photo: [{ file_id: card.photo, file_unique_id: `u-${card.photo}`, width: 800, height: 600 }], caption: card.caption }
          : { text: card.text }),
      },
    },
  } as unknown as Update);

describe.each(STORE_KINDS)("photos in the technicians' group on %s", (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, techChatId: GROUP, techChatTopics: `it=${IT_TOPIC}, maintenance=7` });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
  });
  afterAll(() => h?.close());

  const open = async (title: string, photos: Photo[]) => {
    const result = await h.commands.openTicket(await h.as(TEACHER), { title, description: title, category: 'it', location: 'каб. 204', photos }, {});
    if (!result.ok) throw new Error(`ticket refused: ${result.refusal.code}`);
  };

  it("posts a ticket's photo in the category's topic, and a take in the group edits its caption", async () => {
    await open('Разбит экран проектора', [photo('g1')]);
    const [card] = await photosTo(h, GROUP, 1);
    expect(card).toMatchObject({ method: 'sendPhoto', threadId: IT_TOPIC, fileIds: ['g1'], buttons: ['tt:1', 'ts:1'] });
    expect(card!.caption).toMatch(/^🆕 Новая заявка №1: Разбит экран проектора/);

    const messageId = card!.messageIds[0]!;
    const message = h.fake.messageIn(GROUP, messageId)!;
    expect(await pressInGroup(h, TECH, { message_id: messageId, caption: message.caption ?? '', photo: 'g1' }, 'tt:1')).toBe(200);
    await h.expectText(TECH, /^Вы взяли заявку №1\.$/);
    await h.fake.waitFor(() => h.fake.captionEdits(GROUP).length > 0, 20_000, 'the caption edited');
    expect(h.fake.captionEdits(GROUP)[0]).toMatchObject({ messageId, buttons: ['ts:1'] });
    expect(h.fake.messageIn(GROUP, messageId)!.caption).toMatch(/Взята в работу: Алексеев И\.П\./);
    // Edited as the photo it is, without first trying its text.
    expect(h.fake.calls.filter((c) => c.method === 'editMessageText' && String(c.payload.chat_id) === String(GROUP))).toEqual([]);
  });

  it('posts several photos as an album in the topic, then the card; a take elsewhere edits the card', async () => {
    await open('Не работает принтер', [photo('g2-a'), photo('g2-b'), photo('g2-c')]);
    const [album] = await photosTo(h, GROUP, 1, 1);
    expect(album).toMatchObject({ method: 'sendMediaGroup', threadId: IT_TOPIC, fileIds: ['g2-a', 'g2-b', 'g2-c'] });
    await h.expectText(String(GROUP), /Новая заявка №2: Не работает принтер/);
    const card = h.fake.successful('sendMessage', GROUP).find((c) => /Новая заявка №2/.test(String(c.payload.text)))!;
    expect(card.payload.message_thread_id).toBe(IT_TOPIC);
    expect(h.fake.lastButtons(GROUP)).toEqual(['tt:2', 'ts:2']);

    // Taken from the technician's own chat: the group's card (the message after the album) is edited.
    await h.eventually(() => h.read.ticketByNumber(2, h.clock.now()), 'ticket 2');
    await h.press(TECH, 'tt:2');
    await h.expectText(TECH, /Вы взяли заявку №2/);
    await h.fake.waitFor(() => h.fake.successful('editMessageText', GROUP).length > 0, 20_000, 'the card edited');
    const [edit] = h.fake.successful('editMessageText', GROUP);
    expect(String(edit!.payload.text)).toMatch(/Новая заявка №2[\s\S]*Взята в работу: Алексеев И\.П\./);
  });

  it("edits the caption of a photo card when its ticket is taken elsewhere", async () => {
    await open('Мигает свет', [photo('g3')]);
    const [card] = await photosTo(h, GROUP, 1, 2);
    expect(card).toMatchObject({ method: 'sendPhoto', threadId: IT_TOPIC, fileIds: ['g3'] });
    const messageId = card!.messageIds[0]!;
    await h.eventually(() => h.read.ticketByNumber(3, h.clock.now()), 'ticket 3');
    await h.press(TECH, 'tt:3');
    await h.expectText(TECH, /Вы взяли заявку №3/);
    await h.fake.waitFor(() => h.fake.captionEdits(GROUP).some((e) => e.messageId === messageId), 20_000, 'the photo card edited');
    expect(h.fake.messageIn(GROUP, messageId)!.caption).toMatch(/Мигает свет[\s\S]*Взята в работу: Алексеев И\.П\./);
    // Found again through the outbox, the card was not known to be a photo: Telegram's refusal of a text edit said so.
    const edits = h.fake.calls.filter((c) => c.method.startsWith('editMessage') && Number(c.payload.message_id) === messageId);
    expect(edits.map((c) => `${c.method}:${String(c.status)}`)).toEqual(['editMessageText:400', 'editMessageCaption:ok']);
    expect(h.fake.messageIn(GROUP, messageId)!.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Открыть №3', callback_data: 'ts:3' }]] });
  });
});
