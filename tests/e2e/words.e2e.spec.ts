// Through the webhook and the fake Bot API: the words people read and the menu they see. The command menu
// is set for everyone at start and per chat by role (on approval, on a role change, when switched off); the
// admin from ADMIN_TELEGRAM_IDS is asked their name and greeted by it; words written outside any command offer
// a ticket with them; /history reads in Russian with people's names; lists say "до субботы".
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '3001';
const TECH = '3002';
const DEPUTY = '3003';
const LATER = '3004';

const TEACHER_MENU = ['new', 'my', 'tasks', 'ticket', 'find', 'room', 'help', 'cancel'];
const TECH_MENU = ['new', 'my', 'tasks', 'ticket', 'find', 'room', 'queue', 'merge', 'help', 'cancel'];
const MANAGER_MENU = ['new', 'my', 'tasks', 'ticket', 'find', 'room', 'task', 'kpi', 'history', 'export', 'repeat', 'orders', 'merge', 'help', 'cancel'];
const AUDITOR_MENU = ['new', 'my', 'tasks', 'ticket', 'find', 'room', 'kpi', 'history', 'export', 'help', 'cancel'];
const ADMIN_MENU = ['new', 'my', 'tasks', 'ticket', 'find', 'room', 'queue', 'task', 'kpi', 'history', 'export', 'repeat', 'orders', 'merge', 'staff', 'rooms', 'help', 'cancel'];
const SWITCHED_OFF_MENU = ['start', 'help'];

async function register(h: Harness, userId: string, fullName: string, role: string) {
  await h.say(userId, '/start');
  await h.expectText(userId, /фамилию, имя и отчество/);
  await h.say(userId, fullName);
  await h.expectText(userId, /отправлена администратору/);
  await h.expectText(ADMIN, new RegExp(fullName));
  await h.press(ADMIN, `sa:${userId}:${role}`);
  await h.expectText(userId, /Доступ открыт/);
  await h.eventually(async () => (await h.read.staffById(userId))?.status === 'active', `${userId} in the staff directory`);
}

/** Waits until the person's latest command menu is `menu`. */
async function expectMenu(h: Harness, chatId: string, menu: string[]) {
  await h.fake
    .waitFor(() => JSON.stringify(h.fake.commandMenus(chatId).at(-1)) === JSON.stringify(menu), 20_000, `the menu of ${chatId}`)
    .catch(() => {
      throw new Error(`menu of ${chatId}: expected ${menu.join(' ')}, got ${JSON.stringify(h.fake.commandMenus(chatId))}`);
    });
}

/** The text of the next message to `chatId` matching `pattern`, sent after what it had already received. */
async function next(h: Harness, chatId: string, pattern: RegExp, send: () => Promise<number>) {
  const after = h.fake.textsTo(chatId).length;
  await send();
  return h.expectText(chatId, pattern, { after });
}

