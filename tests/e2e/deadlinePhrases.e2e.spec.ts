// Through the webhook and the fake Bot API: every deadline phrase the school uses, typed into one /task
// conversation, is echoed back as the moment understood in SCHOOL_TIMEZONE (Europe/Moscow) before anything is
// sent; a past, impossible or unreadable one gets a clear answer with examples; the confirmed one is the
// deadline recorded. The clock is fixed at 01:30 on Wednesday 25 November in Moscow, when it is still
// Tuesday in UTC, so a reading in the wrong zone shows.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const TEACHER = '7001';
const DEPUTY = '7002';
const NOW = '2026-11-24T22:30:00Z';

/** What the deputy types, and the deadline the bot must echo (Moscow time). */
const UNDERSTOOD: ReadonlyArray<readonly [phrase: string, echoed: string]> = [
  ['сегодня в 18:00', 'среда, 25 ноября 2026, 18:00'],
  ['завтра в 15:00', 'четверг, 26 ноября 2026, 15:00'],
  ['послезавтра', 'пятница, 27 ноября 2026, 18:00'],
  ['25.11', 'среда, 25 ноября 2026, 18:00'],
  ['25.11 12:00', 'среда, 25 ноября 2026, 12:00'],
  ['25.11.2026', 'среда, 25 ноября 2026, 18:00'],
  ['в пятницу', 'пятница, 27 ноября 2026, 18:00'],
  ['через 3 дня', 'суббота, 28 ноября 2026, 18:00'],
  ['через 2 часа', 'среда, 25 ноября 2026, 03:30'],
  ['до 1 декабря', 'вторник, 1 декабря 2026, 18:00'],
  // Refused before issue 14, item 7 (the calendar here is the harness's round-the-clock one).
  ['к понедельнику', 'понедельник, 30 ноября 2026, 18:00'],
  ['завтра утром', 'четверг, 26 ноября 2026, 09:00'],
  ['через полчаса', 'среда, 25 ноября 2026, 02:00'],
  ['в понедельник в 9', 'понедельник, 30 ноября 2026, 09:00'],
  ['до конца недели', 'воскресенье, 29 ноября 2026, 18:00'],
  ['до конца месяца', 'понедельник, 30 ноября 2026, 18:00'],
  ['в следующую среду', 'среда, 2 декабря 2026, 18:00'],
  ['в 15.00', 'среда, 25 ноября 2026, 15:00'],
  ['25/12', 'пятница, 25 декабря 2026, 18:00'],
  ['до 1 декабря', 'вторник, 1 декабря 2026, 18:00'],
];

const UNREADABLE = /^Не понял срок\. Примеры: «сегодня в 18:00», «завтра в 15:00».*«через 3 дня»/;
const IN_PAST = /^Этот срок уже прошёл\. Укажите время в будущем, например: «сегодня в 18:00»/;
// The examples come from the clock: the next day's date, not a fixed one.
const NO_SUCH_DATE = /^Такой даты нет в календаре\. Проверьте число и месяц, например: «26\.11 12:00»/;

/** What the deputy types that cannot be a deadline, and the kind of answer they get. */
const REFUSED: ReadonlyArray<readonly [phrase: string, answer: RegExp]> = [
  ['сегодня в 01:00', IN_PAST],
  ['24.11.2026', IN_PAST],
  // Yesterday's date typed without a year: a slip, not next November.
  ['24.11 18:00', IN_PAST],
  ['вчера', UNREADABLE],
  ['31.11', NO_SUCH_DATE],
  ['когда-нибудь потом', UNREADABLE],
  ['25.11 25:00', UNREADABLE],
  ['через -2 часа', UNREADABLE],
  ['в 25', /^Такого времени нет/],
  ['26.11.2027 12:00', /^Слишком далёкий срок: не дальше чем на год вперёд \(до 26 ноября 2027\)/],
];

describe.each(STORE_KINDS)('deadlines typed in Russian on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind, startAt: NOW });
    for (const [id, fullName, role] of [
      [TEACHER, 'Комарова Нина Алексеевна', 'teacher'],
      [DEPUTY, 'Жуков Павел Ильич', 'deputy'],
    ] as const) {
      expect((await h.commands.register(await h.as(id), { fullName }, {})).ok).toBe(true);
      expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: id, role }, {})).ok).toBe(true);
      await h.eventually(async () => (await h.read.staffById(id))?.status === 'active', `${fullName} projected`);
    }
  });
  afterAll(() => h?.close());

  /** Types a phrase and returns the bot's first answer to it. */
  async function answerTo(phrase: string): Promise<string> {
    const seen = h.fake.textsTo(DEPUTY).length;
    await h.say(DEPUTY, phrase);
    await h.fake.waitFor(() => h.fake.textsTo(DEPUTY).length > seen, 15_000, `an answer to «${phrase}»`);
    return h.fake.textsTo(DEPUTY)[seen]!;
  }

  it('echoes each phrase as the deadline understood, asks to confirm, and records the confirmed one', async () => {
    await h.say(DEPUTY, '/task комар');
    await h.expectText(DEPUTY, /Выберите сотрудника/);
    await h.press(DEPUTY, `wa:${TEACHER}`);
    await h.expectText(DEPUTY, /Поручение для: Комарова Нина Алексеевна/);
    await h.say(DEPUTY, 'Сдать журнал на проверку');
    await h.expectText(DEPUTY, /К какому сроку\?/);
    const before = await h.eventCount();

    const echoed: Array<[string, string]> = [];
    for (const [phrase] of UNDERSTOOD) {
      const answer = await answerTo(phrase);
      echoed.push([phrase, /\nСрок: (.+)\n/.exec(answer)?.[1] ?? `(no deadline in: ${answer})`]);
      expect(answer).toMatch(/^Проверьте поручение:\nКому: Комарова Нина Алексеевна\nЧто: Сдать журнал на проверку\nСрок: .+\n\nОтправить\?$/);
      expect(h.fake.lastButtons(DEPUTY)).toEqual(['wy', 'wn']);
    }
    // All at once, so one wrong reading does not hide the others.
    expect(echoed).toEqual(UNDERSTOOD.map(([phrase, shown]) => [phrase, shown]));

    const refused: Array<[string, string]> = [];
    for (const [phrase, expected] of REFUSED) {
      const answer = await answerTo(phrase);
      refused.push([phrase, expected.test(answer) ? 'as expected' : answer]);
    }
    expect(refused).toEqual(REFUSED.map(([phrase]) => [phrase, 'as expected']));
    // Nothing is sent before the deputy confirms.
    expect(await h.eventCount()).toBe(before);

    // The last phrase understood is what gets recorded, as that moment.
    const [lastPhrase, lastShown] = UNDERSTOOD[UNDERSTOOD.length - 1]!;
    const answer = await answerTo(lastPhrase);
    expect(answer).toContain(`Срок: ${lastShown}`);
    await h.press(DEPUTY, 'wy');
    await h.expectText(DEPUTY, /Поручение п1 отправлено: Комарова Нина Алексеевна/);
    const assigned = (await h.store.readStream('task-1')).find((e) => e.type === 'TaskAssigned');
    expect(new Date(String((assigned?.data as { deadline: unknown }).deadline)).toISOString()).toBe('2026-12-01T15:00:00.000Z');
    await h.expectText(TEACHER, new RegExp(`Новое поручение п1: Сдать журнал на проверку\\nСрок: ${lastShown}`));
  });
});
