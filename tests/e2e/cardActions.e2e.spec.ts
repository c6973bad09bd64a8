// Through the webhook and the fake Bot API: the buttons on ticket and task cards that no other e2e test
// presses. Tickets: Comment (recorded, on the card and in the history, the other side hears of it), Priority
// (the assignee and a deputy may, a teacher may not), Cancel (the author while open, an admin any time).
// Tasks: Accept, Complete with a report, Return with a reason, Cancel by the issuer. Whoever may not is
// refused at once, politely, and nothing is appended.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const AUTHOR = '5001';
const STRANGER = '5002';
const TECH = '5003';
const DEPUTY = '5004';

const NOT_ALLOWED = /Это действие вам недоступно/;

/** Presses a button someone may not press: a polite refusal, no question asked, nothing appended. */
async function refused(h: Harness, userId: string, data: string, pattern = NOT_ALLOWED) {
  const before = await h.eventCount();
  const seen = h.fake.textsTo(userId).length;
  await h.press(userId, data);
  await h.expectText(userId, pattern, { after: seen });
  // They were not asked for words: what they type next is not taken as a reason or a comment (words outside
  // any step are offered as a new ticket's).
  await h.say(userId, 'Текст после отказа');
  await h.expectText(userId, /Открыть заявку с этим текстом\?/, { after: seen });
  expect(await h.eventCount()).toBe(before);
}

