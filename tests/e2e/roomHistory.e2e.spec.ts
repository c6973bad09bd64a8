// Rooms have a history (issue 15, item 5), through the webhook and the fake Bot API: /room 305 lists the room's
// tickets newest first, ten a page, for any active staff member and for nobody else; the card's button opens the
// same list; the third IT ticket from room 204's poster within 30 days tells the IT lead once (not the fourth,
// not again when the reaction is replayed); a technician gives a ticket without a room its room, and it then
// shows in that room's history and in the ticket's history. The rule itself, on the harness's database with
// events handed to the reaction directly: docs/rooms.md. One store (PostgreSQL when there is one).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Update } from 'telegraf/types';
import type { Position, RecordedEvent } from '../../application/ports/eventStore.js';
import { sqlOutboxWriter } from '../../adapters/postgres/readModels/outbox.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { sqlRepeatWatch } from '../../adapters/postgres/readModels/repeatWatch.js';
import { staffDirectory } from '../../application/reactions/notifications.js';
import { repeatProblemsReaction } from '../../application/reactions/repeatProblems.js';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TEACHER = '8201';
const OTHER = '8202';
const TECH = '8203';
const LEAD = '8204';
const PENDING = '8205';
const MINUTE = 60_000;
const kind = STORE_KINDS.at(-1)!;

/** The id of the latest message in a private chat whose text matches (the fake keeps them by `<chat>:<id>`). */
const latestMessageId = (h: Harness, chatId: string, pattern: RegExp): number | undefined =>
  [...(h.fake as unknown as { messages: Map<string, { message_id: number; text?: string }> }).messages.entries()]
    .filter(([key, message]) => key.startsWith(`${chatId}:`) && pattern.test(message.text ?? ''))
    .map(([, message]) => message.message_id)
    .at(-1);

let updateId = 910_000;
/** A press under one message of a private chat, so the bot can redraw that message. */
const pressOn = (h: Harness, userId: string, messageId: number, data: string) =>
  h.post({
    update_id: updateId++,
    callback_query: {
      id: `room-${updateId}`,
      from: { id: Number(userId), is_bot: false, first_name: `User${userId}` },
      chat_instance: 'private',
      data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(userId), type: 'private' }, text: 'list' },
    },
  } as unknown as Update);

/** The repeat-problem notices recorded for the lead so far. */
const repeatNotices = async (h: Harness) =>
  (await h.sql.query<{ id: string }>(`SELECT id FROM notification_outbox WHERE kind = 'room_repeat_problem' AND recipient = $1 ORDER BY id`, [LEAD])).rows.map(
    (r) => r.id,
  );

/** The rule's own lead and director (no chats of the people above). */
const RULE_LEAD = '8290';
const RULE_DIRECTOR = '8291';
const DAY = 24 * 3600 * 1000;
const T0 = Date.parse('2026-10-01T08:00:00Z');
/** Tickets the harness never opened: numbers and rooms of their own. */
const N = 1000;
const day = (n: number) => new Date(T0 + n * DAY).toISOString();

let position = 0;
function recorded(type: string, data: Record<string, unknown>, at: string): RecordedEvent {
  position += 1;
  return {
    id: `e${position}`,
    type,
    data,
    metadata: { actorId: '101', occurredAt: at, correlationId: `c${position}`, source: 'telegram', schemaVersion: 1 } as RecordedEvent['metadata'],
    streamName: `ticket-${String(data.number)}`,
    revision: 0n,
    position: String(position) as Position,
    recordedAt: at,
  };
}
const opened = (number: number, category: string, location: string, at: number) =>
  recorded('TicketOpened', { number, title: `Заявка ${number}`, description: '', category, location, priority: 'normal', photos: [], authorId: '101', openedAt: day(at), dueAt: day(at + 3) }, day(at));
const roomSet = (number: number, room: string, category: string, openedAt: number, at: number) =>
  recorded('TicketRoomSet', { number, room, previousRoom: null, category, openedAt: day(openedAt), setBy: '201', setAt: day(at) }, day(at));
const cancelled = (number: number, at: number) =>
  recorded('TicketCancelled', { number, cancelledBy: '101', reason: 'Ошибка', from: 'open', cancelledAt: day(at) }, day(at));

