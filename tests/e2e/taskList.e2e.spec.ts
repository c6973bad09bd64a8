// Through the webhook and the fake Bot API, under a controlled clock: /tasks shows each person the tasks
// given to them and the tasks they gave (to whom), each with a button to its card; and the reminders 24 h
// and 2 h before a deadline reach the assignee exactly once each (not the issuer, not for a finished task,
// and for an extended deadline at the new times only).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '6001';
const DEPUTY = '6002';
const DIRECTOR = '6003';
const OTHER = '6004';

async function assign(h: Harness, issuer: string, assigneeId: string, title: string, deadline: string): Promise<number> {
  const outcome = await h.commands.assignTask(await h.as(issuer), { assigneeId, title, deadline }, {});
  if (!outcome.ok) throw new Error(`assignTask refused: ${outcome.refusal.code}`);
  const number = outcome.number!;
  await h.eventually(() => h.read.taskByNumber(number, h.clock.now()), `task ${number} projected`);
  return number;
}

/** Sends /tasks and returns the answer, split into its two sections, with the buttons under it. */
async function tasksOf(h: Harness, userId: string) {
  const seen = h.fake.textsTo(userId).length;
  await h.say(userId, '/tasks');
  const text = await h.expectText(userId, /Мои поручения:/, { after: seen });
  const [mine = '', issued = ''] = text.split('\n\n');
  const call = h.fake.calls.findLast((c) => c.status === 'ok' && String(c.payload.chat_id) === userId && c.payload.text === text);
  const rows = (call?.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? [];
  const buttons = rows.flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
  return { mine: mine.split('\n').slice(1), issued: issued.split('\n').slice(1), headings: [mine.split('\n')[0], issued.split('\n')[0]], buttons };
}

/** Reminder lines a person got: notices due together may share one message, a line each. */
const reminderLines = (h: Harness, userId: string) =>
  h.fake
    .textsTo(userId)
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.startsWith('⏰'));
const reminders = (h: Harness, userId: string, hours: number, number: number) =>
  reminderLines(h, userId).filter((line) => line.startsWith(`⏰ Через ${hours} ч срок поручения п${number}:`));