describe.each(STORE_KINDS)('words and the command menu on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Moscow.
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z' });
  });
  afterAll(() => h?.close());

  it('sets the default command menu at start, with Russian descriptions', async () => {
    await h.fake.waitFor(() => h.fake.commandMenus().length > 0, 20_000, 'the default menu');
    expect(h.fake.commandMenus()).toEqual([['start', 'help', 'new', 'my', 'tasks', 'ticket', 'find', 'room', 'cancel']]);
    const call = h.fake.successful('setMyCommands').find((c) => c.payload.scope === undefined || (c.payload.scope as { type: string }).type === 'default');
    for (const { description } of call!.payload.commands as Array<{ description: string }>) {
      expect(description).toMatch(/^[А-ЯЁ][а-яё]/);
      expect(description.length).toBeLessThanOrEqual(256);
    }
  });

  it('asks the admin from the configuration for their name, greets them by it and gives them the admin menu', async () => {
    expect(await next(h, ADMIN, /фамилию, имя и отчество/, () => h.say(ADMIN, '/start'))).toMatch(/администратор/);
    await next(h, ADMIN, /Спасибо, Соколова Ирина Львовна! Ваша роль: администратор/, () => h.say(ADMIN, 'Соколова Ирина Львовна'));
    await next(h, ADMIN, /^Здравствуйте, Соколова Ирина Львовна!/, () => h.say(ADMIN, '/start'));
    expect(h.fake.textsTo(ADMIN).join('\n')).not.toMatch(/Здравствуйте, 1000/);
    await expectMenu(h, ADMIN, ADMIN_MENU);
  });

  it('gives each approved person the menu of their role, consistent with /help', async () => {
    await register(h, TEACHER, 'Иванова Мария Петровна', 'teacher');
    await register(h, TECH, 'Петров Олег Иванович', 'technician');
    await register(h, DEPUTY, 'Сидорова Анна Павловна', 'deputy');
    await expectMenu(h, TEACHER, TEACHER_MENU);
    await expectMenu(h, TECH, TECH_MENU);
    await expectMenu(h, DEPUTY, MANAGER_MENU);
    // Every command of a menu (but /help itself) is one /help names.
    for (const [id, menu] of [[TEACHER, TEACHER_MENU], [TECH, TECH_MENU], [DEPUTY, MANAGER_MENU]] as const) {
      const help = await next(h, id, /Что я умею/, () => h.say(id, '/help'));
      for (const command of menu.filter((c) => c !== 'help')) expect(help).toMatch(new RegExp(`^/${command}\\b`, 'm'));
    }
  });

  it('offers a ticket for words written outside any command, and opens it with them as the description', async () => {
    const offer = await next(h, TEACHER, /Открыть заявку с этим текстом\?/, () => h.say(TEACHER, 'в 204 не работает проектор'));
    expect(offer).toBe('Открыть заявку с этим текстом?');
    expect(h.fake.lastButtons(TEACHER)).toEqual(['fo', 'fn']);
    await next(h, TEACHER, /Выберите категорию/, () => h.press(TEACHER, 'fo'));
    // The place was in the words (каб. 204) and so was the description: next is the photo.
    await next(h, TEACHER, /Пришлите фото/, () => h.press(TEACHER, 'wc:it'));
    const summary = await next(h, TEACHER, /Проверьте заявку/, () => h.press(TEACHER, 'wp'));
    expect(summary).toContain('Место: каб. 204');
    expect(summary).toContain('Описание: в 204 не работает проектор');
    await next(h, TEACHER, /Заявка №1 принята/, () => h.press(TEACHER, 'wy'));
    const ticket = await h.eventually(() => h.read.ticketByNumber(1, h.clock.now()), 'ticket 1 projected');
    expect(ticket.description).toBe('в 204 не работает проектор');
    expect(ticket.category).toBe('it');

    // Without a place in the words, the place is asked; a "Нет" leaves nothing behind.
    await next(h, TEACHER, /Открыть заявку с этим текстом\?/, () => h.say(TEACHER, 'Скрипит стул'));
    await next(h, TEACHER, /Выберите категорию/, () => h.press(TEACHER, 'fo'));
    await next(h, TEACHER, /Где\?/, () => h.press(TEACHER, 'wc:maintenance'));
    await next(h, TEACHER, /Пришлите фото/, () => h.say(TEACHER, 'спортзал'));
    await next(h, TEACHER, /Заявка не отправлена/, () => h.press(TEACHER, 'wn'));
    await next(h, TEACHER, /Открыть заявку с этим текстом\?/, () => h.say(TEACHER, 'спасибо'));
    await next(h, TEACHER, /^Хорошо/, () => h.press(TEACHER, 'fn'));
    await next(h, TEACHER, /устарела/, () => h.press(TEACHER, 'fo'));
  });

  it('shows /history in Russian, naming who did what, the configured admin by name', async () => {
    await next(h, TECH, /Вы взяли заявку №1/, () => h.press(TECH, 'tt:1'));
    await next(h, ADMIN, /напишите комментарий/, () => h.press(ADMIN, 'tc:1'));
    await next(h, ADMIN, /Комментарий к заявке №1 добавлен/, () => h.say(ADMIN, 'Проверьте кабель'));
    await next(h, TECH, /что сделано\?/, () => h.press(TECH, 'tr:1'));
    await next(h, TECH, /отмечена решённой/, () => h.say(TECH, 'Заменил кабель'));
    await next(h, TEACHER, /закрыта/, () => h.press(TEACHER, 'tf:1'));
    const history = await next(h, ADMIN, /История: №1/, () => h.say(ADMIN, '/history 1'));
    const lines = history.split('\n').slice(1);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/ · Иванова Мария Петровна: открыл\(а\) заявку «в 204 не работает проектор»: ИТ и компьютеры/);
    expect(lines[1]).toMatch(/ · Петров Олег Иванович: взял\(а\) в работу$/);
    expect(lines[2]).toMatch(/ · Соколова Ирина Львовна: комментарий: Проверьте кабель$/);
    expect(lines[3]).toMatch(/ · Петров Олег Иванович: отметил\(а\) решённой: Заменил кабель$/);
    expect(lines[4]).toMatch(/ · Иванова Мария Петровна: подтвердил\(а\) решение, заявка закрыта$/);
    // No English inside: no Latin letter anywhere (names are Cyrillic, ids are digits).
    expect(history).not.toMatch(/[A-Za-z]/);
  });

  it('lists a deadline as "до субботы", in the genitive', async () => {
    const issued = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: TEACHER, title: 'Сдать журнал', deadline: '2026-11-28T12:00:00Z' }, {});
    expect(issued.ok).toBe(true);
    await h.eventually(() => h.read.taskByNumber(1, h.clock.now()), 'п1 projected');
    const list = await next(h, TEACHER, /Мои поручения:/, () => h.say(TEACHER, '/tasks'));
    expect(list).toContain('п1 · Сдать журнал — назначено, до субботы, 28 ноября 2026, 15:00');
    expect(list).not.toMatch(/до суббота/);
  });

  it('changes a person’s menu with their role, and shortens it when they are switched off', async () => {
    await next(h, ADMIN, /выберите новую роль/, () => h.press(ADMIN, `sr:${TEACHER}`));
    await next(h, ADMIN, /роль изменена на «аудитор»/, () => h.press(ADMIN, `sr:${TEACHER}:auditor`));
    await expectMenu(h, TEACHER, AUDITOR_MENU);
    await next(h, ADMIN, /роль изменена на «техник»/, () => h.press(ADMIN, `sr:${DEPUTY}:technician`));
    await expectMenu(h, DEPUTY, TECH_MENU);
    await next(h, ADMIN, /доступ отключён/, () => h.press(ADMIN, `sd:${TECH}`));
    await expectMenu(h, TECH, SWITCHED_OFF_MENU);
    // A registration turned down never had a menu of its own: nothing is set for it.
    await h.say(LATER, '/start');
    await h.expectText(LATER, /фамилию, имя и отчество/);
    await next(h, LATER, /отправлена администратору/, () => h.say(LATER, 'Орлов Пётр Ильич'));
    await next(h, ADMIN, /доступ отключён/, () => h.press(ADMIN, `sd:${LATER}`));
    // The reaction takes events in order: once a later role change has its menu, the refusal was handled.
    await next(h, ADMIN, /роль изменена на «учитель»/, () => h.press(ADMIN, `sr:${TEACHER}:teacher`));
    await expectMenu(h, TEACHER, TEACHER_MENU);
    expect(h.fake.commandMenus(LATER)).toEqual([]);
  });
});
