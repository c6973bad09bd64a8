// Through the webhook and the fake Bot API, on a controlled clock and a real school calendar (Monday–Friday,
// 08:00–18:00, Moscow): a deadline landing on 1 January is warned about with the school-time alternative, and
// pressing it sets the deadline; «в пятницу» said on a Friday morning asks "сегодня или 11 декабря?" and both
// buttons work; a deadline kept on a Sunday is the person's choice; refusals show examples valid at the clock
// (and on school time).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCallback } from '../../adapters/telegram/callbackData.js';
import { schoolCalendar } from '../../domain/calendar/index.js';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TEACHER = '7101';
const DEPUTY = '7102';
// Friday 4 December 2026, 10:00 in Moscow.
const FRIDAY_MORNING = '2026-12-04T07:00:00Z';
const FRIDAY_EVENING = '2026-12-04T16:00:00Z';

const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });

describe.each(STORE_KINDS)('deadlines on the school calendar on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, startAt: FRIDAY_MORNING, calendar });
    await approved(h, TEACHER, 'Комарова Нина Алексеевна', 'teacher');
    await approved(h, DEPUTY, 'Жуков Павел Ильич', 'deputy');
  });
  afterAll(() => h?.close());

  /** The labels of the buttons of the last message to the deputy that had any. */
  const lastLabels = (): string[] => {
    const sent = h.fake.successful('sendMessage', DEPUTY).filter((c) => c.payload.reply_markup);
    const markup = sent[sent.length - 1]?.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string }>> } | string | undefined;
    const keyboard = typeof markup === 'string' ? (JSON.parse(markup) as { inline_keyboard: Array<Array<{ text: string }>> }) : markup;
    return (keyboard?.inline_keyboard ?? []).flat().map((b) => b.text);
  };

  async function startTask(title: string): Promise<void> {
    await ask(h, DEPUTY, '/task комар', /Выберите сотрудника/);
    await press(h, DEPUTY, `wa:${TEACHER}`, /Поручение для: Комарова Нина Алексеевна/);
    await ask(h, DEPUTY, title, /К какому сроку\?/);
  }

  async function deadlineOf(number: number): Promise<string> {
    const task = await h.eventually(async () => h.read.taskByNumber(number, h.clock.now()), `task ${number} projected`);
    return new Date(task.deadline).toISOString();
  }

  it('warns about 1 January and the alternative pressed is the deadline recorded', async () => {
    await startTask('Сдать отчёт за полугодие');
    const warning = await ask(h, DEPUTY, '1 января', /Перенести/);
    // 31 December 2026 is an official day off (moved from 4 January), so the last school day is the 30th.
    expect(warning).toBe('Срок: пятница, 1 января 2027, 18:00.\n1 января — Новогодние каникулы. Перенести на среду, 30 декабря, 18:00?');
    expect(h.fake.lastButtons(DEPUTY)).toEqual([encodeCallback('pickDeadline', 0), encodeCallback('pickDeadline', 1)]);
    expect(lastLabels()).toEqual(['Перенести на 30 декабря, 18:00', 'Оставить 1 января, 18:00']);
    const echo = await press(h, DEPUTY, encodeCallback('pickDeadline', 0), /Проверьте поручение/);
    expect(echo).toContain('Срок: среда, 30 декабря 2026, 18:00\n');
    await press(h, DEPUTY, 'wy', /Поручение п1 отправлено/);
    expect(await deadlineOf(1)).toBe('2026-12-30T15:00:00.000Z');
  });

  it('asks «сегодня или 11 декабря?» for «в пятницу» on a Friday morning, and both buttons work', async () => {
    await startTask('Проверить журналы 5 классов');
    const question = await ask(h, DEPUTY, 'в пятницу', /Срок «в пятницу»/);
    expect(question).toBe('Срок «в пятницу» — сегодня или 11 декабря?');
    expect(lastLabels()).toEqual(['Сегодня, 18:00', 'Пятница, 11 декабря, 18:00']);
    const later = await press(h, DEPUTY, encodeCallback('pickDeadline', 1), /Проверьте поручение/);
    expect(later).toContain('Срок: пятница, 11 декабря 2026, 18:00\n');
    // Changing one's mind: the same phrase again, and this time today.
    await ask(h, DEPUTY, 'в пятницу', /сегодня или 11 декабря\?/);
    const today = await press(h, DEPUTY, encodeCallback('pickDeadline', 0), /Проверьте поручение/);
    expect(today).toContain('Срок: пятница, 4 декабря 2026, 18:00\n');
    // A button of an answered question is stale.
    await press(h, DEPUTY, encodeCallback('pickDeadline', 1), /устарел|Начните заново|истек/i);
    await ask(h, DEPUTY, 'в пятницу', /сегодня или 11 декабря\?/);
    await press(h, DEPUTY, encodeCallback('pickDeadline', 0), /Проверьте поручение/);
    await press(h, DEPUTY, 'wy', /Поручение п2 отправлено/);
    expect(await deadlineOf(2)).toBe('2026-12-04T15:00:00.000Z');
  });

  it('keeps a Sunday the issuer chose when extending a deadline', async () => {
    await deadlineOf(2);
    await press(h, DEPUTY, encodeCallback('extendTask', 2), /Поручение п2: новый срок\?/);
    const warning = await ask(h, DEPUTY, 'к воскресенью', /Перенести/);
    expect(warning).toBe('Срок: воскресенье, 6 декабря 2026, 18:00.\nЭто воскресенье — выходной. Перенести на пятницу, 4 декабря, 18:00?');
    expect(lastLabels()).toEqual(['Перенести на 4 декабря, 18:00', 'Оставить 6 декабря, 18:00']);
    await press(h, DEPUTY, encodeCallback('pickDeadline', 1), /Новый срок: воскресенье, 6 декабря 2026, 18:00\. Почему продлеваете\?/);
    await ask(h, DEPUTY, 'Ждём данные из бухгалтерии', /Срок поручения п2 продлён до воскресенья, 6 декабря 2026, 18:00/);
    await h.eventually(async () => (await deadlineOf(2)) === '2026-12-06T15:00:00.000Z' || undefined, 'the kept deadline recorded');
  });

  it('refuses with examples valid at the clock, and each example is read', async () => {
    await ask(h, DEPUTY, '/task комар', /Выберите сотрудника/);
    await press(h, DEPUTY, `wa:${TEACHER}`, /Поручение для: Комарова Нина Алексеевна/);
    // The question's examples come from the clock too.
    expect(await ask(h, DEPUTY, 'Подготовить план недели', /К какому сроку\?/)).toBe(
      'К какому сроку? Например: «сегодня в 18:00», «07.12 12:00», «в понедельник», «через 3 дня».',
    );
    const morning = await ask(h, DEPUTY, 'когда-нибудь', /Не понял срок/);
    expect(morning).toBe(
      'Не понял срок. Примеры: «сегодня в 18:00», «07.12 12:00», «в понедельник», «через 3 дня», «через 2 часа», «через 3 рабочих дня», «до конца недели».',
    );
    h.clock.set(FRIDAY_EVENING);
    const evening = await ask(h, DEPUTY, 'когда-нибудь', /Не понял срок/);
    // 19:00 on a Friday: today's closing and the school week are over; Saturday is no example.
    expect(evening).toBe('Не понял срок. Примеры: «07.12 12:00», «в понедельник», «через 3 дня», «через 3 рабочих дня».');
    expect(await ask(h, DEPUTY, 'сегодня в 18:00', /Этот срок уже прошёл/)).toBe('Этот срок уже прошёл. Укажите время в будущем, например: «07.12 12:00».');
    expect(await ask(h, DEPUTY, '31.11', /Такой даты нет/)).toBe('Такой даты нет в календаре. Проверьте число и месяц, например: «07.12 12:00».');
    const examples = /Примеры: (.+)\.$/.exec(evening)![1]!.split(', ').map((e) => e.slice(1, -1));
    // Each is read, on school time, so straight to the confirmation.
    for (const example of examples) await ask(h, DEPUTY, example, /^Проверьте поручение/);
    expect(await ask(h, DEPUTY, '07.12 12:00', /Проверьте поручение/)).toContain('Срок: понедельник, 7 декабря 2026, 12:00\n');
  });
});
