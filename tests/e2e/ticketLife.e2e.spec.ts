// Through the webhook and the fake Bot API: a person registers and is approved, then a ticket lives its whole
// life across its author, a technician and a deputy, including a reopen after the first resolution.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, BOTH_STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '2001';
const TECH = '2002';
const DEPUTY = '2003';

async function register(h: Harness, userId: string, fullName: string, role: string) {
  await h.say(userId, '/start');
  await h.expectText(userId, /фамилию, имя и отчество/);
  await h.say(userId, fullName);
  await h.expectText(userId, /отправлена администратору/);
  await h.expectText(ADMIN, new RegExp(fullName));
  if (role === 'technician') {
    // A technician is approved through the category picker; "Готово" with nothing marked: all categories.
    expect(h.fake.lastButtons(ADMIN)).toContain(`scm:${userId}:A0`);
    await h.press(ADMIN, `scm:${userId}:A0`);
    await h.expectText(ADMIN, /какие заявки получает техник/);
    await h.press(ADMIN, `scd:${userId}:a0`);
  } else {
    expect(h.fake.lastButtons(ADMIN)).toContain(`sa:${userId}:${role}`);
    await h.press(ADMIN, `sa:${userId}:${role}`);
  }
  await h.expectText(userId, /Доступ открыт/);
  await h.eventually(async () => (await h.read.staffById(userId))?.status === 'active', `${userId} in the staff directory`);
}