const settle = (ms = 800) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(STORE_KINDS)('task lists and deadline reminders on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Moscow.
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z' });
    await approved(h, TEACHER, 'Белова Ольга Сергеевна', 'teacher');
    await approved(h, DEPUTY, 'Громов Андрей Петрович', 'deputy');
    await approved(h, DIRECTOR, 'Зайцева Вера Николаевна', 'director');
    await approved(h, OTHER, 'Титов Максим Юрьевич', 'teacher');
  });
  afterAll(() => h?.close());

  it('/tasks lists mine and issued by me for the assignee and the issuer', async () => {
    // п1 director → deputy; п2, п3 deputy → teacher (п3 due first); п4 deputy → other, then cancelled.
    expect(await assign(h, DIRECTOR, DEPUTY, 'План на четверть', '2026-11-30T12:00:00Z')).toBe(1);
    expect(await assign(h, DEPUTY, TEACHER, 'Отчёт по успеваемости', '2026-11-28T12:00:00Z')).toBe(2);
    expect(await assign(h, DEPUTY, TEACHER, 'Заявки на учебники', '2026-11-26T12:00:00Z')).toBe(3);
    expect(await assign(h, DEPUTY, OTHER, 'Стенгазета', '2026-11-29T12:00:00Z')).toBe(4);
    expect((await h.commands.cancelTask(await h.as(DEPUTY), { number: 4, reason: 'Не нужна' }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.taskByNumber(4, h.clock.now()))?.status === 'cancelled', 'п4 cancelled');

    const teacher = await tasksOf(h, TEACHER);
    expect(teacher.headings).toEqual(['Мои поручения:', 'Выданные мной поручения:']);
    expect(teacher.mine).toEqual([
      'п3 · Заявки на учебники — назначено, до четверга, 26 ноября 2026, 15:00',
      'п2 · Отчёт по успеваемости — назначено, до субботы, 28 ноября 2026, 15:00',
    ]);
    expect(teacher.issued).toEqual(['пока нет']);
    expect(teacher.buttons).toEqual(['ks:3', 'ks:2']);

    const deputy = await tasksOf(h, DEPUTY);
    expect(deputy.mine).toEqual(['п1 · План на четверть — назначено, до понедельника, 30 ноября 2026, 15:00']);
    // Issued lines say to whom; the cancelled п4 is gone.
    expect(deputy.issued).toEqual([
      'п3 · Заявки на учебники → Белова Ольга Сергеевна — назначено, до четверга, 26 ноября 2026, 15:00',
      'п2 · Отчёт по успеваемости → Белова Ольга Сергеевна — назначено, до субботы, 28 ноября 2026, 15:00',
    ]);
    expect(deputy.buttons).toEqual(['ks:1', 'ks:3', 'ks:2']);

    const director = await tasksOf(h, DIRECTOR);
    expect(director.mine).toEqual(['пока нет']);
    expect(director.issued).toEqual(['п1 · План на четверть → Громов Андрей Петрович — назначено, до понедельника, 30 ноября 2026, 15:00']);

    const other = await tasksOf(h, OTHER);
    expect([other.mine, other.issued, other.buttons]).toEqual([['пока нет'], ['пока нет'], []]);

    // The status follows the task; a button opens the card with the next step.
    expect((await h.commands.acceptTask(await h.as(TEACHER), { number: 2 }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.taskByNumber(2, h.clock.now()))?.status === 'accepted', 'п2 accepted');
    expect((await tasksOf(h, TEACHER)).mine[1]).toMatch(/^п2 · Отчёт по успеваемости — в работе, до /);
    const seen = h.fake.textsTo(TEACHER).length;
    await h.press(TEACHER, 'ks:2');
    await h.expectText(TEACHER, /Поручение п2: Отчёт по успеваемости\nОт кого: Громов Андрей Петрович\nКому: Белова Ольга Сергеевна/, { after: seen });
  });

  it('reminds the assignee 24 h and 2 h before a deadline, exactly once each', async () => {
    // п5 accepted, due Friday 27 November 15:00 Moscow; п6 the same deadline but done early; п7 the same,
    // then extended by a day before any reminder fell due.
    const due = '2026-11-27T12:00:00Z';
    const reminded = await assign(h, DEPUTY, TEACHER, 'Сдать планы уроков', due);
    const done = await assign(h, DEPUTY, TEACHER, 'Сдать ключи', due);
    const moved = await assign(h, DEPUTY, OTHER, 'Оформить кабинет', due);
    expect((await h.commands.acceptTask(await h.as(TEACHER), { number: reminded }, {})).ok).toBe(true);
    expect((await h.commands.acceptTask(await h.as(TEACHER), { number: done }, {})).ok).toBe(true);
    expect((await h.commands.completeTask(await h.as(TEACHER), { number: done, report: 'Сданы' }, {})).ok).toBe(true);
    expect((await h.commands.extendDeadline(await h.as(DEPUTY), { number: moved, newDeadline: '2026-11-28T12:00:00Z', reason: 'Ремонт' }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.taskByNumber(moved, h.clock.now()))?.deadline.toISOString() === '2026-11-28T12:00:00.000Z', 'extension projected');

    // Five minutes before the 24 h mark: nothing yet.
    h.clock.set('2026-11-26T11:55:00Z');
    await settle();
    expect(reminderLines(h, TEACHER)).toEqual(
      // п3 (due Thursday 15:00) had its 2 h reminder due at 13:00 Moscow today.
      reminders(h, TEACHER, 2, 3),
    );
    expect(reminders(h, TEACHER, 24, reminded)).toEqual([]);

    // Past it: one 24 h reminder with the deadline in the school's time zone.
    h.clock.set('2026-11-26T12:01:00Z');
    await h.expectText(TEACHER, new RegExp(`⏰ Через 24 ч срок поручения п${reminded}: Сдать планы уроков \\(до пятницы, 27 ноября 2026, 15:00\\)`));
    // п3's deadline passes at the same minute: its notice may share the message, with its own button.
    expect(h.fake.lastButtons(TEACHER)).toContain(`ks:${reminded}`);
    await settle();
    expect(reminders(h, TEACHER, 24, reminded)).toHaveLength(1);
    // Not for the finished task, not for the moved one at its old time, never to the issuer.
    expect(reminders(h, TEACHER, 24, done)).toEqual([]);
    expect(reminders(h, OTHER, 24, moved)).toEqual([]);

    // Two hours before: the 2 h reminder, once; the 24 h one is not repeated.
    h.clock.set('2026-11-27T10:01:00Z');
    await h.expectText(TEACHER, new RegExp(`⏰ Через 2 ч срок поручения п${reminded}: Сдать планы уроков`));
    await settle();
    expect(reminders(h, TEACHER, 2, reminded)).toHaveLength(1);
    expect(reminders(h, TEACHER, 24, reminded)).toHaveLength(1);
    expect(reminders(h, TEACHER, 2, done)).toEqual([]);
    expect(reminders(h, OTHER, 2, moved)).toEqual([]);

    // The moved task: its reminders come at the new deadline's times, once each.
    h.clock.set('2026-11-27T12:01:00Z');
    await h.expectText(OTHER, new RegExp(`⏰ Через 24 ч срок поручения п${moved}: Оформить кабинет \\(до субботы, 28 ноября 2026, 15:00\\)`));
    h.clock.set('2026-11-28T10:01:00Z');
    await h.expectText(OTHER, new RegExp(`⏰ Через 2 ч срок поручения п${moved}:`));
    await settle();
    expect([reminders(h, OTHER, 24, moved).length, reminders(h, OTHER, 2, moved).length]).toEqual([1, 1]);
    expect([reminders(h, TEACHER, 24, reminded).length, reminders(h, TEACHER, 2, reminded).length]).toEqual([1, 1]);
    expect(reminderLines(h, DEPUTY)).toEqual([]);
  });
});