/** The buttons under the last message to a chat whose text matches (none: an empty list). */
function buttonsUnder(h: Harness, chatId: string, pattern: RegExp): string[] {
  const call = h.fake.calls.findLast(
    (c) => c.status === 'ok' && String(c.payload.chat_id) === chatId && pattern.test(String(c.payload.text ?? c.payload.caption ?? '')),
  );
  const rows = (call?.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
}

const ticketEvents = async (h: Harness, number: number) => (await h.store.readStream(`ticket-${number}`)).map((e) => e.type);

describe.each(STORE_KINDS)('ticket and task card buttons on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, AUTHOR, 'Орлова Светлана Игоревна', 'teacher');
    await approved(h, STRANGER, 'Соколов Пётр Андреевич', 'teacher');
    await approved(h, TECH, 'Волков Денис Олегович', 'technician');
    await approved(h, DEPUTY, 'Лебедева Ирина Викторовна', 'deputy');
    // №1: taken by the technician. №2: still open.
    const first = await h.commands.openTicket(await h.as(AUTHOR), { title: 'Не работает принтер', description: 'Мигает красным', category: 'it', location: 'каб. 101' }, {});
    const second = await h.commands.openTicket(await h.as(AUTHOR), { title: 'Скрипит дверь', description: 'Петли', category: 'maintenance', location: 'каб. 102' }, {});
    expect([first.ok && first.number, second.ok && second.number]).toEqual([1, 2]);
    expect((await h.commands.takeTicket(await h.as(TECH), { number: 1 }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.status === 'in_progress', 'ticket 1 in progress');
    await h.eventually(() => h.read.ticketByNumber(2, h.clock.now()), 'ticket 2 projected');
  });
  afterAll(() => h?.close());

  it('records comments from both sides, shows them on the card and in the history, and tells the other side', async () => {
    await ask(h, TECH, '/ticket 1', /Заявка №1: Не работает принтер/);
    expect(h.fake.lastButtons(TECH)).toContain('tc:1');
    await press(h, TECH, 'tc:1', /Заявка №1: напишите комментарий/);
    await ask(h, TECH, 'Заказал картридж, привезут в четверг', /Комментарий к заявке №1 добавлен/);
    // The author hears of it, with the technician's name and a button to answer.
    await h.expectText(AUTHOR, /Комментарий к заявке №1 «Не работает принтер» \(Волков Денис Олегович\): Заказал картридж, привезут в четверг/);
    expect(h.fake.lastButtons(AUTHOR)).toContain('tc:1');

    // The author answers from that button, with a photo: the technician hears of it.
    await press(h, AUTHOR, 'tc:1', /напишите комментарий/);
    await h.photo(AUTHOR, 'printer-photo', 'Вот что пишет на экране');
    await h.expectText(AUTHOR, /Комментарий к заявке №1 добавлен/);
    await h.expectText(TECH, /Комментарий к заявке №1 «Не работает принтер» \(Орлова Светлана Игоревна\): Вот что пишет на экране/);

    const comments = (await h.store.readStream('ticket-1')).filter((e) => e.type === 'TicketCommented');
    expect(comments.map((e) => [e.metadata.actorId, (e.data as { text: string }).text])).toEqual([
      [TECH, 'Заказал картридж, привезут в четверг'],
      [AUTHOR, 'Вот что пишет на экране'],
    ]);
    expect((comments[1]!.data as { photo: unknown }).photo).toEqual({ fileId: 'printer-photo', fileUniqueId: 'u-printer-photo' });
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.commentCount === 2, 'two comments projected');

    // The card shows them; so does the history a deputy reads.
    const card = await ask(h, DEPUTY, '/ticket 1', /Заявка №1: Не работает принтер/);
    expect(card).toMatch(/Комментарии \(2\):/);
    expect(card).toMatch(/Волков Денис Олегович: Заказал картридж, привезут в четверг/);
    expect(card).toMatch(/Орлова Светлана Игоревна: Вот что пишет на экране/);
    const history = await ask(h, DEPUTY, '/history 1', /История: №1/);
    expect(history).toMatch(/Волков Денис Олегович: комментарий: Заказал картридж, привезут в четверг/);

    // Someone with no part in the ticket gets no Comment button and cannot press a forged one.
    await ask(h, STRANGER, '/ticket 1', /Заявка №1/);
    expect(h.fake.lastButtons(STRANGER)).not.toContain('tc:1');
    await refused(h, STRANGER, 'tc:1');
    expect((await ticketEvents(h, 1)).filter((t) => t === 'TicketCommented')).toHaveLength(2);
  });

  it('lets the assignee and a deputy change the priority, and refuses the author', async () => {
    await refused(h, AUTHOR, 'tp:1');
    const before = await h.eventCount();
    await press(h, AUTHOR, 'tq:1:urgent', NOT_ALLOWED);
    expect(await h.eventCount()).toBe(before);

    await press(h, TECH, 'tp:1', /Заявка №1: выберите приоритет/);
    expect(h.fake.lastButtons(TECH)).toEqual(['tq:1:low', 'tq:1:normal', 'tq:1:high', 'tq:1:urgent']);
    await press(h, TECH, 'tq:1:urgent', /Приоритет заявки №1: срочный/);
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.priority === 'urgent', 'urgent projected');
    const card = await ask(h, AUTHOR, '/ticket 1', /Заявка №1/);
    expect(card).toMatch(/Приоритет: срочный/);
    // Urgent is due 4 h after opening (it was opened at 10:00 Moscow time).
    expect(card).toMatch(/Срок: .*14:00/);

    await press(h, DEPUTY, 'tq:1:urgent', /Ничего не изменилось/);
    await press(h, DEPUTY, 'tq:1:high', /Приоритет заявки №1: высокий/);
    const changes = (await h.store.readStream('ticket-1')).filter((e) => e.type === 'TicketPriorityChanged');
    expect(changes.map((e) => [e.metadata.actorId, (e.data as { to: string }).to])).toEqual([
      [TECH, 'urgent'],
      [DEPUTY, 'high'],
    ]);
  });

  it('lets the author cancel an open ticket, refuses others, and lets an admin cancel one in progress', async () => {
    // The open ticket: the author has a Cancel button; someone else may not cancel it.
    await ask(h, AUTHOR, '/ticket 2', /Заявка №2: Скрипит дверь/);
    expect(h.fake.lastButtons(AUTHOR)).toContain('tx:2');
    await refused(h, STRANGER, 'tx:2');
    await refused(h, TECH, 'tx:2');
    await press(h, AUTHOR, 'tx:2', /Заявка №2: почему отменяете\?/);
    await ask(h, AUTHOR, 'Починили сами', /Заявка №2 отменена/);
    const cancelled = await h.eventually(async () => {
      const ticket = await h.read.ticketByNumber(2, h.clock.now());
      return ticket?.status === 'cancelled' ? ticket : undefined;
    }, 'ticket 2 cancelled');
    expect(cancelled.cancelledAt).not.toBeNull();
    const card = await ask(h, AUTHOR, '/ticket 2', /Заявка №2/);
    expect(card).toMatch(/Статус: отменена/);
    expect(buttonsUnder(h, AUTHOR, /Заявка №2: Скрипит дверь/)).toEqual([]);
    // Pressing the old button again: refused, nothing appended.
    await refused(h, AUTHOR, 'tx:2', /Сейчас это сделать нельзя/);

    // Someone already works on №1: the author is told who may cancel it now.
    await ask(h, AUTHOR, '/ticket 1', /Заявка №1/);
    expect(h.fake.lastButtons(AUTHOR)).not.toContain('tx:1');
    await refused(h, AUTHOR, 'tx:1', /отменить её может только администратор/);

    // An admin may; both the author and the technician hear of it.
    await press(h, ADMIN, 'tx:1', /Заявка №1: почему отменяете\?/);
    await ask(h, ADMIN, 'Принтер списан, купим новый', /Заявка №1 отменена/);
    await h.expectText(AUTHOR, /Заявка №1 «Не работает принтер» отменена: Принтер списан, купим новый/);
    await h.expectText(TECH, /Заявка №1 «Не работает принтер» отменена: Принтер списан, купим новый/);
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.status === 'cancelled', 'ticket 1 cancelled');
    expect((await ticketEvents(h, 1)).filter((t) => t === 'TicketCancelled')).toHaveLength(1);
    expect((await ticketEvents(h, 2)).filter((t) => t === 'TicketCancelled')).toHaveLength(1);
  });

  it('accepts, completes with a report, returns with a reason, and refuses whoever may not', async () => {
    const assigned = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: AUTHOR, title: 'Проверить журналы', deadline: '2026-11-27T15:00:00Z' }, {});
    expect(assigned.ok && assigned.number).toBe(1);
    await h.expectText(AUTHOR, /Новое поручение п1: Проверить журналы/);
    await h.eventually(() => h.read.taskByNumber(1, h.clock.now()), 'task 1 projected');

    // Before accepting, the card offers Accept (Complete comes once it is accepted).
    await h.press(AUTHOR, 'ks:1');
    await h.expectText(AUTHOR, /Поручение п1: Проверить журналы[\s\S]*Статус: назначено/);
    expect(buttonsUnder(h, AUTHOR, /Поручение п1: Проверить журналы[\s\S]*Статус: назначено/)).toEqual(['ka:1']);

    await refused(h, STRANGER, 'ka:1');
    await press(h, AUTHOR, 'ka:1', /Поручение п1 принято в работу/);
    // The answer carries the next step.
    expect(h.fake.lastButtons(AUTHOR)).toEqual(['kc:1']);
    await h.eventually(async () => (await h.read.taskByNumber(1, h.clock.now()))?.status === 'accepted', 'task 1 accepted');
    // The issuer hears the acceptance first (a notice of its own, with Open): the completion below is then not
    // merged into the same message.
    await h.expectText(DEPUTY, /принял\(а\) поручение п1 «Проверить журналы» в работу/);
    await refused(h, STRANGER, 'kc:1');
    await refused(h, DEPUTY, 'kc:1');

    await press(h, AUTHOR, 'kc:1', /Поручение п1: коротко опишите, что сделано/);
    await ask(h, AUTHOR, 'Журналы 5–7 классов проверены', /Поручение п1 отмечено выполненным/);
    await h.expectText(DEPUTY, /Поручение п1 «Проверить журналы» выполнено \(Орлова Светлана Игоревна\): Журналы 5–7 классов проверены/);
    expect(h.fake.lastButtons(DEPUTY)).toEqual(['kp:1', 'kr:1']);
    await h.eventually(async () => (await h.read.taskByNumber(1, h.clock.now()))?.status === 'completed', 'task 1 completed');

    // Only the issuer returns it.
    await refused(h, AUTHOR, 'kr:1');
    await refused(h, STRANGER, 'kr:1');
    await press(h, DEPUTY, 'kr:1', /Поручение п1: что доработать\?/);
    await ask(h, DEPUTY, 'Нет журнала 8 класса', /Поручение п1 возвращено на доработку\./);
    await h.expectText(AUTHOR, /Поручение п1 возвращено на доработку: Нет журнала 8 класса/);
    const returned = await h.eventually(async () => {
      const task = await h.read.taskByNumber(1, h.clock.now());
      return task?.status === 'accepted' ? task : undefined;
    }, 'task 1 back in work');
    expect(returned.completedAt).toBeNull();
    const events = await h.store.readStream('task-1');
    expect(events.map((e) => e.type)).toEqual(['TaskAssigned', 'TaskAccepted', 'TaskCompleted', 'TaskReturned']);
    expect(events[3]!.data).toMatchObject({ returnedBy: DEPUTY, assigneeId: AUTHOR, reason: 'Нет журнала 8 класса' });
    // Back in work, the assignee's card offers Complete again.
    await h.press(AUTHOR, 'ks:1');
    await h.expectText(AUTHOR, /Поручение п1[\s\S]*Статус: в работе/);
    expect(buttonsUnder(h, AUTHOR, /Поручение п1[\s\S]*Статус: в работе/)).toEqual(['kc:1']);
  });

  it('lets the issuer cancel a task with a reason; the assignee hears of it and may not cancel', async () => {
    const assigned = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: AUTHOR, title: 'Подготовить стенд', deadline: '2026-11-28T12:00:00Z' }, {});
    expect(assigned.ok && assigned.number).toBe(2);
    await h.eventually(() => h.read.taskByNumber(2, h.clock.now()), 'task 2 projected');
    await refused(h, AUTHOR, 'kx:2');
    await refused(h, STRANGER, 'kx:2');

    await h.press(DEPUTY, 'ks:2');
    await h.expectText(DEPUTY, /Поручение п2: Подготовить стенд/);
    expect(buttonsUnder(h, DEPUTY, /Поручение п2: Подготовить стенд/)).toEqual(['ke:2', 'kx:2']);
    await press(h, DEPUTY, 'kx:2', /Поручение п2: почему отменяете\?/);
    await ask(h, DEPUTY, 'Стенд перенесли на январь', /Поручение п2 отменено/);
    await h.expectText(AUTHOR, /Поручение п2 «Подготовить стенд» отменено: Стенд перенесли на январь/);
    const cancelled = await h.eventually(async () => {
      const task = await h.read.taskByNumber(2, h.clock.now());
      return task?.status === 'cancelled' ? task : undefined;
    }, 'task 2 cancelled');
    expect(cancelled).toMatchObject({ overdue: false, doneOnTime: false });
    const events = await h.store.readStream('task-2');
    expect(events.map((e) => e.type)).toEqual(['TaskAssigned', 'TaskCancelled']);
    expect(events[1]!.data).toMatchObject({ cancelledBy: DEPUTY, reason: 'Стенд перенесли на январь' });

    // A cancelled task offers nothing more, and a second cancel appends nothing.
    await h.press(DEPUTY, 'ks:2');
    await h.expectText(DEPUTY, /Поручение п2[\s\S]*Статус: отменено/);
    expect(buttonsUnder(h, DEPUTY, /Поручение п2[\s\S]*Статус: отменено/)).toEqual([]);
    await refused(h, DEPUTY, 'kx:2', /Сейчас это сделать нельзя/);
  });

  it('completing a task straight from an old Complete button accepts it first', async () => {
    const assigned = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: AUTHOR, title: 'Сдать списки', deadline: '2026-11-28T12:00:00Z' }, {});
    expect(assigned.ok && assigned.number).toBe(3);
    await h.eventually(() => h.read.taskByNumber(3, h.clock.now()), 'task 3 projected');
    await press(h, AUTHOR, 'kc:3', /Поручение п3: коротко опишите, что сделано/);
    await ask(h, AUTHOR, 'Списки сданы', /Поручение п3 отмечено выполненным/);
    await h.expectText(DEPUTY, /Поручение п3 «Сдать списки» выполнено \(Орлова Светлана Игоревна\): Списки сданы/);
    const events = await h.store.readStream('task-3');
    expect(events.map((e) => [e.type, e.metadata.actorId])).toEqual([
      ['TaskAssigned', DEPUTY],
      ['TaskAccepted', AUTHOR],
      ['TaskCompleted', AUTHOR],
    ]);
  });
});