describe(`a room's history (${kind})`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    const admin = await h.as(ADMIN);
    for (const room of [
      { number: '204', name: 'Кабинет информатики', floor: 2, category: 'it' },
      { number: '305', name: '', floor: 3, category: 'maintenance' },
    ]) {
      expect((await h.commands.defineRoom(admin, room, {})).ok).toBe(true);
    }
    await approved(h, TEACHER, 'Иванова Мария Петровна', 'teacher');
    await approved(h, OTHER, 'Соколов Пётр Андреевич', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
    await approved(h, LEAD, 'Морозов Игорь Сергеевич', 'deputy');
    expect((await h.commands.setLeads(admin, { telegramId: LEAD, categories: ['it'] }, {})).ok).toBe(true);
    expect((await h.commands.register(await h.as(PENDING), { fullName: 'Новиков Павел Ильич' }, {})).ok).toBe(true);
    // Room 305: eleven tickets a minute apart, each of another category than its neighbours (no repeat problem).
    const categories = ['cleaning', 'safety', 'equipment', 'other', 'maintenance'];
    const teacher = await h.as(TEACHER);
    for (let i = 1; i <= 11; i++) {
      const opened = await h.commands.openTicket(teacher, { title: `Заявка ${i} из 305`, category: categories[i % 5]!, location: 'каб. 305' }, {});
      expect(opened.ok).toBe(true);
      h.clock.advance(MINUTE);
    }
    await h.eventually(async () => (await h.read.roomTicketsPage('305', h.clock.now(), { limit: 1 })).total === 11 || undefined, 'room 305 projected');
    await h.eventually(async () => (await h.read.staffLeading('it')).length === 1 || undefined, 'the IT lead projected');
  });
  afterAll(() => h?.close());

  it('/room 305 lists the room’s tickets newest first, ten a page, for a teacher who wrote none of them', async () => {
    const first = await ask(h, OTHER, '/room 305', /История: каб\. 305/);
    const lines = first.split('\n').filter((line) => line.startsWith('№'));
    expect(first.split('\n')[0]).toBe('История: каб. 305 — 11 заявок, новые сверху');
    expect(lines.map((line) => Number(/^№(\d+)/.exec(line)![1]))).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(first).toMatch(/^№11 · Заявка 11 из 305/m);
    expect(first).toMatch(/стр\. 1 из 2$/);
    expect(h.fake.lastButtons(OTHER)).toEqual(['ts:11', 'ts:10', 'ts:9', 'ts:8', 'ts:7', 'ts:6', 'ts:5', 'ts:4', 'ts:3', 'ts:2', 'mp:305:2']);
    // ▶ draws page 2 in place of the list.
    const list = await h.eventually(async () => latestMessageId(h, OTHER, /стр\. 1 из 2/), 'the list in the chat');
    await pressOn(h, OTHER, list, 'mp:305:2');
    const second = await h.eventually(async () => {
      const text = h.fake.messageIn(OTHER, list)?.text ?? '';
      return /стр\. 2 из 2/.test(text) ? text : undefined;
    }, 'page 2 in place of page 1');
    expect(second.split('\n').filter((line) => line.startsWith('№'))).toEqual([expect.stringMatching(/^№1 · Заявка 1 из 305/)]);
    expect(h.fake.lastButtons(OTHER)).toEqual(['ts:1', 'mp:305:1']);
    // A room typed as people write it, and one the school does not have.
    await ask(h, OTHER, '/room каб. 305', /История: каб\. 305 — 11 заявок/);
    await ask(h, OTHER, '/room 999', /Помещение «999» не найдено/);
    await ask(h, OTHER, '/room', /Какое помещение\?/);
    await ask(h, PENDING, '/room 305', /ждёт подтверждения/);
    expect(h.fake.textsTo(PENDING).join('\n')).not.toMatch(/Заявка \d+ из 305/);
  });

  it('the card’s button opens the room’s history', async () => {
    await ask(h, OTHER, '/ticket 3', /Заявка №3: Заявка 3 из 305/);
    expect(h.fake.lastButtons(OTHER)).toContain('mh:305');
    const history = await press(h, OTHER, 'mh:305', /История: каб\. 305/);
    expect(history).toMatch(/^№11 ·/m);
  });

  it('tells the IT lead of the third IT ticket from room 204 within 30 days, once: not the fourth, not on a replay', async () => {
    const fromPoster = async (what: string) => {
      await ask(h, TEACHER, '/start room_204', /Что случилось\?/);
      return Number(/Заявка №(\d+) принята/.exec(await ask(h, TEACHER, what, /Заявка №\d+ принята/))![1]);
    };
    const first = await fromPoster('Не включается проектор');
    h.clock.advance(10 * 24 * 60 * MINUTE);
    const second = await fromPoster('Проектор опять не включается');
    h.clock.advance(10 * 24 * 60 * MINUTE);
    const before = h.fake.textsTo(LEAD).length;
    const third = await fromPoster('Проектор снова сломан');
    const notice = await h.expectText(LEAD, /Повторяется/, { after: before });
    expect(notice).toBe(
      `🔁 Повторяется: каб. 204 (Кабинет информатики), «ИТ и компьютеры» — третья заявка за месяц (№${first}, №${second}, №${third}).\n` +
        `Последняя: №${third} «Проектор снова сломан»\nВозможно, стоит найти причину, а не чинить в очередной раз.`,
    );
    expect(h.fake.lastButtons(LEAD)).toEqual(['mh:204', `ts:${third}`]);
    // The fourth within the same month says nothing new.
    h.clock.advance(24 * 60 * MINUTE);
    const fourth = await fromPoster('Проектор мигает');
    await h.eventually(
      async () => (await h.sql.query(`SELECT 1 FROM repeat_watch_tickets WHERE ticket_number = $1`, [fourth])).rows.length === 1 || undefined,
      'the fourth ticket watched',
    );
    expect(await repeatNotices(h)).toEqual([`room_repeat_problem:${third}:${LEAD}`]);
    // The whole log handed to the reaction again (a replay, a redelivery) records nothing new.
    const { events } = await h.store.readAll({ filter: { eventTypes: ['TicketOpened', 'TicketRoomSet', 'TicketCancelled'] } });
    const replay = repeatProblemsReaction(sqlRepeatWatch, (tx) => staffDirectory(sqlReadModels(tx)));
    await h.sql.transaction(async (tx) => {
      for (const event of events) await replay.handle(event, { tx, outbox: sqlOutboxWriter(tx), now: h.clock.now() });
    });
    expect(await repeatNotices(h)).toEqual([`room_repeat_problem:${third}:${LEAD}`]);
    expect(h.fake.textsTo(LEAD).filter((text) => text.includes('Повторяется'))).toHaveLength(1);
    // Room 204's history has the four, newest first (once the rooms read model has the fourth: it is projected
    // apart from the reaction waited for above).
    await h.eventually(async () => (await h.read.roomTicketsPage('204', h.clock.now(), { limit: 1 })).total === 4 || undefined, 'room 204 projected');
    const history = await ask(h, TEACHER, '/room 204', /История: каб\. 204 \(Кабинет информатики\) — 4 заявки/);
    expect(history.split('\n').filter((line) => line.startsWith('№')).map((line) => Number(/^№(\d+)/.exec(line)![1]))).toEqual([fourth, third, second, first]);
  });

  it('a technician gives a ticket without a room its room; it then shows in the room’s history and the ticket’s', async () => {
    const created = await ask(h, TEACHER, '/new течёт кран у входа', /Заявка №\d+ принята/);
    const number = Number(/№(\d+)/.exec(created)![1]);
    await h.eventually(async () => (await h.read.ticketRoom(number)) === null || undefined, 'the ticket projected without a room');
    // The card is read from the tickets read model, projected apart from the rooms one.
    await h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now())) ?? undefined, 'the ticket projected');
    // Only technicians and managers are offered the button; a forged press from the author is refused.
    await ask(h, TEACHER, `/ticket ${number}`, new RegExp(`Заявка №${number}`));
    expect(h.fake.lastButtons(TEACHER)).not.toContain(`ms:${number}`);
    await press(h, TEACHER, `ms:${number}`, /Это действие вам недоступно\./);
    await ask(h, TECH, `/ticket ${number}`, new RegExp(`Заявка №${number}`));
    expect(h.fake.lastButtons(TECH)).toContain(`ms:${number}`);
    await press(h, TECH, `ms:${number}`, new RegExp(`Заявка №${number}: в каком помещении\\?`));
    await ask(h, TECH, 'у входа', /«у входа» не похоже на номер помещения/);
    await ask(h, TECH, '999', /Помещения «999» нет в списке школы/);
    await ask(h, TECH, 'Каб. 305', new RegExp(`Готово: заявка №${number} теперь в истории помещения каб\\. 305\\.`));
    await h.eventually(async () => (await h.read.ticketRoom(number)) === '305' || undefined, 'the room projected');
    const history = await ask(h, OTHER, '/room 305', /История: каб\. 305 — 12 заявок/);
    expect(history.split('\n').find((line) => line.startsWith('№'))).toMatch(new RegExp(`^№${number} · течёт кран у входа`));
    // The card now leads to the room's history; the ticket's history says who gave it the room.
    await ask(h, TECH, `/ticket ${number}`, new RegExp(`Заявка №${number}`));
    expect(h.fake.lastButtons(TECH)).toContain('mh:305');
    expect(h.fake.lastButtons(TECH)).not.toContain(`ms:${number}`);
    await ask(h, LEAD, `/history ${number}`, /Петров Олег Иванович[^\n]*указал\(а\) помещение: 305/);
  });

  it('follows the rule on its watch: once per room and category a month, cancelled ones not counted, a room given later counted, a replay adding nothing', async () => {
    const reaction = repeatProblemsReaction(sqlRepeatWatch, () => ({
      categoryLeads: (category) => Promise.resolve(category === 'it' ? [RULE_LEAD] : []),
      directors: () => Promise.resolve([RULE_DIRECTOR]),
    }));
    const feed = (events: readonly RecordedEvent[]) =>
      h.sql.transaction(async (tx) => {
        for (const event of events) await reaction.handle(event, { tx, outbox: sqlOutboxWriter(tx), now: new Date(T0) });
      });
    const notices = async () =>
      (
        await h.sql.query<{ id: string; payload: { numbers: number[] } }>(
          `SELECT id, payload FROM notification_outbox WHERE recipient IN ($1, $2) ORDER BY id`,
          [RULE_LEAD, RULE_DIRECTOR],
        )
      ).rows.map((row) => [row.id, row.payload.numbers]);
    const log = [
      opened(N + 1, 'it', 'каб. 7b', 0),
      opened(N + 2, 'it', 'каб. 7b', 5),
      opened(N + 3, 'maintenance', 'каб. 7b', 6), // another category
      opened(N + 4, 'it', 'каб. 8', 7), // another room
      opened(N + 5, 'it', 'кабинет 7b', 10), // the third: told
      opened(N + 6, 'it', 'каб. 7b', 12), // the fourth within the month: not
      // A month and more after the notice: №6 and №7 and №8 are three within 30 days again.
      opened(N + 7, 'it', 'каб. 7b', 38),
      opened(N + 8, 'it', 'каб. 7b (Информатика)', 41),
      // Room 9в: the second is cancelled, so the third opened is only the second that counts ...
      opened(N + 9, 'maintenance', 'каб. 9в', 50),
      opened(N + 10, 'maintenance', 'каб. 9в', 51),
      cancelled(N + 10, 51),
      opened(N + 11, 'maintenance', 'каб. 9в', 52),
      // ... until a ticket without a room is given room 9v: the third then, with no lead: the director.
      opened(N + 12, 'maintenance', 'у входа', 53),
      roomSet(N + 12, '9v', 'maintenance', 53, 54),
    ];
    await feed(log);
    const expected = [
      [`room_repeat_problem:${N + 5}:${RULE_LEAD}`, [N + 1, N + 2, N + 5]],
      [`room_repeat_problem:${N + 8}:${RULE_LEAD}`, [N + 6, N + 7, N + 8]],
      [`room_repeat_problem:${N + 12}:${RULE_DIRECTOR}`, [N + 9, N + 11, N + 12]],
    ];
    expect(await notices()).toEqual(expected);
    await feed(log);
    expect(await notices()).toEqual(expected);
    // Found a month after it happened (a first start on an old log): recorded as told, but nobody is woken.
    const stale = [opened(N + 13, 'it', 'каб. 6', 60), opened(N + 14, 'it', 'каб. 6', 61), opened(N + 15, 'it', 'каб. 6', 62)];
    await h.sql.transaction(async (tx) => {
      for (const event of stale) await reaction.handle(event, { tx, outbox: sqlOutboxWriter(tx), now: new Date(day(92)) });
    });
    expect(await notices()).toEqual(expected);
    expect((await h.sql.query(`SELECT 1 FROM repeat_watch_notices WHERE ticket_number = $1`, [N + 15])).rows).toHaveLength(1);
  });
});
