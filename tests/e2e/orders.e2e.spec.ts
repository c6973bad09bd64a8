// Staff groups and one order to many (issue 15, items 1 and 2) through the webhook and the fake Bot API: an
// admin keeps a group in /staff → «Группы»; a deputy gives one order to the group from /task; each recipient
// gets their own task; one does it in time, one late, one not at all; the deputy's summary counts them,
// reminds the one not done, approves one report and returns another from the summary, then cancels the order
// (the open ones are cancelled and each recipient is told). Also: an order to a role and to people picked by
// name, a retried issue that creates nothing twice, and an order whose fan-out a crash cut short, completed
// when its issuer opens it. One store (PostgreSQL when it is there).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uuidV5 } from '../../application/eventIds.js';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const DEPUTY = '9101';
const T1 = '9102';
const T2 = '9103';
const T3 = '9104';
const T4 = '9105';
const TECH = '9106';

/** The argument of the last button to `chatId` whose data starts with `prefix:`. */
const argOf = (h: Harness, chatId: string, prefix: string): string => {
  const data = h.fake.lastButtons(chatId).find((b) => b.startsWith(`${prefix}:`));
  if (!data) throw new Error(`no ${prefix} button; got ${h.fake.lastButtons(chatId).join(', ')}`);
  return data.slice(prefix.length + 1).split(':')[0]!;
};

