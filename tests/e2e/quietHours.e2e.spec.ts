// Quiet hours end to end, through the webhook and the fake Bot API, on a controlled clock and a real school
// calendar (Moscow, Monday–Friday, 08:00–18:00). A task due Wednesday 03:00 has its 24-hour reminder due at
// Tuesday 03:00: it is not delivered at night, not at 07:59, and arrives at 08:00 saying why; the 2-hour one
// (Wednesday 01:00, too late in the morning) comes on Tuesday in the last school hour, saying it is early. At
// night a press gets its reply at once while the issuer's notice waits; an urgent ticket reaches the
// technician at once, a normal one in the morning; a newcomer's registration is answered at once and reaches
// the admins in the morning. The director's digest is planned on school days only.
// "Not delivered" is judged by the outbox rows (unsent, due later) and by markers sent at the same moments,
// never by waiting.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NOTIFICATIONS_REACTION } from '../../application/reactions/notifications.js';
import { schoolCalendar } from '../../domain/calendar/index.js';
import { texts } from '../../adapters/telegram/texts.js';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TEACHER = '7001';
const TECH = '7002';
const DEPUTY = '7003';
const DIRECTOR = '7004';
const NEWCOMER = '7005';
const calendar = schoolCalendar({
  zone: 'Europe/Moscow',
  week: 5,
  hours: { open: 8 * 60, close: 18 * 60 },
  vacations: [{ name: 'Зимние каникулы', from: '2026-12-28', to: '2027-01-10' }],
});
/** Moscow wall time as an ISO instant (UTC+3 all year). */
const msk = (local: string) => new Date(`${local}+03:00`).toISOString();
// Wednesday 9 December 2026, 03:00 in Moscow.
const DEADLINE = msk('2026-12-09T03:00');
const HELD = texts.quietHours.held;
const EARLY = texts.quietHours.early;

interface OutboxRow {
  id: string;
  kind: string;
  recipient: string;
  not_before: Date | string;
  sent_at: Date | string | null;
  quiet: string | null;
}

async function rowsOf(h: Harness, kind: string, recipient: string): Promise<OutboxRow[]> {
  const result = await h.sql.query<OutboxRow>(
    `SELECT id, kind, recipient, not_before, sent_at, payload->>'quietHours' AS quiet FROM notification_outbox
      WHERE source = $1 AND kind = $2 AND recipient = $3 ORDER BY not_before, id`,
    [NOTIFICATIONS_REACTION, kind, recipient],
  );
  return result.rows;
}
const iso = (value: Date | string) => new Date(value).toISOString();

