// The escalation ladder through the webhook on a controlled clock and a real school calendar (Monday–Friday,
// 08:00–18:00 Moscow): a normal ticket opened on Friday at 17:50 that nobody takes is not escalated over the
// weekend (its first-response target, one school day, is Monday 17:50); when that passes its category's lead
// hears of it, and when its resolution target (three school days: Wednesday 17:50) passes unresolved, the
// director does. Both steps are in /history, once each; taking the ticket in between removes neither. A task
// whose deadline was missed reaches the director one school day later if still not completed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schoolCalendar } from '../../domain/calendar/index.js';
import { taskStreamName, ticketStreamName } from '../../domain/index.js';
import { sqlSlaSchedule } from '../../adapters/postgres/readModels/slaSchedule.js';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '7101';
const TECH = '7102';
const LEAD = '7103';
const DIRECTOR = '7104';
const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });

/** Friday 4 December 2026, 17:50 in Moscow. */
const FRIDAY_1750 = '2026-12-04T14:50:00.000Z';
const MONDAY_1750 = '2026-12-07T14:50:00.000Z';
const WEDNESDAY_1750 = '2026-12-09T14:50:00.000Z';

async function escalations(h: Harness, number: number) {
  const events = await h.store.readStream(ticketStreamName(number));
  return events.filter((event) => event.type === 'TicketEscalated').map((event) => event.data as { target: string; dueAt: string; level: string; notified: string[] });
}

