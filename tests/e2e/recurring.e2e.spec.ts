// Recurring orders through the webhook, on a controlled clock and a school calendar with a short vacation
// (Monday 14 – Wednesday 16 December 2026): /repeat makes "каждый понедельник в 9:00" with its deadline the
// same day, the echo shows the first occurrence; Monday 7 December's task reaches the teacher; the Monday in
// the vacation moves to Thursday 17th (its task due that day); a second recurrence set to skip days off jumps
// over the vacation; pause, resume, change and stop from the list's buttons; an occurrence whose deadline passed
// while nothing ran is recorded as not issued.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCallback } from '../../adapters/telegram/callbackData.js';
import { schoolCalendar } from '../../domain/calendar/index.js';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TEACHER = '7301';
const DEPUTY = '7302';
// Friday 4 December 2026, 10:00 in Moscow.
const FRIDAY = '2026-12-04T07:00:00Z';

const calendar = schoolCalendar({
  zone: 'Europe/Moscow',
  week: 5,
  hours: { open: 480, close: 1080 },
  vacations: [{ name: 'Короткие каникулы', from: '2026-12-14', to: '2026-12-16' }],
});

describe.each(STORE_KINDS.slice(-1))('recurring orders across a vacation on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, startAt: FRIDAY, calendar, recurrences: true });
    await approved(h, TEACHER, 'Комарова Нина Алексеевна', 'teacher');
    await approved(h, DEPUTY, 'Жуков Павел Ильич', 'deputy');
  });
  afterAll(() => h?.close());

  const mine = async () => h.read.recurrencesIssuedBy(DEPUTY);
  const nextAtOf = async (title: string, expected: string | null) =>
    h.eventually(async () => {
      const found = (await mine()).find((r) => r.title === title);
      const nextAt = found?.nextAt ? found.nextAt.toISOString() : null;
      return found && nextAt === expected ? found : undefined;
    }, `${title}: next occurrence at ${String(expected)}`);

  async function create(title: string, schedule: string, deadline: string): Promise<string> {
    await ask(h, DEPUTY, '/repeat комар', /Выберите сотрудника/);
    await press(h, DEPUTY, encodeCallback('recurrenceAssignee', TEACHER), /Повторяющееся поручение для: Комарова Нина Алексеевна/);
    await ask(h, DEPUTY, title, /Как часто\?/);
    await ask(h, DEPUTY, schedule, /Какой срок у каждого/);
    return ask(h, DEPUTY, deadline, /Проверьте повторяющееся поручение/);
  }

  it('echoes the schedule, issues Monday’s task, and moves the Monday in the vacation to the next school day', async () => {
    const echo = await create('Сдать план на неделю', 'каждый понедельник в 9:00', 'в тот же день в 15:00');
    expect(echo).toBe(
      'Проверьте повторяющееся поручение:\nКому: Комарова Нина Алексеевна\nЧто: Сдать план на неделю\nКогда: каждый понедельник в 09:00\n' +
        'Если в выходной или в каникулы — в ближайший учебный день\nСрок каждого: в тот же день в 15:00\nПервое: понедельник, 7 декабря 2026, 09:00\n\nСоздать?',
    );
    await press(h, DEPUTY, encodeCallback('recurrenceConfirm'), /Повторяющееся поручение создано: каждый понедельник в 09:00/);
    await nextAtOf('Сдать план на неделю', '2026-12-07T06:00:00.000Z');
    const list = await ask(h, DEPUTY, '/repeat', /🔁 Сдать план на неделю/);
    expect(list).toContain('Следующее: понедельник, 7 декабря 2026, 09:00');

    // Monday 7 December, 09:05: the first occurrence is an ordinary task for the teacher, due at 15:00.
    h.clock.set('2026-12-07T06:05:00Z');
    await h.expectText(TEACHER, /📌 Новое поручение п1: Сдать план на неделю\nСрок: понедельник, 7 декабря 2026, 15:00/);
    const first = await h.eventually(async () => h.read.taskByNumber(1, h.clock.now()), 'task 1 projected');
    expect(first.issuerId).toBe(DEPUTY);
    // The next Monday is in the vacation: Thursday 17th, the first school day after it.
    await nextAtOf('Сдать план на неделю', '2026-12-17T06:00:00.000Z');

    // Thursday 17th, 09:05: the occurrence moved from Monday 14th, due that day.
    h.clock.set('2026-12-17T06:05:00Z');
    await h.expectText(TEACHER, /📌 Новое поручение п2: Сдать план на неделю\nСрок: четверг, 17 декабря 2026, 15:00/);
    const second = await h.eventually(async () => h.read.taskByNumber(2, h.clock.now()), 'task 2 projected');
    expect(new Date(second.deadline).toISOString()).toBe('2026-12-17T12:00:00.000Z');
    const after = await nextAtOf('Сдать план на неделю', '2026-12-21T06:00:00.000Z');
    expect(after.taskNumbers).toEqual([1, 2]);
  });

  it('skips the vacation when told to, and pauses, resumes, changes and stops from the list', async () => {
    h.clock.set('2026-12-07T10:00:00Z');
    await create('Проверить журналы', 'каждый вторник в 10:30', 'через 2 дня');
    const echo = await press(h, DEPUTY, encodeCallback('recurrenceDayOff', 'skip'), /Проверьте повторяющееся поручение/);
    expect(echo).toContain('Когда: каждый вторник в 10:30\nЕсли в выходной или в каникулы — пропускается\nСрок каждого: через 2 учебных дня в 18:00\n');
    expect(echo).toContain('Первое: вторник, 8 декабря 2026, 10:30');
    await press(h, DEPUTY, encodeCallback('recurrenceConfirm'), /Повторяющееся поручение создано/);
    const made = await nextAtOf('Проверить журналы', '2026-12-08T07:30:00.000Z');

    await press(h, DEPUTY, encodeCallback('recurrencePause', made.recurrenceId), /на паузе/);
    await nextAtOf('Проверить журналы', null);
    // Resumed after Tuesday 8th passed: the occurrence due during the pause is not issued; Tuesday 15th is in the
    // vacation and skipped, so the next is the 22nd.
    h.clock.set('2026-12-09T10:00:00Z');
    await press(h, DEPUTY, encodeCallback('recurrenceResume', made.recurrenceId), /снова действует/);
    await nextAtOf('Проверить журналы', '2026-12-22T07:30:00.000Z');
    // A new schedule from the list's button: Wednesday 16th is in the vacation and skipped, so the 23rd.
    await press(h, DEPUTY, encodeCallback('recurrenceChange', made.recurrenceId), /«Проверить журналы»: новое расписание\?/);
    await ask(h, DEPUTY, 'каждую среду в 11:00', /Какой срок у каждого/);
    const changed = await ask(h, DEPUTY, 'в тот же день в 16:00', /Проверьте повторяющееся поручение/);
    expect(changed).toContain('Когда: каждую среду в 11:00\nЕсли в выходной или в каникулы — пропускается\nСрок каждого: в тот же день в 16:00\nПервое: среда, 23 декабря 2026, 11:00');
    await press(h, DEPUTY, encodeCallback('recurrenceConfirm'), /Повторяющееся поручение изменено/);
    await nextAtOf('Проверить журналы', '2026-12-23T08:00:00.000Z');
    // Another person's press is refused and changes nothing.
    await press(h, TEACHER, encodeCallback('recurrenceStop', made.recurrenceId), /недоступно/);
    await press(h, DEPUTY, encodeCallback('recurrenceStop', made.recurrenceId), /остановлено/);
    await h.eventually(async () => !(await mine()).some((r) => r.title === 'Проверить журналы'), 'the stopped one leaves the list');
  });

  it('after a downtime past an occurrence’s deadline, records it as not issued and says so on the list', async () => {
    // Monday 21st, 16:00: the worker wakes after the 15:00 deadline of that day's occurrence.
    h.clock.set('2026-12-21T13:00:00Z');
    await nextAtOf('Сдать план на неделю', '2026-12-28T06:00:00.000Z');
    const list = await ask(h, DEPUTY, '/repeat', /🔁 Сдать план на неделю/);
    expect(list).toContain('Выдано: 2\nНе выданы: 21.12 — срок прошёл, пока поручения не выдавались (бот не работал)');
    expect(await h.read.taskByNumber(3, h.clock.now())).toBeUndefined();
  });
});