// On both stores: the school day is the one whole flow kept end to end on PGlite (the embedded default) too.
describe.each(BOTH_STORE_KINDS)('a school day in Telegram on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
  });
  afterAll(() => h?.close());

  it('registers staff and an admin approves them with a role', async () => {
    await register(h, TEACHER, 'Иванова Мария Петровна', 'teacher');
    await register(h, TECH, 'Петров Олег Иванович', 'technician');
    await register(h, DEPUTY, 'Сидорова Анна Павловна', 'deputy');
    await h.say(TECH, '/help');
    await h.expectText(TECH, /\/queue/);
  });

  it('takes a ticket from report to closing, with a reopen on the way', async () => {
    await h.say(TEACHER, '/new');
    await h.expectText(TEACHER, /выберите категорию/i);
    await h.press(TEACHER, 'wc:it');
    await h.expectText(TEACHER, /Где\?/);
    await h.say(TEACHER, 'каб. 204');
    await h.expectText(TEACHER, /Опишите проблему/);
    await h.say(TEACHER, 'Не включается проектор');
    await h.expectText(TEACHER, /Пришлите фото/);
    await h.press(TEACHER, 'wp');
    await h.expectText(TEACHER, /Проверьте заявку/);
    await h.press(TEACHER, 'wy');
    await h.expectText(TEACHER, /Заявка №1 принята/);

    // The technician hears of it with a Take button.
    await h.expectText(TECH, /Новая заявка №1: Не включается проектор/);
    expect(h.fake.lastButtons(TECH)).toContain('tt:1');
    await h.press(TECH, 'tt:1');
    await h.expectText(TECH, /Вы взяли заявку №1/);
    // The author hears of it before anything else happens (else the next notice may be merged with this one).
    await h.expectText(TEACHER, /Заявка №1 «Не включается проектор» взята в работу/);

    // The deputy raises its priority from the card.
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.status === 'in_progress', 'ticket in progress');
    await h.say(DEPUTY, '/ticket 1');
    await h.expectText(DEPUTY, /Заявка №1: Не включается проектор[\s\S]*Исполнитель: Петров Олег Иванович/);
    expect(h.fake.lastButtons(DEPUTY)).toContain('tp:1');
    await h.press(DEPUTY, 'tp:1');
    await h.expectText(DEPUTY, /выберите приоритет/);
    await h.press(DEPUTY, 'tq:1:high');
    await h.expectText(DEPUTY, /Приоритет заявки №1: высокий/);

    // Resolved; the author reopens it with a reason.
    await h.press(TECH, 'tr:1');
    await h.expectText(TECH, /что сделано\?/);
    await h.say(TECH, 'Заменил кабель HDMI');
    await h.expectText(TECH, /отмечена решённой/);
    await h.expectText(TEACHER, /Заявка №1 «Не включается проектор» решена: Заменил кабель HDMI/);
    // Confirm and reopen (a priority notice sent within the same merge window may add its «Открыть» button).
    expect(h.fake.lastButtons(TEACHER).filter((data) => data !== 'ts:1')).toEqual(['tf:1', 'to:1']);
    await h.press(TEACHER, 'to:1');
    await h.expectText(TEACHER, /что не так\?/);
    await h.say(TEACHER, 'Изображение всё ещё мигает');
    await h.expectText(TEACHER, /возвращена в работу/);
    await h.expectText(TECH, /Заявка №1 возвращена в работу: Изображение всё ещё мигает/);

    // Resolved again and confirmed: closed.
    await h.press(TECH, 'tr:1');
    await h.say(TECH, 'Заменил проектор');
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.status === 'resolved', 'resolved again');
    await h.press(TEACHER, 'tf:1');
    await h.expectText(TEACHER, /Спасибо! Заявка №1 закрыта/);
    const closed = await h.eventually(async () => {
      const ticket = await h.read.ticketByNumber(1, h.clock.now());
      return ticket?.status === 'closed' ? ticket : undefined;
    }, 'ticket closed');
    expect(closed).toMatchObject({ assigneeId: TECH, authorId: TEACHER, priority: 'high', reopenCount: 1 });
  });

  it('opens a ticket from the one-line shortcut, with the room read from the text', async () => {
    await h.say(TEACHER, '/new в 305 течёт кран');
    const reply = await h.expectText(TEACHER, /Заявка №2 принята/);
    expect(reply).toContain('№2');
    const ticket = await h.eventually(() => h.read.ticketByNumber(2, h.clock.now()), 'ticket 2');
    expect(ticket).toMatchObject({ title: 'в 305 течёт кран', location: 'каб. 305', category: 'other' });
  });

  it('lists my items and the queue, shows history, and lets the admin manage staff', async () => {
    await h.say(TEACHER, '/my');
    await h.expectText(TEACHER, /Мои заявки:\n№2 · в 305 течёт кран — открыта, обычный/);
    await h.say(TECH, '/queue');
    await h.expectText(TECH, /Очередь заявок[\s\S]*№2 · в 305 течёт кран/);
    expect(h.fake.lastButtons(TECH)).toContain('tt:2');

    await h.say(TEACHER, '/history 1');
    await h.expectText(TEACHER, /Историю видят/);
    await h.say(ADMIN, '/history 1');
    const history = await h.expectText(ADMIN, /История: №1/);
    expect(history).toMatch(/Иванова Мария Петровна: открыл\(а\) заявку/);
    expect(history).toMatch(/вернул\(а\) заявку в работу после решения: Изображение всё ещё мигает/);
    expect(history).toMatch(/Петров Олег Иванович: взял\(а\) в работу\n/);
    // Every line is Russian: apart from the names and the words people typed, no Latin letter is left.
    expect(history).not.toMatch(/assigned|took|closed|resolved|undefined/);

    await h.say(ADMIN, '/staff');
    await h.expectText(ADMIN, /Сотрудники:[\s\S]*Петров Олег Иванович — техник, активен/);
    await h.press(ADMIN, `sr:${TEACHER}`);
    await h.expectText(ADMIN, /Иванова Мария Петровна: выберите новую роль/);
    await h.press(ADMIN, `sr:${TEACHER}:deputy`);
    await h.expectText(ADMIN, /роль изменена на «заместитель директора»/);
    await h.press(ADMIN, `sd:${DEPUTY}`);
    await h.expectText(ADMIN, /Сидорова Анна Павловна: доступ отключён/);
    await h.say(DEPUTY, '/my');
    await h.expectText(DEPUTY, /Ваш доступ к боту отключён/);
    // Someone who is not an admin cannot press an admin's button.
    const before = await h.eventCount();
    await h.press(TECH, `sd:${TEACHER}`);
    await h.expectText(TECH, /Это действие вам недоступно/);
    expect(await h.eventCount()).toBe(before);
  });
});