describe('staff groups and one order to many', () => {
  let h: Harness;
  let groupId = '';
  beforeAll(async () => {
    h = await startHarness({ kind: STORE_KINDS.at(-1)! });
    await approved(h, DEPUTY, 'Морозов Игорь Сергеевич', 'deputy');
    await approved(h, T1, 'Кузнецова Елена Викторовна', 'teacher');
    await approved(h, T2, 'Смирнов Андрей Павлович', 'teacher');
    await approved(h, T3, 'Волкова Анна Игоревна', 'teacher');
    await approved(h, T4, 'Зайцев Павел Олегович', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
  });
  afterAll(() => h?.close());

  it('lets an admin keep a group in /staff: create, add by name, drop, rename, remove', async () => {
    await ask(h, ADMIN, '/staff', /Сотрудники:/);
    expect(h.fake.lastButtons(ADMIN)).toContain('gl');
    await press(h, ADMIN, 'gl', /Групп пока нет/);
    await press(h, ADMIN, 'gn', /Как назвать группу\?/);
    await ask(h, ADMIN, 'Классные руководители 5–7', /Группа «Классные руководители 5–7» создана[\s\S]*напишите часть фамилии/);
    await ask(h, ADMIN, 'кузнец', /Кого добавить в группу «Классные руководители 5–7»\?/);
    groupId = argOf(h, ADMIN, 'gp');
    await press(h, ADMIN, `gp:${groupId}:${T1}`, /Кузнецова Елена Викторовна — теперь в группе «Классные руководители 5–7»/);
    for (const [part, id] of [['смирн', T2], ['волк', T3], ['зайц', T4]] as const) {
      await ask(h, ADMIN, part, /Кого добавить/);
      await press(h, ADMIN, `gp:${groupId}:${id}`, /теперь в группе/);
    }
    await h.eventually(async () => (await h.read.staffGroup(groupId))?.members.length === 4, 'four members projected');
    await press(h, ADMIN, `gd:${groupId}:${T4}`, /Зайцев Павел Олегович больше не в группе «Классные руководители 5–7»/);
    const card = await h.expectText(ADMIN, /Группа «Классные руководители 5–7», 3 человека:/);
    expect(card).not.toMatch(/Зайцев/);
    await press(h, ADMIN, `gr:${groupId}`, /Новое название для группы/);
    await ask(h, ADMIN, 'Классные руководители  5–7 классов', /Группа переименована: «Классные руководители 5–7 классов»/);

    // A second group, removed after one more question; a deputy may not keep groups.
    await press(h, ADMIN, 'gn', /Как назвать группу\?/);
    await ask(h, ADMIN, 'Завхоз и техники', /Группа «Завхоз и техники» создана/);
    const groups = await h.eventually(async () => {
      const all = await h.read.staffGroups();
      return all.length === 2 ? all : undefined;
    }, 'two groups');
    const other = groups.find((g) => g.name === 'Завхоз и техники')!;
    await press(h, ADMIN, `gx:${other.groupId}`, /Удалить группу «Завхоз и техники»\?/);
    await press(h, ADMIN, `gy:${other.groupId}`, /Группа «Завхоз и техники» удалена/);
    await press(h, DEPUTY, 'gl', /Сотрудниками управляет администратор/);
    await h.eventually(async () => (await h.read.staffGroups()).length === 1, 'the removed group left the list');
    const events = (await h.store.readStream(`group-${groupId}`)).map((e) => e.type);
    expect(events).toEqual(['StaffGroupDefined', ...Array(4).fill('StaffGroupMembersChanged'), 'StaffGroupMembersChanged', 'StaffGroupRenamed']);
  });

  it('gives one order to a group, counts it on the summary, reminds, approves and returns from it, and cancels it', async () => {
    await h.eventually(async () => (await h.read.staffGroup(groupId))?.name === 'Классные руководители 5–7 классов', 'renamed group projected');
    await ask(h, DEPUTY, '/task', /Кому поручение\?/);
    expect(h.fake.lastButtons(DEPUTY)).toEqual(['om']);
    await press(h, DEPUTY, 'om', /Каждый получит своё поручение/);
    await press(h, DEPUTY, 'og', /Какой группе\?/);
    await press(h, DEPUTY, `og:${groupId}`, /Поручение для: группа «Классные руководители 5–7 классов» \(3 человека\)/);
    await ask(h, DEPUTY, 'Сдать журналы на проверку', /К какому сроку\?/);
    await ask(h, DEPUTY, 'завтра в 15:00', /Срок: среда, 25 ноября 2026, 15:00[\s\S]*Отправить\?/);
    const sent = await press(h, DEPUTY, 'wy', /Поручение отправлено/);
    expect(sent).toBe('Поручение отправлено 3 сотрудникам: у каждого своё, п1–п3.');
    const orderId = argOf(h, DEPUTY, 'ov');

    // Each gets their own task, with its own number.
    const numberOf = new Map<string, number>();
    for (const id of [T1, T2, T3]) {
      const notice = await h.expectText(id, /Новое поручение п\d: Сдать журналы на проверку/);
      numberOf.set(id, Number(/п(\d)/.exec(notice)![1]));
    }
    expect([...numberOf.values()].sort()).toEqual([1, 2, 3]);
    const [n1, n2, n3] = [numberOf.get(T1)!, numberOf.get(T2)!, numberOf.get(T3)!];
    const assigned = (await h.store.readStream(`task-${n1}`))[0]!;
    expect(assigned.data).toMatchObject({ orderId, assigneeId: T1, issuerId: DEPUTY });

    // T1 in time; the deadline passes; T2 late; T3 never.
    await press(h, T1, `ka:${n1}`, /принято в работу/);
    await press(h, T1, `kc:${n1}`, /опишите, что сделано/);
    await ask(h, T1, 'Журналы сданы', /отмечено выполненным/);
    await press(h, T2, `ka:${n2}`, /принято в работу/);
    h.clock.set('2026-11-25T12:05:00Z');
    await h.expectText(T2, new RegExp(`Срок поручения п${n2} «Сдать журналы на проверку» пропущен`));
    await press(h, T2, `kc:${n2}`, /опишите, что сделано/);
    await ask(h, T2, 'Сдал, но позже', /отмечено выполненным/);
    await h.expectText(DEPUTY, /📋 «Сдать журналы на проверку»: выполнили 2 из 3, просрочили 1\./);
    // The issuer follows the order's summary, not a notice per task.
    expect(h.fake.textsTo(DEPUTY).join('\n')).not.toMatch(/выполнено \(|не выполнил\(а\) поручение/);

    const summary = await press(h, DEPUTY, `ov:${orderId}`, /Сводка по поручению/);
    expect(summary).toMatch(/Выполнили 2 из 3, просрочили 1; ждут вашей проверки: 2\./);
    expect(summary).toMatch(new RegExp(`п${n3} Волкова Анна Игоревна — назначено ⚠️ просрочено`));
    expect(h.fake.lastButtons(DEPUTY)).toEqual(
      expect.arrayContaining([`kp:${n1}`, `kr:${n1}`, `kp:${n2}`, `kr:${n2}`, `orm:${orderId}`, `ox:${orderId}`]),
    );

    await press(h, DEPUTY, `orm:${orderId}`, /Напоминание отправлено: 1 сотруднику\./);
    await h.expectText(T3, new RegExp(`🔔 Напоминание: поручение п${n3} «Сдать журналы на проверку» нужно выполнить до`));
    expect(h.fake.textsTo(T1).join('\n')).not.toMatch(/Напоминание/);

    await press(h, DEPUTY, `kp:${n1}`, new RegExp(`Работа по поручению п${n1} принята`));
    await press(h, DEPUTY, `kr:${n2}`, /что доработать\?/);
    await ask(h, DEPUTY, 'Нет подписи классного руководителя', new RegExp(`п${n2} возвращено на доработку`));
    await h.expectText(T2, /возвращено на доработку: Нет подписи классного руководителя/);
    await h.eventually(async () => (await h.read.orderSummary(orderId, h.clock.now()))?.order.counts.done === 1, 'the return projected');
    const after = await press(h, DEPUTY, `ov:${orderId}`, /Сводка по поручению/);
    expect(after).toMatch(/Выполнили 1 из 3, просрочили 2\./);

    await press(h, DEPUTY, `ox:${orderId}`, /Отменить поручение «Сдать журналы на проверку» для всех/);
    await press(h, DEPUTY, `oy:${orderId}`, /Поручение отменено: снято 2 незавершённых поручения, каждому сообщено\./);
    for (const [id, n] of [[T2, n2], [T3, n3]] as const) {
      await h.expectText(id, new RegExp(`Поручение п${n} «Сдать журналы на проверку» отменено: руководитель отменил это поручение для всех получателей`));
    }
    expect(h.fake.textsTo(T1).join('\n')).not.toMatch(/отменено/);
    const statuses = await h.eventually(async () => {
      const s = await h.read.orderSummary(orderId, h.clock.now());
      return s?.order.status === 'cancelled' && s.order.counts.cancelled === 2 ? s : undefined;
    }, 'the cancellation projected');
    expect(statuses.order.counts).toMatchObject({ total: 3, done: 1, open: 0, cancelled: 2, missing: 0 });
    const cancelled = await press(h, DEPUTY, `ov:${orderId}`, /Сводка по поручению/);
    expect(cancelled).toMatch(/❌ Поручение отменено\./);
    expect(h.fake.lastButtons(DEPUTY)).not.toContain(`orm:${orderId}`);
    await ask(h, DEPUTY, '/orders', /Ваши поручения нескольким сотрудникам:\n• «Сдать журналы на проверку»: Выполнили 1 из 3, просрочили 0 \(отменено\)/);
  });

  it('gives an order to everyone of a role and to people picked by name', async () => {
    await ask(h, DEPUTY, '/task', /Кому поручение\?/);
    await press(h, DEPUTY, 'om', /Кому поручение\?/);
    await press(h, DEPUTY, 'or', /Всем сотрудникам с какой ролью\?/);
    await press(h, DEPUTY, 'or:technician', /Поручение для: все с ролью «техник» \(1 человек\)|Поручение для: все с ролью/);
    await ask(h, DEPUTY, 'Проверить огнетушители', /К какому сроку\?/);
    await ask(h, DEPUTY, 'в пятницу в 12:00', /Отправить\?/);
    await press(h, DEPUTY, 'wy', /Поручение п4 отправлено одному сотруднику\./);
    await h.expectText(TECH, /Новое поручение п4: Проверить огнетушители/);

    await press(h, DEPUTY, 'om', /Кому поручение\?/);
    await press(h, DEPUTY, 'op', /Напишите часть фамилии/);
    await ask(h, DEPUTY, 'кузнец', /Нажмите на имя/);
    await press(h, DEPUTY, `ot:${T1}`, /Выбрано: 1 человек\./);
    await ask(h, DEPUTY, 'зайц', /Нажмите на имя/);
    await press(h, DEPUTY, `ot:${T4}`, /Выбрано: 2 человека\./);
    await press(h, DEPUTY, 'od', /Поручение для: Кузнецова Елена Викторовна, Зайцев Павел Олегович/);
    await ask(h, DEPUTY, 'Заполнить анкету', /К какому сроку\?/);
    await ask(h, DEPUTY, 'в пятницу в 12:00', /Отправить\?/);
    await press(h, DEPUTY, 'wy', /Поручение отправлено 2 сотрудникам: у каждого своё, п5–п6\./);
    await h.expectText(T4, /Новое поручение п\d: Заполнить анкету/);
  });

  it('issues an order once under a retried command, and completes a fan-out a crash cut short when the issuer opens it', async () => {
    const deputy = await h.as(DEPUTY);
    const input = { recipientIds: [T1, T2, T3], title: 'Сдать планы', deadline: '2026-11-30T12:00:00Z' };
    const first = await h.commands.issueOrder(deputy, input, { commandId: 'order-retry-1' });
    const events = await h.eventCount();
    const again = await h.commands.issueOrder(deputy, input, { commandId: 'order-retry-1' });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.orderId).toBe(first.orderId);
    expect(again.tasks).toEqual(first.tasks);
    expect(again.replayed).toBe(true);
    expect(await h.eventCount()).toBe(events);

    // As after a crash between OrderIssued and the tasks: the order names numbers whose tasks do not exist.
    const orderId = 'c0ffee0000000001';
    await h.store.append(
      `order-${orderId}`,
      [
        {
          id: uuidV5('crashed-order'),
          type: 'OrderIssued',
          data: {
            orderId,
            issuerId: DEPUTY,
            title: 'Проверить тетради',
            description: '',
            deadline: '2026-11-30T12:00:00.000Z',
            target: { kind: 'people', ref: '', label: '' },
            tasks: [
              { number: 901, assigneeId: T1 },
              { number: 902, assigneeId: T3 },
            ],
            issuedAt: h.clock.now().toISOString(),
          },
          metadata: { actorId: DEPUTY, occurredAt: h.clock.now().toISOString(), correlationId: 'c', causationId: 'c', source: 'telegram', schemaVersion: 1 },
        },
      ],
      'no_stream',
    );
    await h.eventually(async () => (await h.read.orderSummary(orderId, h.clock.now()))?.order.counts.missing === 2, 'the cut-short order projected');
    await ask(h, DEPUTY, '/orders', /«Проверить тетради»: Выполнили 0 из 2/);
    const card = await press(h, DEPUTY, `ov:${orderId}`, /Сводка по поручению «Проверить тетради»/);
    expect(card).not.toMatch(/ещё не выданы/);
    await h.expectText(T3, /Новое поручение п902: Проверить тетради/);
    expect((await h.store.readStream('task-901'))[0]?.data).toMatchObject({ orderId, assigneeId: T1 });
  });
});
