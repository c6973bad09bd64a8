// Through the webhook and the fake Bot API: technicians' categories set at approval (a multi-select picker)
// and later in /staff; new tickets routed by category (a maintenance ticket reaches the maintenance technician
// and the one with no categories, never the IT one); a manager assigning and reassigning a ticket from its card
// (technicians of the ticket's category first, each with their load); forged or stale picks refused with
// nothing appended; /staff with a count, categories and pages.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Update } from 'telegraf/types';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '7001';
const DEPUTY = '7002';
const TECH_IT = '7003';
const TECH_MAINT = '7004';
const TECH_ALL = '7005';

const NOT_ALLOWED = /Это действие вам недоступно/;
// Bits of the default categories: it, equipment, maintenance, cleaning, safety, other.
const IT = 1;
const MAINTENANCE = 4;

interface StoredMessage {
  message_id: number;
  text?: string;
  reply_markup?: unknown;
}

/** The fake's copy of the messages in a chat, as edited since. */
const messagesIn = (h: Harness, chatId: string): StoredMessage[] =>
  [...(h.fake as unknown as { messages: Map<string, StoredMessage> }).messages.entries()]
    .filter(([key]) => key.startsWith(`${chatId}:`))
    .map(([, message]) => message);

const callbackData = (markup: unknown): string[] =>
  ((markup as { inline_keyboard?: Array<Array<{ callback_data?: string; text?: string }>> } | undefined)?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => (b.callback_data ? [b.callback_data] : []));

