// Waiting on the author and the author's rating (issue 14, items 5 and 6), through the webhook and the fake Bot
// API on a controlled clock and a real school calendar (Moscow, Monday–Friday 08:00–18:00; 3 December 2026 is
// a Thursday): a technician asks, the author answers, the technician hears it and the due time moved by the
// school time spent waiting; with no answer the reminder and then the close come after the configured school
// days; the author confirms, rates 2 with a comment, the lead hears it, and the rating shows in /kpi.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TicketEventOf } from '../../domain/index.js';
import { addSchoolTime, schoolCalendar, schoolTimeBetween } from '../../domain/calendar/index.js';
import { ticketStreamName } from '../../domain/index.js';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '7101';
const TECH = '7102';
const DIRECTOR = '7103';
const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 8 * 60, close: 18 * 60 } });
/** A Moscow wall-clock moment as UTC ISO (Moscow is UTC+3 all year). */
const msk = (date: string, time: string): string => new Date(`${date}T${time}:00+03:00`).toISOString();

describe.each(STORE_KINDS)('waiting on the author and rating on %s', (kind) => {
  let h: Harness;
  const count = (chatId: string) => h.fake.textsTo(chatId).length;
  const status = (number: number, wanted: string) =>
    h.eventually(async () => (await h.read.ticketByNumber(number, h.clock.now()))?.status === wanted, `ticket ${number} ${wanted}`);
  /** A press, then the words the button asked for; returns the reply matching `done`. */
  const pressAndSay = async (userId: string, data: string, asked: RegExp, words: string, done: RegExp) => {
    const before = count(userId);
    await h.press(userId, data);
    await h.expectText(userId, asked, { after: before });
    const later = count(userId);
    await h.say(userId, words);
    return h.expectText(userId, done, { after: later });
  };
  /** The buttons of the last message to `chatId` whose text matches, waited for. */
  const buttonsOf = async (chatId: string, pattern: RegExp) => {
    const find = () => h.fake.successful('sendMessage', chatId).findLast((call) => pattern.test(String(call.payload.text ?? '')));
    await h.fake.waitFor(() => find() !== undefined, 20_000, `a message to ${chatId} matching ${String(pattern)}`);
    const markup = find()!.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
    return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
  };
  const eventsOf = (number: number) => h.store.readStream(ticketStreamName(number));

  beforeAll(async () => {
    h = await startHarness({ kind, startAt: msk('2026-12-03', '10:00'), calendar, waitingOnAuthor: { remindDays: 3, closeDays: 5 } });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    await approved(h, DIRECTOR, 'Кузнецова Мария Андреевна', 'director');
  });
  afterAll(() => h?.close());

  it('the technician asks, the ticket waits (not overdue), the author answers, the technician hears it, and the due time moved by the school time spent waiting', async () => {
    await h.say(TEACHER, '/new в 204 не работает проектор');
    await h.expectText(TEACHER, /Заявка №1 принята/);
    await status(1, 'open');
    await h.press(TECH, 'tt:1');
    await h.expectText(TECH, /Вы взяли заявку №1\./);
    await status(1, 'in_progress');
    const dueBefore = (await h.read.ticketByNumber(1, h.clock.now()))!.dueAt;

    // Thursday 12:00: the question.
    h.clock.set(msk('2026-12-03', '12:00'));
    const cardButtons = await (async () => {
      const before = count(TECH);
      await h.say(TECH, '/ticket 1');
      await h.expectText(TECH, /Заявка №1: в 204 не работает проектор/, { after: before });
      return h.fake.lastButtons(TECH);
    })();
    expect(cardButtons).toContain('ia:1');
    await pressAndSay(TECH, 'ia:1', /что нужно узнать у автора\?/, 'Какой кабинет: 204 или 206?', /Вопрос отправлен автору\. Заявка №1 ждёт ответа/);
    await h.expectText(TEACHER, /❓ Алексеев Иван Петрович спрашивает по вашей заявке №1 «в 204 не работает проектор»:\nКакой кабинет: 204 или 206\?/);
    expect(await buttonsOf(TEACHER, /спрашивает по вашей заявке №1/)).toContain('ib:1');
    await status(1, 'waiting');

    // The card says so, and offers the author Ответить.
    const before = count(TEACHER);
    await h.say(TEACHER, '/ticket 1');
    await h.expectText(TEACHER, /Статус: ждёт ответа автора/, { after: before });
    expect(h.fake.lastButtons(TEACHER)).toContain('ib:1');

    // Past the old due time while it waits, it is not overdue (nor in the overdue list).
    h.clock.set(new Date(dueBefore.getTime() + 60_000).toISOString());
    expect((await h.read.ticketByNumber(1, h.clock.now()))?.overdue).toBe(false);
    expect((await h.read.overdueTickets(h.clock.now())).map((t) => t.number)).not.toContain(1);

    // Monday 09:00: the answer.
    h.clock.set(msk('2026-12-07', '09:00'));
    await pressAndSay(TEACHER, 'ib:1', /напишите ответ/, 'Кабинет 204, второй этаж', /Ответ передан исполнителю, заявка №1 снова в работе/);
    await h.expectText(TECH, /💬 Смирнова Ольга Николаевна ответил\(а\) на вопрос по заявке №1 «в 204 не работает проектор»:\nКабинет 204, второй этаж/);
    await status(1, 'in_progress');

    const askedAt = Date.parse(msk('2026-12-03', '12:00'));
    const answeredAt = Date.parse(msk('2026-12-07', '09:00'));
    const expected = addSchoolTime(calendar, answeredAt, schoolTimeBetween(calendar, askedAt, dueBefore.getTime()));
    const dueAfter = (await h.read.ticketByNumber(1, h.clock.now()))!.dueAt;
    expect(dueAfter.toISOString()).toBe(new Date(expected).toISOString());
    expect(dueAfter.getTime()).toBeGreaterThan(dueBefore.getTime());
    const provided = (await eventsOf(1)).find((e) => e.type === 'TicketInfoProvided')?.data as TicketEventOf<'TicketInfoProvided'>['data'];
    expect(provided).toMatchObject({ answer: 'Кабинет 204, второй этаж', providedBy: TEACHER, askedBy: TECH, dueAt: new Date(expected).toISOString() });
  });

  it('with no answer: the reminder after WAITING_REMIND_DAYS school days, then the close with a note after WAITING_CLOSE_DAYS more', async () => {
    // Monday 7 December, 09:30: the question. Three school days on: Thursday 10 December, 09:30.
    h.clock.set(msk('2026-12-07', '09:30'));
    await h.say(TEACHER, '/new в 305 течёт кран');
    await h.expectText(TEACHER, /Заявка №2 принята/);
    await status(2, 'open');
    await h.press(TECH, 'tt:2');
    await h.expectText(TECH, /Вы взяли заявку №2\./);
    await status(2, 'in_progress');
    await pressAndSay(TECH, 'ia:2', /что нужно узнать у автора\?/, 'Кран холодной или горячей воды?', /Вопрос отправлен автору/);
    await status(2, 'waiting');

    const teacherBefore = count(TEACHER);
    h.clock.set(msk('2026-12-10', '09:29'));
    h.clock.set(msk('2026-12-10', '09:31'));
    const reminder = await h.expectText(TEACHER, /⏳ Напоминаем: по вашей заявке №2 «в 305 течёт кран» ждут ответа на вопрос:\nКран холодной или горячей воды\?/, { after: teacherBefore });
    // Five school days after the reminder was due: Thursday 17 December, 09:30.
    expect(reminder).toContain('заявка закроется 17 декабря, 09:30');
    expect(await buttonsOf(TEACHER, /Напоминаем: по вашей заявке №2/)).toContain('ib:2');
    const reminded = (await eventsOf(2)).find((e) => e.type === 'TicketInfoReminded')?.data as TicketEventOf<'TicketInfoReminded'>['data'];
    // Never before its school day came.
    expect(Date.parse(reminded.remindedAt)).toBeGreaterThanOrEqual(Date.parse(msk('2026-12-10', '09:30')));
    expect((await h.read.ticketByNumber(2, h.clock.now()))?.overdue).toBe(false);

    h.clock.set(msk('2026-12-17', '09:31'));
    await status(2, 'closed');
    await h.expectText(TEACHER, /Заявка №2 «в 305 течёт кран» закрыта автоматически: на вопрос по ней так и не ответили\.\nЕсли помощь всё ещё нужна, заявку можно вернуть в работу\./);
    expect(await buttonsOf(TEACHER, /на вопрос по ней так и не ответили/)).toContain('to:2');
    await h.expectText(TECH, /Заявка №2 «в 305 течёт кран» закрыта автоматически: автор не ответил на вопрос\./);
    const closed = (await eventsOf(2)).filter((e) => e.type === 'TicketClosed');
    expect(closed).toHaveLength(1);
    expect(Date.parse((closed[0]!.data as { closedAt: string }).closedAt)).toBeGreaterThanOrEqual(Date.parse(msk('2026-12-17', '09:30')));
    // The history says why.
    const adminBefore = count(ADMIN);
    await h.say(ADMIN, '/history 2');
    await h.expectText(ADMIN, /закрыта автоматически: автор не ответил на вопрос/, { after: adminBefore });
    // Nothing to rate: it was never resolved.
    expect(h.fake.textsTo(TEACHER).filter((text) => /Оцените решение заявки №2/.test(text))).toEqual([]);
  });

  it('the technician goes on without the answer: the author hears it is no longer needed, the ticket is back in progress', async () => {
    h.clock.set(msk('2026-12-17', '09:40'));
    await h.say(TEACHER, '/new в 110 не закрывается окно');
    await h.expectText(TEACHER, /Заявка №3 принята/);
    await status(3, 'open');
    await h.press(TECH, 'tt:3');
    await status(3, 'in_progress');
    await pressAndSay(TECH, 'ia:3', /что нужно узнать у автора\?/, 'Какое окно — у доски?', /Вопрос отправлен автору/);
    await status(3, 'waiting');
    const before = count(TECH);
    await h.press(TECH, 'ic:3');
    await h.expectText(TECH, /Заявка №3 снова в работе без ответа автора\. Срок: /, { after: before });
    await h.expectText(TEACHER, /Заявка №3 «в 110 не закрывается окно» снова в работе: ответ на вопрос больше не нужен\./);
    await status(3, 'in_progress');
    // Only the author answers: a press of Ответить now is refused at once.
    const teacherBefore = count(TEACHER);
    await h.press(TEACHER, 'ib:3');
    await h.expectText(TEACHER, /Заявка №3 уже не ждёт ответа\./, { after: teacherBefore });
  });

  it('the author confirms, rates 2 with a comment; the lead hears it; the rating shows in /kpi; a forged press is refused; a change within the day replaces it, after the day it is refused', async () => {
    h.clock.set(msk('2026-12-17', '10:00'));
    await pressAndSay(TECH, 'tr:1', /что сделано\?/, 'Заменил кабель HDMI', /Заявка №1 отмечена решённой/);
    await status(1, 'resolved');
    const before = count(TEACHER);
    await h.press(TEACHER, 'tf:1');
    await h.expectText(TEACHER, /Спасибо! Заявка №1 закрыта\./, { after: before });
    await h.expectText(TEACHER, /⭐ Оцените решение заявки №1 «в 204 не работает проектор»: 1 — плохо, 5 — отлично\./);
    const buttons = await buttonsOf(TEACHER, /Оцените решение заявки №1/);
    const ratingButton = (rating: number) => buttons.find((b) => b.startsWith(`rt:1:${rating}-`))!;
    expect([1, 2, 3, 4, 5].map((r) => ratingButton(r) !== undefined)).toEqual([true, true, true, true, true]);

    // A forged press (someone else with the author's button) is refused politely, nothing appended.
    const events = await h.eventCount();
    const techBefore = count(TECH);
    await h.press(TECH, ratingButton(5));
    await h.expectText(TECH, /Эту заявку оценивает её автор\./, { after: techBefore });
    expect(await h.eventCount()).toBe(events);

    let teacherBefore = count(TEACHER);
    await h.press(TEACHER, ratingButton(2));
    await h.expectText(TEACHER, /Спасибо за оценку: 2 из 5\. Хотите добавить комментарий\?/, { after: teacherBefore });
    expect(h.fake.lastButtons(TEACHER)).toContain('rs:1');
    teacherBefore = count(TEACHER);
    await h.say(TEACHER, 'Долго чинили, неделю без проектора');
    await h.expectText(TEACHER, /Спасибо, комментарий к оценке записан\./, { after: teacherBefore });

    // The category has no lead: the director hears the low rating and the comment (the escalation ladder's fallback).
    await h.expectText(DIRECTOR, /⚠️ Низкая оценка решения заявки №1 «в 204 не работает проектор»: 2 из 5\. Исполнитель: Алексеев Иван Петрович\./);
    await h.expectText(DIRECTOR, /Комментарий автора: Долго чинили, неделю без проектора/);
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.ratingComment === 'Долго чинили, неделю без проектора', 'the rating projected');
    expect((await h.read.ticketByNumber(1, h.clock.now()))?.rating).toBe(2);

    // /kpi: overall and per technician.
    const directorBefore = count(DIRECTOR);
    await h.say(DIRECTOR, '/kpi');
    const kpi = await h.expectText(DIRECTOR, /Показатели/, { after: directorBefore });
    expect(kpi).toContain('Оценка решений: 2,0 из 5 (оценок: 1)');
    expect(kpi).toContain('Алексеев И. П.: 2,0 из 5 (оценок: 1)');
    // And the technician's own /kpi.
    const techKpiBefore = count(TECH);
    await h.say(TECH, '/kpi');
    expect(await h.expectText(TECH, /Сотрудник: Алексеев Иван Петрович/, { after: techKpiBefore })).toContain('Оценка решений: 2,0 из 5 (оценок: 1)');

    // Changed within the day: the new rating replaces it.
    h.clock.set(msk('2026-12-17', '18:00'));
    teacherBefore = count(TEACHER);
    await h.press(TEACHER, ratingButton(4));
    await h.expectText(TEACHER, /Спасибо за оценку: 4 из 5/, { after: teacherBefore });
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.rating === 4, 'the new rating projected');

    // A day after the first rating: refused politely, nothing appended.
    h.clock.set(msk('2026-12-18', '10:30'));
    const eventsBefore = await h.eventCount();
    teacherBefore = count(TEACHER);
    await h.press(TEACHER, ratingButton(5));
    await h.expectText(TEACHER, /Оценку можно изменить только в течение суток/, { after: teacherBefore });
    expect(await h.eventCount()).toBe(eventsBefore);
    expect((await h.read.ticketByNumber(1, h.clock.now()))?.rating).toBe(4);
  });
});
