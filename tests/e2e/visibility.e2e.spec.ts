// Through the webhook and the fake Bot API: who may see what (docs/access.md). A task card only to its
// issuer, its assignee, managers and auditors: a teacher pressing a crafted `ks:<n>` for someone else's task
// is told politely it is not theirs to see, learns nothing of it, and nothing is appended. A ticket card to any
// active staff member (tickets are about shared rooms), its comments only to the author, the assignee,
// technicians, managers and auditors.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const ISSUER = '8001';
const ASSIGNEE = '8002';
const STRANGER = '8003';
const TECH = '8004';
const AUDITOR = '8005';
const DIRECTOR = '8006';

const NOT_YOURS = /^Это поручение вам не видно\.$/;

describe.each(STORE_KINDS)('who may see what on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, ISSUER, 'Лебедева Ирина Викторовна', 'deputy');
    await approved(h, ASSIGNEE, 'Орлова Светлана Игоревна', 'teacher');
    await approved(h, STRANGER, 'Соколов Пётр Андреевич', 'teacher');
    await approved(h, TECH, 'Волков Денис Олегович', 'technician');
    await approved(h, AUDITOR, 'Проверкина Алла Борисовна', 'auditor');
    await approved(h, DIRECTOR, 'Директорова Нина Павловна', 'director');
    const task = await h.commands.assignTask(
      await h.as(ISSUER),
      { assigneeId: ASSIGNEE, title: 'Характеристика на ученика 7Б', description: 'Для комиссии', deadline: '2026-11-27T15:00:00Z' },
      {},
    );
    expect(task.ok && task.number).toBe(1);
    await h.eventually(() => h.read.taskByNumber(1, h.clock.now()), 'task 1 projected');
  });
  afterAll(() => h?.close());

  it('refuses a crafted task button to a teacher and a technician with no part in it, says nothing of it, appends nothing', async () => {
    for (const outsider of [STRANGER, TECH]) {
      const before = await h.eventCount();
      const seen = h.fake.textsTo(outsider).length;
      const reply = await press(h, outsider, 'ks:1', NOT_YOURS);
      expect(reply).not.toMatch(/Характеристика|Орлова|Лебедева/);
      expect(h.fake.textsTo(outsider).slice(seen).join('\n')).not.toMatch(/Характеристика/);
      expect(await h.eventCount()).toBe(before);
    }
    // A number nobody has is simply not there.
    await press(h, STRANGER, 'ks:99', /п99/);
  });

  it('shows the task card to its issuer, its assignee, another manager, an admin and an auditor', async () => {
    for (const viewer of [ISSUER, ASSIGNEE, DIRECTOR, ADMIN, AUDITOR]) {
      const card = await press(h, viewer, 'ks:1', /Поручение п1: Характеристика на ученика 7Б|Это поручение вам не видно/);
      expect(card).toMatch(/От кого: Лебедева Ирина Викторовна\nКому: Орлова Светлана Игоревна/);
    }
    // The auditor reads and acts on nothing: no buttons under their card.
    expect(h.fake.lastButtons(AUDITOR)).toEqual([]);
  });

  it('shows a ticket card to anyone active, its comments only to the parties, technicians and overseers', async () => {
    const opened = await h.commands.openTicket(await h.as(ASSIGNEE), { title: 'Не закрывается окно', category: 'maintenance', location: 'каб. 305' }, {});
    expect(opened.ok && opened.number).toBe(1);
    expect((await h.commands.takeTicket(await h.as(TECH), { number: 1 }, {})).ok).toBe(true);
    expect((await h.commands.commentTicket(await h.as(TECH), { number: 1, text: 'Нужна новая ручка, закажу' }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.commentCount === 1, 'comment projected');

    // A teacher with no part: the card (a shared room), not the conversation.
    const before = await h.eventCount();
    const card = await ask(h, STRANGER, '/ticket 1', /Заявка №1: Не закрывается окно/);
    expect(card).toMatch(/Место: каб\. 305/);
    expect(card).toMatch(/Комментарии \(1\) видят автор, исполнитель, техники и руководство\./);
    expect(card).not.toMatch(/Нужна новая ручка/);
    const pressed = await press(h, STRANGER, 'ts:1', /Заявка №1: Не закрывается окно/);
    expect(pressed).not.toMatch(/Нужна новая ручка/);
    expect(await h.eventCount()).toBe(before);

    for (const viewer of [ASSIGNEE, TECH, ISSUER, DIRECTOR, ADMIN, AUDITOR]) {
      const shown = await ask(h, viewer, '/ticket 1', /Заявка №1: Не закрывается окно/);
      expect(shown).toMatch(/Комментарии \(1\):\n.*Волков Денис Олегович: Нужна новая ручка, закажу/);
    }
  });

  it('refuses everything to a deactivated person, even their own task', async () => {
    expect((await h.commands.deactivate(await h.as(ADMIN), { telegramId: ASSIGNEE, reason: 'ушла' }, {})).ok).toBe(true);
    await press(h, ASSIGNEE, 'ks:1', /Ваш доступ к боту отключён/);
    await ask(h, ASSIGNEE, '/ticket 1', /Ваш доступ к боту отключён/);
  });
});