const buttonLabels = (markup: unknown): string[] =>
  ((markup as { inline_keyboard?: Array<Array<{ text?: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text ?? '');

/** The latest message in a chat whose text matches. */
async function latestMessage(h: Harness, chatId: string, pattern: RegExp): Promise<StoredMessage> {
  return h.eventually(async () => messagesIn(h, chatId).findLast((m) => pattern.test(m.text ?? '')), `a message to ${chatId} matching ${String(pattern)}`);
}

let updateId = 700_000;
/** A press under a particular message of a private chat (so the bot can redraw that message). */
const pressOn = (h: Harness, userId: string, message: StoredMessage, data: string) =>
  h.post({
    update_id: updateId++,
    callback_query: {
      id: `assign-${updateId}`,
      from: { id: Number(userId), is_bot: false, first_name: `User${userId}` },
      chat_instance: 'private',
      data,
      message: { message_id: message.message_id, date: Math.floor(Date.now() / 1000), chat: { id: Number(userId), type: 'private' }, text: message.text },
    },
  } as unknown as Update);

/** Registers through /start; the admin gets the role buttons. */
async function registerByStart(h: Harness, id: string, fullName: string) {
  await h.say(id, '/start');
  await h.expectText(id, /фамилию, имя и отчество/);
  await h.say(id, fullName);
  await h.expectText(id, /отправлена администратору/);
  await h.expectText(ADMIN, new RegExp(fullName));
}

/** A press that must be refused politely and append nothing. */
async function refused(h: Harness, userId: string, data: string, pattern: RegExp) {
  const before = await h.eventCount();
  await press(h, userId, data, pattern);
  expect(await h.eventCount()).toBe(before);
}

const staffEvents = async (h: Harness, id: string) => h.store.readStream(`staff-${id}`);
const ticketEvents = async (h: Harness, number: number) => h.store.readStream(`ticket-${number}`);

describe.each(STORE_KINDS)('assigning tickets and technicians’ categories on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, TEACHER, 'Орлова Светлана Игоревна', 'teacher');
    await approved(h, DEPUTY, 'Лебедева Ирина Викторовна', 'deputy');
  });
  afterAll(() => h?.close());

  it('sets a technician’s categories at approval with a multi-select, and “all” by leaving it empty', async () => {
    await registerByStart(h, TECH_IT, 'Компьютеров Антон Сергеевич');
    const roleButtons = await latestMessage(h, ADMIN, /Компьютеров Антон Сергеевич/);
    // The technician's button opens the picker instead of approving at once.
    expect(callbackData(roleButtons.reply_markup)).toContain(`scm:${TECH_IT}:A0`);
    expect(callbackData(roleButtons.reply_markup)).toContain(`sa:${TECH_IT}:teacher`);
    await press(h, ADMIN, `scm:${TECH_IT}:A0`, /Компьютеров Антон Сергеевич: какие заявки получает техник/);
    const picker = await latestMessage(h, ADMIN, /Компьютеров Антон Сергеевич: какие заявки получает техник/);
    expect(buttonLabels(picker.reply_markup)).toEqual([
      'ИТ и компьютеры',
      'Оборудование',
      'Хозчасть и ремонт',
      'Уборка',
      'Безопасность',
      'Другое',
      '✅ Все категории',
      'Готово',
    ]);
    // Toggling redraws the same message with the mark; toggling twice takes it away again.
    await pressOn(h, ADMIN, picker, `scm:${TECH_IT}:a${IT | 2}`);
    await h.eventually(async () => buttonLabels((await latestMessage(h, ADMIN, /какие заявки получает техник/)).reply_markup).includes('✅ Оборудование'), 'two marked');
    await pressOn(h, ADMIN, picker, `scm:${TECH_IT}:a${IT}`);
    await h.eventually(async () => {
      const labels = buttonLabels((await latestMessage(h, ADMIN, /какие заявки получает техник/)).reply_markup);
      return labels.includes('✅ ИТ и компьютеры') && labels.includes('Оборудование') && labels.includes('Все категории');
    }, 'one marked');
    expect(callbackData((await latestMessage(h, ADMIN, /какие заявки получает техник/)).reply_markup)).toContain(`scd:${TECH_IT}:a${IT}`);
    await press(h, ADMIN, `scd:${TECH_IT}:a${IT}`, /Компьютеров Антон Сергеевич: доступ открыт, роль — техник, категории: ИТ и компьютеры\./);
    await h.expectText(TECH_IT, /Доступ открыт\. Ваша роль: техник/);
    const approval = (await staffEvents(h, TECH_IT)).find((e) => e.type === 'StaffApproved');
    expect(approval?.data).toMatchObject({ role: 'technician', categories: ['it'] });

    // The maintenance technician, and one who takes everything ("Готово" with nothing marked).
    await registerByStart(h, TECH_MAINT, 'Мастеров Иван Петрович');
    await press(h, ADMIN, `scm:${TECH_MAINT}:A0`, /Мастеров Иван Петрович: какие заявки получает техник/);
    await press(h, ADMIN, `scd:${TECH_MAINT}:a${MAINTENANCE}`, /Мастеров Иван Петрович: доступ открыт, роль — техник, категории: Хозчасть и ремонт\./);
    await registerByStart(h, TECH_ALL, 'Универсалов Пётр Ильич');
    await press(h, ADMIN, `scm:${TECH_ALL}:A0`, /какие заявки получает техник/);
    await press(h, ADMIN, `scd:${TECH_ALL}:a0`, /Универсалов Пётр Ильич: доступ открыт, роль — техник, категории: все категории\./);
    for (const id of [TECH_IT, TECH_MAINT, TECH_ALL]) {
      await h.eventually(async () => (await h.read.staffById(id))?.status === 'active', `${id} projected`);
    }
    expect((await h.read.staffById(TECH_MAINT))?.categories).toEqual(['maintenance']);
    expect((await h.read.staffById(TECH_ALL))?.categories).toEqual([]);

    // Pressing "Готово" again (a stale picker) approves nothing twice.
    await refused(h, ADMIN, `scd:${TECH_IT}:a${IT}`, /Эта заявка уже решена/);
    // Only an admin sets categories.
    await refused(h, DEPUTY, `scd:${TECH_IT}:c0`, /Сотрудниками управляет администратор/);
  });

  it('routes a new ticket by category: maintenance reaches the maintenance and the all-categories technicians, not IT', async () => {
    const maintenance = await h.commands.openTicket(await h.as(TEACHER), { title: 'Течёт кран', category: 'maintenance', location: 'столовая' }, {});
    expect(maintenance.ok && maintenance.number).toBe(1);
    await h.expectText(TECH_MAINT, /Новая заявка №1: Течёт кран/);
    await h.expectText(TECH_ALL, /Новая заявка №1: Течёт кран/);
    // An IT ticket after it: the IT technician hears of №2, and (notices are planned in order) never of №1.
    const it2 = await h.commands.openTicket(await h.as(TEACHER), { title: 'Не работает проектор', category: 'it', location: 'каб. 204' }, {});
    expect(it2.ok && it2.number).toBe(2);
    await h.expectText(TECH_IT, /Новая заявка №2: Не работает проектор/);
    await h.expectText(TECH_ALL, /Новая заявка №2/);
    expect(h.fake.textsTo(TECH_IT).join('\n')).not.toMatch(/№1\b/);
    expect(h.fake.textsTo(TECH_MAINT).join('\n')).not.toMatch(/№2\b/);
  });

  it('lets a manager assign from the card, technicians of the category first with their load, and reassign', async () => {
    // The all-categories technician takes the IT ticket: one in progress.
    expect((await h.commands.takeTicket(await h.as(TECH_ALL), { number: 2 }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.ticketByNumber(2, h.clock.now()))?.assigneeId === TECH_ALL, '№2 taken');
    await h.eventually(() => h.read.ticketByNumber(1, h.clock.now()), '№1 projected');

    // A teacher's card has no Assign button; a deputy's has.
    await ask(h, TEACHER, '/ticket 1', /Заявка №1: Течёт кран/);
    expect(h.fake.lastButtons(TEACHER)).not.toContain('tam:1');
    await ask(h, DEPUTY, '/ticket 1', /Заявка №1: Течёт кран/);
    expect(h.fake.lastButtons(DEPUTY)).toContain('tam:1');

    await press(h, DEPUTY, 'tam:1', /Заявка №1: кому назначить\?/);
    const menu = await latestMessage(h, DEPUTY, /Заявка №1: кому назначить/);
    expect(callbackData(menu.reply_markup)).toEqual([`taw:1:${TECH_MAINT}`, `taw:1:${TECH_ALL}`, `taw:1:${TECH_IT}`]);
    expect(buttonLabels(menu.reply_markup)).toEqual(['★ Мастеров И.П. (0)', '★ Универсалов П.И. (1)', 'Компьютеров А.С. (0)']);
    for (const data of callbackData(menu.reply_markup)) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

    await press(h, DEPUTY, `taw:1:${TECH_MAINT}`, /Заявка №1 назначена: Мастеров И\.П\./);
    const assigned = await h.eventually(async () => {
      const ticket = await h.read.ticketByNumber(1, h.clock.now());
      return ticket?.assigneeId === TECH_MAINT ? ticket : undefined;
    }, '№1 assigned');
    expect(assigned.status).toBe('in_progress');
    const card = await ask(h, DEPUTY, '/ticket 1', /Заявка №1: Течёт кран/);
    expect(card).toMatch(/Исполнитель: Мастеров Иван Петрович/);
    const reassignCall = h.fake.calls.findLast((c) => c.status === 'ok' && String(c.payload.chat_id) === DEPUTY && /Заявка №1: Течёт кран/.test(String(c.payload.text)));
    expect(buttonLabels(reassignCall?.payload.reply_markup)).toContain('Переназначить');

    // Reassign: the current assignee is not offered again.
    await press(h, DEPUTY, 'tam:1', /Заявка №1: кому назначить\?/);
    const again = await latestMessage(h, DEPUTY, /Заявка №1: кому назначить/);
    expect(callbackData(again.reply_markup)).toEqual([`taw:1:${TECH_ALL}`, `taw:1:${TECH_IT}`]);
    await press(h, ADMIN, `taw:1:${TECH_ALL}`, /Заявка №1 назначена: Универсалов П\.И\./);
    const assignments = (await ticketEvents(h, 1)).filter((e) => e.type === 'TicketAssigned');
    expect(assignments.map((e) => e.data)).toMatchObject([
      { assigneeId: TECH_MAINT, assignedBy: DEPUTY, previousAssigneeId: null, selfAssigned: false },
      { assigneeId: TECH_ALL, assignedBy: ADMIN, previousAssigneeId: TECH_MAINT, selfAssigned: false },
    ]);
  });

  it('refuses forged and stale picks politely, appending nothing', async () => {
    // Not a manager: neither the menu nor a crafted pick.
    await refused(h, TEACHER, 'tam:1', NOT_ALLOWED);
    await refused(h, TEACHER, `taw:1:${TECH_IT}`, NOT_ALLOWED);
    await refused(h, TECH_IT, `taw:1:${TECH_IT}`, NOT_ALLOWED);
    // Already theirs.
    await refused(h, DEPUTY, `taw:1:${TECH_ALL}`, /Ничего не изменилось/);
    // Not a technician.
    await refused(h, DEPUTY, `taw:1:${TEACHER}`, /Этому сотруднику нельзя это поручить/);
    // A technician deactivated since the menu was drawn.
    expect((await h.commands.deactivate(await h.as(ADMIN), { telegramId: TECH_IT, reason: 'уволился' }, {})).ok).toBe(true);
    await refused(h, DEPUTY, `taw:1:${TECH_IT}`, /Этому сотруднику нельзя это поручить/);
    await h.eventually(async () => (await h.read.staffById(TECH_IT))?.status === 'inactive', 'deactivation projected');
    await press(h, DEPUTY, 'tam:1', /Заявка №1: кому назначить\?/);
    expect(callbackData((await latestMessage(h, DEPUTY, /Заявка №1: кому назначить/)).reply_markup)).toEqual([`taw:1:${TECH_MAINT}`]);
    // A ticket no longer open: neither the menu nor a pick.
    expect((await h.commands.cancelTicket(await h.as(ADMIN), { number: 2, reason: 'дубликат' }, {})).ok).toBe(true);
    await refused(h, DEPUTY, `taw:2:${TECH_MAINT}`, /Сейчас это сделать нельзя/);
    await h.eventually(async () => (await h.read.ticketByNumber(2, h.clock.now()))?.status === 'cancelled', '№2 cancelled');
    await refused(h, DEPUTY, 'tam:2', /Сейчас это сделать нельзя/);
    // A garbled pick.
    await refused(h, DEPUTY, 'taw:1:abc', /Эта кнопка устарела/);
  });

  it('shows /staff with a count, categories per technician and pages, and changes categories from it', async () => {
    // Enough people for two pages of ten.
    for (let i = 0; i < 9; i += 1) await approved(h, String(7100 + i), `Учителев${String.fromCharCode(1040 + i)} Иван Иванович`, 'teacher');
    await h.say(ADMIN, '/staff');
    const list = await h.expectText(ADMIN, /Сотрудники: 14 человек, страница 1 из 2/);
    expect(list).toMatch(/Мастеров Иван Петрович — техник, активен; категории: Хозчасть и ремонт/);
    expect(list).toMatch(/Универсалов Пётр Ильич — техник, активен; категории: все категории/);
    expect(list).toMatch(/Компьютеров Антон Сергеевич — техник, отключён; категории: ИТ и компьютеры/);
    expect(list).toMatch(/Орлова Светлана Игоревна — учитель, активен\n/);
    const page = await latestMessage(h, ADMIN, /Сотрудники: 14 человек, страница 1 из 2/);
    expect(callbackData(page.reply_markup)).toContain('lp:st:2');
    expect(callbackData(page.reply_markup)).toContain(`scm:${TECH_MAINT}:C${MAINTENANCE}`);
    expect(callbackData(page.reply_markup)).not.toContain('lp:st:0');

    // The next page redraws the same message.
    await pressOn(h, ADMIN, page, 'lp:st:2');
    const second = await h.eventually(async () => {
      const message = messagesIn(h, ADMIN).find((m) => m.message_id === page.message_id);
      return message && /страница 2 из 2/.test(message.text ?? '') ? message : undefined;
    }, 'page 2');
    expect(second.text).toMatch(/УчителевИ Иван Иванович — учитель, активен/);
    expect(second.text).not.toMatch(/Мастеров/);
    expect(callbackData(second.reply_markup)).toContain('lp:st:1');
    expect(callbackData(second.reply_markup)).not.toContain('lp:st:3');
    // Ten people on the first page, the other four on the second.
    expect(list.split('\n').filter((line) => / — /.test(line))).toHaveLength(10);
    expect((second.text ?? '').split('\n').filter((line) => / — /.test(line))).toHaveLength(4);

    // "Категории" opens a picker with their current choice; add IT and finish.
    await press(h, ADMIN, `scm:${TECH_MAINT}:C${MAINTENANCE}`, /Мастеров Иван Петрович: какие заявки получает техник/);
    const picker = await latestMessage(h, ADMIN, /Мастеров Иван Петрович: какие заявки получает техник/);
    expect(buttonLabels(picker.reply_markup)).toContain('✅ Хозчасть и ремонт');
    await pressOn(h, ADMIN, picker, `scm:${TECH_MAINT}:c${MAINTENANCE | IT}`);
    await h.eventually(async () => buttonLabels((await latestMessage(h, ADMIN, /Мастеров Иван Петрович: какие/)).reply_markup).includes('✅ ИТ и компьютеры'), 'IT marked');
    await press(h, ADMIN, `scd:${TECH_MAINT}:c${MAINTENANCE | IT}`, /Мастеров Иван Петрович: категории: ИТ и компьютеры, Хозчасть и ремонт\./);
    const change = (await staffEvents(h, TECH_MAINT)).find((e) => e.type === 'StaffRoleChanged');
    expect(change?.data).toMatchObject({ from: 'technician', to: 'technician', categories: ['it', 'maintenance'] });
    await h.eventually(async () => (await h.read.staffById(TECH_MAINT))?.categories.length === 2, 'categories projected');
    // The same set again changes nothing.
    await refused(h, ADMIN, `scd:${TECH_MAINT}:c${MAINTENANCE | IT}`, /Ничего не изменилось/);

    // From now on an IT ticket reaches them too.
    const ticket = await h.commands.openTicket(await h.as(TEACHER), { title: 'Нет интернета', category: 'it', location: 'учительская' }, {});
    expect(ticket.ok && ticket.number).toBe(3);
    await h.expectText(TECH_MAINT, /Новая заявка №3: Нет интернета/);
  });
});
