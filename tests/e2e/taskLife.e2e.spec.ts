// Through the webhook and the fake Bot API, under a controlled clock: a deputy issues a task with a deadline
// typed in Russian, the teacher accepts it, is reminded 2 h before, misses it (both hear of it), completes it
// with a photo, is sent back for rework, completes again, and the deputy approves: late for good in the KPI.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved } from '../support/staffSteps.js';

// Whole conversations of many steps on a shared, busy machine: generous limits (each step still waits at most 20 s).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '3001';
const DEPUTY = '3002';

describe.each(STORE_KINDS)('a task in Telegram on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Moscow.
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z' });
    await approved(h, TEACHER, 'Кузнецова Елена Викторовна', 'teacher');
    await approved(h, DEPUTY, 'Морозов Игорь Сергеевич', 'deputy');
  });
  afterAll(() => h?.close());

  it('lives from assignment through a missed deadline to approval', async () => {
    await h.say(DEPUTY, '/task');
    await h.expectText(DEPUTY, /Кому поручение\?/);
    await h.say(DEPUTY, 'кузнец');
    await h.expectText(DEPUTY, /Выберите сотрудника/);
    expect(h.fake.lastButtons(DEPUTY)).toEqual([`wa:${TEACHER}`]);
    await h.press(DEPUTY, `wa:${TEACHER}`);
    await h.expectText(DEPUTY, /Поручение для: Кузнецова Елена Викторовна/);
    await h.say(DEPUTY, 'Сдать отчёт за четверть');
    await h.expectText(DEPUTY, /К какому сроку\?/);
    await h.say(DEPUTY, 'вчера');
    await h.expectText(DEPUTY, /Не понял срок\. Примеры/);
    await h.say(DEPUTY, 'сегодня в 09:00');
    await h.expectText(DEPUTY, /Этот срок уже прошёл/);
    await h.say(DEPUTY, 'завтра в 15:00');
    await h.expectText(DEPUTY, /Срок: среда, 25 ноября 2026, 15:00[\s\S]*Отправить\?/);
    await h.press(DEPUTY, 'wy');
    await h.expectText(DEPUTY, /Поручение п1 отправлено: Кузнецова Елена Викторовна/);

    await h.expectText(TEACHER, /Новое поручение п1: Сдать отчёт за четверть\nСрок: среда, 25 ноября 2026, 15:00/);
    expect(h.fake.lastButtons(TEACHER)).toContain('ka:1');
    await h.press(TEACHER, 'ka:1');
    await h.expectText(TEACHER, /Поручение п1 принято в работу/);

    // 2 h before the deadline: one reminder (the 24 h one is superseded by then).
    h.clock.set('2026-11-25T10:30:00Z');
    await h.expectText(TEACHER, /Через 2 ч срок поручения п1/);
    // Past the deadline: the watcher records it and both people hear of it.
    h.clock.set('2026-11-25T12:05:00Z');
    await h.expectText(TEACHER, /Срок поручения п1 «Сдать отчёт за четверть» пропущен/);
    await h.expectText(DEPUTY, /Кузнецова Елена Викторовна не выполнил\(а\) поручение п1/);
    expect(h.fake.textsTo(TEACHER).filter((t) => /Через \d+ ч/.test(t))).toHaveLength(1);

    // Completed with a photo, returned for rework, completed again, approved.
    await h.press(TEACHER, 'kc:1');
    await h.expectText(TEACHER, /опишите, что сделано/);
    await h.photo(TEACHER, 'report-photo-1', 'Отчёт сдан в канцелярию');
    await h.expectText(TEACHER, /отмечено выполненным/);
    await h.expectText(DEPUTY, /Поручение п1 «Сдать отчёт за четверть» выполнено \(Кузнецова Елена Викторовна\): Отчёт сдан в канцелярию/);
    expect(h.fake.lastButtons(DEPUTY)).toEqual(['kp:1', 'kr:1']);
    const completed = (await h.store.readStream('task-1')).find((e) => e.type === 'TaskCompleted');
    expect((completed?.data as { photo: unknown }).photo).toEqual({ fileId: 'report-photo-1', fileUniqueId: 'u-report-photo-1' });

    await h.press(DEPUTY, 'kr:1');
    await h.say(DEPUTY, 'Добавьте таблицу с оценками');
    await h.expectText(TEACHER, /возвращено на доработку: Добавьте таблицу с оценками/);
    await h.press(TEACHER, 'kc:1');
    await h.say(TEACHER, 'Таблица добавлена');
    await h.eventually(async () => (await h.read.taskByNumber(1, h.clock.now()))?.status === 'completed', 'completed again');
    await h.press(DEPUTY, 'kp:1');
    await h.expectText(DEPUTY, /Работа по поручению п1 принята/);
    const task = await h.eventually(async () => {
      const view = await h.read.taskByNumber(1, h.clock.now());
      return view?.status === 'approved' ? view : undefined;
    }, 'task approved');
    expect(task).toMatchObject({ late: true, doneOnTime: false, missedDeadlines: 1 });
  });

  it('extends a deadline with a reason and shows the KPI with a chart', async () => {
    expect((await h.commands.assignTask(await h.as(DEPUTY), { assigneeId: TEACHER, title: 'Провести собрание', deadline: '2026-11-27T15:00:00Z' }, {})).ok).toBe(true);
    await h.press(DEPUTY, 'ke:2');
    await h.expectText(DEPUTY, /новый срок\?/);
    await h.say(DEPUTY, 'через 3 дня в 12:00');
    await h.expectText(DEPUTY, /Новый срок: суббота, 28 ноября 2026, 12:00\. Почему продлеваете/);
    await h.say(DEPUTY, 'Родители просили перенести');
    await h.expectText(DEPUTY, /Срок поручения п2 продлён до субботы, 28 ноября 2026, 12:00/);

    await h.eventually(async () => {
      const overall = await h.read.kpiOverall(h.clock.now());
      return overall.tasksTotal === 2 && overall.tasksDone === 1;
    }, 'both tasks in the KPI');
    await h.say(DEPUTY, '/kpi');
    await h.expectText(DEPUTY, /По школе\nПоручения: всего 2, выполнено 1 \(в срок 0\)/);
    // The chart is the photo uploaded (the report's photo reached the deputy earlier, by file_id).
    const chart = () => h.fake.successful('sendPhoto', DEPUTY).find((call) => call.files.photo !== undefined);
    await h.fake.waitFor(() => chart() !== undefined, 15_000, 'the KPI chart');
    expect(chart()!.files.photo!.size).toBeGreaterThan(100);
    // The chart names the people on it, with their numbers (kpiChart.e2e.spec.ts: a school of 45).
    expect(String(chart()!.payload.caption)).toMatch(/1\. Кузнецова Е\. В\.: всего 2 — с опозданием 1, в работе 1/);
  });

  it("sends the director's morning digest with a KPI chart at DIGEST_TIME, once", async () => {
    const DIRECTOR = '3003';
    expect((await h.commands.register(await h.as(DIRECTOR), { fullName: 'Директорова Нина Павловна' }, {})).ok).toBe(true);
    expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: DIRECTOR, role: 'director' }, {})).ok).toBe(true);
    await h.eventually(async () => (await h.read.staffById(DIRECTOR))?.status === 'active', 'director projected');
    // Thursday 26 November, 07:59 and then 08:30 in Moscow.
    h.clock.set('2026-11-26T04:59:00Z');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.fake.successful('sendPhoto', DIRECTOR)).toEqual([]);
    h.clock.set('2026-11-26T05:30:00Z');
    await h.fake.waitFor(() => h.fake.successful('sendPhoto', DIRECTOR).length > 0, 15_000, 'the digest');
    const [digest] = h.fake.successful('sendPhoto', DIRECTOR);
    expect(String(digest!.payload.caption)).toMatch(/Доброе утро! Сводка на 26 ноября 2026/);
    expect(digest!.files.photo!.size).toBeGreaterThan(100);
    h.clock.set('2026-11-26T06:30:00Z');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.fake.successful('sendPhoto', DIRECTOR)).toHaveLength(1);
  });
});
