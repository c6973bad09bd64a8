// Through the webhook and the fake Bot API: the QR poster on a door opens `/start room_<number>`. An active
// teacher is asked only what is wrong and the ticket gets the room's place and default category; someone new
// registers first and is offered the room's ticket right after an admin approves them; an unknown room says so
// and points to /new; an admin lists the rooms with /rooms and changes a room's default category and name.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '3001';
const TECH = '3002';
const NEWCOMER = '3003';
const LATECOMER = '3004';

async function register(h: Harness, userId: string, fullName: string, role: string) {
  await h.say(userId, '/start');
  await h.expectText(userId, /фамилию, имя и отчество/);
  await h.say(userId, fullName);
  await h.expectText(userId, /отправлена администратору/);
  await h.press(ADMIN, `sa:${userId}:${role}`);
  await h.expectText(userId, /Доступ открыт/);
  await h.eventually(async () => (await h.read.staffById(userId))?.status === 'active', `${userId} in the staff directory`);
}

describe.each(STORE_KINDS)('a room link from a QR poster on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    const admin = await h.as(ADMIN);
    for (const room of [
      { number: '204', name: 'Кабинет информатики', floor: 2, category: 'it' },
      { number: 'sportzal', name: 'Спортзал', floor: 1, category: 'maintenance' },
      { number: '1a', name: '', floor: 1, category: 'equipment' },
    ]) {
      const result = await h.commands.defineRoom(admin, room, {});
      expect(result.ok).toBe(true);
    }
    await h.eventually(async () => (await h.read.allRooms()).length === 3, 'three rooms in the read model');
    await register(h, TEACHER, 'Иванова Мария Петровна', 'teacher');
    await register(h, TECH, 'Петров Олег Иванович', 'technician');
  });
  afterAll(() => h?.close());

  it('an active teacher is asked what is wrong, and the ticket gets the room and its category', async () => {
    const before = h.fake.textsTo(TEACHER).length;
    await h.say(TEACHER, '/start room_204');
    const ask = await h.expectText(TEACHER, /Что случилось\?/, { after: before });
    expect(ask).toContain('каб. 204 (Кабинет информатики)');
    expect(ask).toContain('ИТ и компьютеры');
    await h.say(TEACHER, 'Не включается проектор');
    await h.expectText(TEACHER, /Заявка №1 принята/);
    const ticket = await h.eventually(() => h.read.ticketByNumber(1, h.clock.now()), 'ticket 1');
    expect(ticket).toMatchObject({
      title: 'Не включается проектор',
      location: 'каб. 204 (Кабинет информатики)',
      category: 'it',
      authorId: TEACHER,
      status: 'open',
    });
    await h.expectText(TECH, /Новая заявка №1: Не включается проектор[\s\S]*каб\. 204/);
  });

  it('an unknown room says so politely and offers /new; nothing is opened', async () => {
    const before = h.fake.textsTo(TEACHER).length;
    const events = await h.eventCount();
    await h.say(TEACHER, '/start room_999');
    const reply = await h.expectText(TEACHER, /не найдено/, { after: before });
    expect(reply).toContain('/new');
    expect(await h.eventCount()).toBe(events);
  });

  it('someone new registers first; right after approval the room ticket is offered and opened', async () => {
    await h.say(NEWCOMER, '/start room_sportzal');
    await h.expectText(NEWCOMER, /Спортзал[\s\S]*Сначала зарегистрируйтесь/);
    await h.expectText(NEWCOMER, /фамилию, имя и отчество/);
    await h.say(NEWCOMER, 'Смирнов Павел Андреевич');
    await h.expectText(NEWCOMER, /отправлена администратору/);
    await h.press(ADMIN, `sa:${NEWCOMER}:teacher`);
    await h.expectText(NEWCOMER, /Доступ открыт/);
    await h.expectText(NEWCOMER, /Вы отсканировали код на двери: Спортзал/);
    expect(h.fake.lastButtons(NEWCOMER)).toEqual(['qr:sportzal']);

    await h.press(NEWCOMER, 'qr:sportzal');
    await h.expectText(NEWCOMER, /Спортзал[\s\S]*Что случилось\?/);
    await h.photo(NEWCOMER, 'photo-net', 'Порвана сетка на воротах');
    await h.expectText(NEWCOMER, /Заявка №2 принята/);
    const ticket = await h.eventually(() => h.read.ticketByNumber(2, h.clock.now()), 'ticket 2');
    expect(ticket).toMatchObject({ title: 'Порвана сетка на воротах', location: 'Спортзал', category: 'maintenance', authorId: NEWCOMER });
  });

  it('someone waiting for approval is told so, and offered the room once approved', async () => {
    await h.say(LATECOMER, '/start');
    await h.expectText(LATECOMER, /фамилию, имя и отчество/);
    await h.say(LATECOMER, 'Кузнецова Ольга Игоревна');
    await h.expectText(LATECOMER, /отправлена администратору/);
    await h.say(LATECOMER, '/start room_1a');
    await h.expectText(LATECOMER, /ещё ждёт подтверждения[\s\S]*каб\. 1a/);
    await h.press(ADMIN, `sa:${LATECOMER}:teacher`);
    await h.expectText(LATECOMER, /Вы отсканировали код на двери: каб\. 1a/);
    await h.press(LATECOMER, 'qr:1a');
    await h.expectText(LATECOMER, /Что случилось\?/);
    await h.say(LATECOMER, 'Не работает розетка у доски');
    await h.expectText(LATECOMER, /Заявка №3 принята/);
    const ticket = await h.eventually(() => h.read.ticketByNumber(3, h.clock.now()), 'ticket 3');
    expect(ticket).toMatchObject({ location: 'каб. 1a', category: 'equipment' });
  });

  it('an admin lists the rooms, opens one, and changes its default category and its name; a teacher may not', async () => {
    await h.say(TEACHER, '/rooms');
    await h.expectText(TEACHER, /ведут администраторы/);

    await h.say(ADMIN, '/rooms');
    const list = await h.expectText(ADMIN, /Помещения школы: 3/);
    expect(list).toMatch(/• каб\. 1a, 1-й этаж: Оборудование\n• Спортзал, 1-й этаж: Хозчасть и ремонт\n• каб\. 204 \(Кабинет информатики\), 2-й этаж: ИТ и компьютеры/);
    expect(list).toContain('/rooms 204');

    await h.say(ADMIN, '/rooms 204');
    const card = await h.expectText(ADMIN, /Ссылка с плаката/);
    expect(card).toContain('t.me/school_test_bot?start=room_204');
    expect(h.fake.lastButtons(ADMIN)).toEqual(['qc:204', 'qn:204']);
    await h.press(ADMIN, 'qc:204');
    await h.expectText(ADMIN, /выберите категорию по умолчанию/);
    expect(h.fake.lastButtons(ADMIN)).toContain('qs:204:equipment');
    await h.press(ADMIN, 'qs:204:equipment');
    await h.expectText(ADMIN, /теперь заявки по коду на двери получают категорию «Оборудование»/);
    await h.eventually(async () => (await h.read.roomByNumber('204'))?.category === 'equipment', 'room 204 re-categorised');

    await h.press(ADMIN, 'qn:204');
    await h.expectText(ADMIN, /напишите новое название/);
    await h.say(ADMIN, 'Кабинет робототехники');
    await h.expectText(ADMIN, /Готово: каб\. 204 \(Кабинет робототехники\)/);
    await h.eventually(async () => (await h.read.roomByNumber('204'))?.name === 'Кабинет робототехники', 'room 204 renamed');

    // A forged press by a teacher changes nothing.
    const before = h.fake.textsTo(TEACHER).length;
    await h.press(TEACHER, 'qs:204:it');
    await h.expectText(TEACHER, /недоступно/, { after: before });
    expect((await h.read.roomByNumber('204'))?.category).toBe('equipment');
  });
});