describe.each(STORE_KINDS)('quiet hours (%s)', (kind) => {
  let h: Harness;
  const told = (id: string, pattern: RegExp) => h.fake.textsTo(id).filter((text) => pattern.test(text));
  /** Two rounds of the sender that both began after the clock was set: whatever is due now has been claimed. */
  const rounds = async () => {
    await h.telegram.sender!.tick();
    await h.telegram.sender!.tick();
  };

  beforeAll(async () => {
    // Monday 7 December 2026, 12:00 in Moscow: school time.
    h = await startHarness({ kind, calendar, startAt: msk('2026-12-07T12:00') });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician');
    await approved(h, DEPUTY, 'Морозов Игорь Сергеевич', 'deputy');
    await approved(h, DIRECTOR, 'Кузнецова Мария Ивановна', 'director');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a task issued in school time is told at once; its reminders are planned around the night', async () => {
    const result = await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: TEACHER, title: 'Сдать журнал', deadline: DEADLINE }, {});
    expect(result.ok).toBe(true);
    const issued = await h.expectText(TEACHER, /Новое поручение п1: Сдать журнал/);
    expect(issued).not.toContain(HELD);
    const reminders = await h.eventually(async () => {
      const rows = await rowsOf(h, 'task_due_soon', TEACHER);
      return rows.length === 2 ? rows : undefined;
    }, 'both reminders recorded');
    // The 24-hour one is due at Tuesday 03:00: held for 08:00. The 2-hour one (Wednesday 01:00) comes Tuesday 17:00.
    expect(reminders.map((r) => [r.id.endsWith(':24') ? 24 : 2, iso(r.not_before), r.quiet])).toEqual([
      [24, msk('2026-12-08T08:00'), 'held'],
      [2, msk('2026-12-08T17:00'), 'early'],
    ]);
  });

  it('at 03:00: a press is answered at once, the issuer hears in the morning; an urgent ticket at once, a normal one in the morning', async () => {
    h.clock.set(msk('2026-12-08T03:00'));
    const before = h.fake.textsTo(TEACHER).length;
    await h.press(TEACHER, 'ka:1');
    await h.expectText(TEACHER, /Поручение п1 принято в работу/, { after: before });
    const accepted = await h.eventually(async () => (await rowsOf(h, 'task_accepted', DEPUTY))[0], 'the acceptance notice recorded');
    expect([iso(accepted.not_before), accepted.quiet]).toEqual([msk('2026-12-08T08:00'), 'held']);

    const urgent = await h.commands.openTicket(await h.as(TEACHER), { title: 'Прорвало трубу', category: 'maintenance', location: 'спортзал', priority: 'urgent' }, {});
    const normal = await h.commands.openTicket(await h.as(TEACHER), { title: 'Скрипит дверь', category: 'maintenance', location: 'каб. 12', priority: 'normal' }, {});
    expect(urgent.ok && normal.ok).toBe(true);
    const card = await h.expectText(TECH, /Новая заявка №1: Прорвало трубу/);
    expect(card).not.toContain(HELD);
    const held = await h.eventually(async () => (await rowsOf(h, 'ticket_opened', TECH)).find((r) => r.quiet === 'held'), 'the normal ticket held');
    expect(iso(held.not_before)).toBe(msk('2026-12-08T08:00'));
  });

  it('at 03:00 a newcomer registers: their answers come at once, the admins are asked in the morning', async () => {
    await h.say(NEWCOMER, '/start');
    await h.expectText(NEWCOMER, /Напишите, пожалуйста, ваши фамилию, имя и отчество/);
    await h.say(NEWCOMER, 'Новикова Елена Викторовна');
    await h.expectText(NEWCOMER, /Заявка на доступ отправлена администратору/);
    // The request is recorded by the notifications reaction (the worker), a moment after the reply.
    const ask = await h.eventually(async () => {
      const rows = await h.sql.query<{ not_before: Date | string; quiet: string | null }>(
        `SELECT not_before, payload->>'quietHours' AS quiet FROM notification_outbox WHERE recipient = $1 AND kind = 'staff_request' AND payload->>'fullName' = 'Новикова Елена Викторовна'`,
        [ADMIN],
      );
      return rows.rows.length > 0 && rows;
    }, 'the request recorded for the admin');
    expect(ask.rows.map((r) => [iso(r.not_before), r.quiet])).toEqual([[msk('2026-12-08T08:00'), 'held']]);
  });

  it('at 07:59 nothing held has arrived (an urgent ticket opened then has)', async () => {
    h.clock.set(msk('2026-12-08T07:59'));
    const marker = await h.commands.openTicket(await h.as(TEACHER), { title: 'Нет света в коридоре', category: 'maintenance', location: '2 этаж', priority: 'urgent' }, {});
    expect(marker.ok).toBe(true);
    await h.expectText(TECH, /Новая заявка №3: Нет света в коридоре/);
    await rounds();
    expect(told(TEACHER, /Скоро срок|Через \d+ ч срок/)).toEqual([]);
    expect(told(DEPUTY, /принял\(а\) поручение п1/)).toEqual([]);
    expect(told(TECH, /Скрипит дверь/)).toEqual([]);
    expect(told(ADMIN, /Новый сотрудник просит доступ/)).toEqual([]);
    const waiting = [...(await rowsOf(h, 'task_due_soon', TEACHER)), ...(await rowsOf(h, 'task_accepted', DEPUTY))];
    expect(waiting.map((r) => r.sent_at)).toEqual([null, null, null]);
  });

  it('at 08:00, the next school morning, the reminder due at 03:00 arrives and says why now; so do the other held notices', async () => {
    h.clock.set(msk('2026-12-08T08:00'));
    const reminder = await h.expectText(TEACHER, /⏰ Скоро срок поручения п1: Сдать журнал \(до среды, 9 декабря 2026, 03:00\)/);
    expect(reminder).not.toMatch(/Через \d+ ч/);
    expect(reminder.split('\n').filter((line) => line === HELD)).toHaveLength(1);
    const accepted = await h.expectText(DEPUTY, /Смирнова Ольга Николаевна принял\(а\) поручение п1 «Сдать журнал» в работу\./);
    expect(accepted).toContain(HELD);
    const ticket = await h.expectText(TECH, /Скрипит дверь/);
    expect(ticket).toContain(HELD);
    const registration = await h.expectText(ADMIN, /Новый сотрудник просит доступ: Новикова Елена Викторовна/);
    expect(registration).toContain(HELD);
    // Tuesday is a school day: the director's digest is planned.
    await h.eventually(async () => (await h.sql.query(`SELECT 1 FROM notification_outbox WHERE id = $1`, [`digest:2026-12-08:${DIRECTOR}`])).rowCount > 0, "Tuesday's digest");
  });

  it('at 17:00, the last school hour before the night, the 2-hour reminder comes early and says so', async () => {
    h.clock.set(msk('2026-12-08T17:00'));
    const early = await h.expectText(TEACHER, new RegExp(`⏰ Скоро срок поручения п1[^]*${EARLY}`));
    expect(early).not.toContain(HELD);
    expect(told(TEACHER, /⏰/)).toHaveLength(2);
  });

  it('no digest on a Saturday; one again on Monday', async () => {
    const digestFor = async (date: string) => (await h.sql.query(`SELECT 1 FROM notification_outbox WHERE id = $1`, [`digest:${date}:${DIRECTOR}`])).rowCount > 0;
    h.clock.set(msk('2026-12-12T09:00'));
    await rounds();
    expect(await digestFor('2026-12-12')).toBe(false);
    h.clock.set(msk('2026-12-14T09:00'));
    await h.eventually(() => digestFor('2026-12-14'), "Monday's digest");
  });
});