describe.each(STORE_KINDS)('the escalation ladder (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, calendar, escalation: true, startAt: '2026-12-04T14:00:00Z' });
    await approved(h, TEACHER, 'Смирнова Ольга Николаевна', 'teacher');
    await approved(h, TECH, 'Алексеев Иван Петрович', 'technician', ['it']);
    await approved(h, LEAD, 'Морозов Игорь Сергеевич', 'deputy');
    await approved(h, DIRECTOR, 'Кузнецова Анна Павловна', 'director');
    // The admin makes the deputy the lead of IT from /staff: the button on their line, then the picker.
    await h.say(ADMIN, '/staff');
    await h.expectText(ADMIN, /Морозов Игорь Сергеевич — заместитель/);
    await h.eventually(async () => h.fake.lastButtons(ADMIN).includes(`scm:${LEAD}:L0`) || undefined, 'the lead button on the deputy’s line');
    await h.press(ADMIN, `scm:${LEAD}:L0`);
    await h.expectText(ADMIN, /за какие направления отвечает/);
    await h.press(ADMIN, `scm:${LEAD}:l1`);
    await h.press(ADMIN, `scd:${LEAD}:l1`);
    await h.expectText(ADMIN, /Морозов Игорь Сергеевич: отвечает за направления: ИТ и компьютеры\./);
    await h.eventually(async () => (await h.read.staffLeading('it')).length === 1, 'the lead projected');
    // /staff now says so on their line (once projected).
    const seenStaff = h.fake.textsTo(ADMIN).length;
    await h.say(ADMIN, '/staff');
    await h.expectText(ADMIN, /Морозов Игорь Сергеевич — заместитель директора, [^\n]*; отвечает за: ИТ и компьютеры/, { after: seenStaff });
  });
  afterAll(() => h?.close());

  it('tells the lead when nobody took the ticket by Monday 17:50 (not over the weekend), then the director when it is not resolved by Wednesday 17:50', async () => {
    h.clock.set(FRIDAY_1750);
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
    await h.expectText(TECH, /Новая заявка №1/);

    // The card: the first response is due on Monday at 17:50 in school time, the resolution on Wednesday.
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now())) !== undefined || undefined, 'the ticket projected');
    await h.say(LEAD, '/ticket 1');
    const card = await h.expectText(LEAD, /Взять в работу до/);
    expect(card).toMatch(/Взять в работу до: понедельник, 7 декабря 2026, 17:50/);
    expect(card).toMatch(/Срок: среда, 9 декабря 2026, 17:50/);

    // All weekend and up to a minute before Monday 17:50, nothing has come due.
    const schedule = sqlSlaSchedule(h.sql);
    const all = ['urgent', 'high', 'normal', 'low'] as const;
    await h.eventually(async () => (await h.sql.query('SELECT 1 FROM sla_watch WHERE ticket_number = 1')).rowCount === 1, 'the ticket scheduled');
    for (const at of ['2026-12-05T09:00:00Z', '2026-12-06T20:00:00Z', '2026-12-07T14:49:00Z']) {
      h.clock.set(at);
      expect(await schedule.dueTickets(new Date(at), all, 10)).toEqual([]);
    }
    expect(await escalations(h, 1)).toEqual([]);

    // Monday 17:51: the lead of IT is told, once.
    h.clock.set('2026-12-07T14:51:00Z');
    await h.expectText(LEAD, /Заявку №1 «Не включается проектор» \(ИТ и компьютеры, приоритет обычный\) никто не взял в работу к сроку \(понедельник, 7 декабря 2026, 17:50\)/);
    await h.eventually(async () => (await escalations(h, 1)).length === 1 || undefined, 'the first escalation recorded');
    expect(await escalations(h, 1)).toEqual([{ ...(await escalations(h, 1))[0], target: 'first_response', dueAt: MONDAY_1750, level: 'lead', notified: [LEAD] }]);
    expect(h.fake.textsTo(DIRECTOR).join('\n')).not.toMatch(/№1/);

    // The technician takes it late; that escalation stays.
    await h.press(TECH, 'tt:1');
    await h.expectText(TECH, /Вы взяли заявку №1/);

    // Wednesday 17:51, unresolved: the director is told.
    h.clock.set('2026-12-09T14:51:00Z');
    await h.expectText(DIRECTOR, /Заявка №1 «Не включается проектор» \(ИТ и компьютеры, приоритет обычный\) не решена к сроку \(среда, 9 декабря 2026, 17:50\)/);
    await h.eventually(async () => (await escalations(h, 1)).length === 2 || undefined, 'the second escalation recorded');
    const [first, second] = await escalations(h, 1);
    expect(first).toMatchObject({ target: 'first_response', dueAt: MONDAY_1750 });
    expect(second).toMatchObject({ target: 'resolution', dueAt: WEDNESDAY_1750, level: 'director', notified: [DIRECTOR] });

    // The history shows both, after the take.
    const seen = h.fake.textsTo(DIRECTOR).length;
    await h.say(DIRECTOR, '/history 1');
    const history = await h.expectText(DIRECTOR, /История: /, { after: seen });
    expect(history).toMatch(/эскалация: к 7 декабря 2026, 17:50 заявку никто не взял в работу; сообщено: ответственному за направление/);
    expect(history).toMatch(/взял\(а\) в работу/);
    expect(history).toMatch(/эскалация: к 9 декабря 2026, 17:50 заявка не решена; сообщено: директору/);

    // /kpi: the technician resolves it on Thursday 10:00 (Monday 17:50 → taken ~Monday 17:51; resolved late).
    h.clock.set('2026-12-10T07:00:00Z');
    await h.press(TECH, 'tr:1');
    await h.expectText(TECH, /решение|Что сделано/i);
    await h.say(TECH, 'Заменил кабель');
    await h.eventually(async () => (await h.read.ticketByNumber(1, h.clock.now()))?.status === 'resolved' || undefined, 'resolved');
    const kpiSeen = h.fake.textsTo(DIRECTOR).length;
    await h.say(DIRECTOR, '/kpi');
    // /kpi's reply, not the morning digest (Thursday 10:00 is digest time; it carries the same block, from before the resolution).
    const kpi = await h.expectText(DIRECTOR, /^Показатели[\s\S]*Сроки заявок \(в рабочем времени школы\)/, { after: kpiSeen });
    // In school time: opened Friday 17:50, taken Monday 17:51 (10 min + 9 h 51 min = 10 h 1 min); resolved Thursday
    // 10:00 (10 min + 3 × 10 h + 2 h = 32 h 10 min); late on both targets.
    expect(kpi).toMatch(/решено 1; медиана до взятия в работу: 10,0 ч; медиана до решения: 32,2 ч; в срок: 0%/);
    expect(kpi).toMatch(/• Алексеев Иван Петрович: решено 1;/);
    // The technician sees their own.
    const ownSeen = h.fake.textsTo(TECH).length;
    await h.say(TECH, '/kpi');
    expect(await h.expectText(TECH, /Сроки заявок \(в рабочем времени школы\)/, { after: ownSeen })).toMatch(/решено 1; медиана до взятия в работу: 10,0 ч; медиана до решения: 32,2 ч; в срок: 0%/);

    // A day later nothing more is escalated: each step once.
    h.clock.set('2026-12-11T14:51:00Z');
    await h.eventually(async () => (await schedule.dueTickets(h.clock.now(), all, 10)).length === 0 || undefined, 'nothing left to escalate');
    expect(await escalations(h, 1)).toHaveLength(2);
  });

  it('tells the director of a task still not completed a school day after its missed deadline, once', async () => {
    // Monday 14 December, 09:00 in Moscow: the deputy orders a report by 12:00.
    h.clock.set('2026-12-14T06:00:00Z');
    const assigned = await h.commands.assignTask(await h.as(LEAD), { assigneeId: TEACHER, title: 'Сдать отчёт', deadline: '2026-12-14T09:00:00Z' }, {});
    expect(assigned.ok).toBe(true);
    const number = assigned.ok ? assigned.number : 0;
    const taskEvents = async (type: string) => (await h.store.readStream(taskStreamName(number))).filter((event) => event.type === type);
    h.clock.set('2026-12-14T09:01:00Z');
    await h.eventually(async () => (await taskEvents('TaskDeadlineMissed')).length === 1 || undefined, 'the deadline missed');
    // The next step comes one school day (10 hours) after the deadline: Tuesday 12:00, not Monday evening.
    const schedule = sqlSlaSchedule(h.sql);
    await h.eventually(async () => (await h.sql.query('SELECT 1 FROM task_escalation_watch WHERE task_number = $1', [number])).rowCount === 1, 'the task scheduled');
    for (const at of ['2026-12-14T15:30:00Z', '2026-12-15T08:59:00Z']) {
      h.clock.set(at);
      expect(await schedule.dueTasks(new Date(at), 10)).toEqual([]);
    }
    h.clock.set('2026-12-15T09:01:00Z');
    await h.expectText(DIRECTOR, new RegExp(`Поручение п${number} «Сдать отчёт» \\(исполнитель: Смирнова Ольга Николаевна\\) так и не выполнено`));
    await h.eventually(async () => (await taskEvents('TaskEscalated')).length === 1 || undefined, 'the task escalated');
    h.clock.set('2026-12-16T09:01:00Z');
    await h.eventually(async () => (await schedule.dueTasks(h.clock.now(), 10)).length === 0 || undefined, 'the task step recorded in the schedule');
    expect(await taskEvents('TaskEscalated')).toHaveLength(1);
    const seen = h.fake.textsTo(DIRECTOR).length;
    await h.say(DIRECTOR, `/history п${number}`);
    const history = await h.expectText(DIRECTOR, /История: /, { after: seen });
    expect(history).toMatch(/эскалация: поручение так и не выполнено после срока 14 декабря 2026, 12:00; сообщено: директору/);
  });
});
