// "Об этом уже сообщили" through the webhook and the fake Bot API (issue 15, item 6; docs/duplicates.md): a
// teacher describing in /new a problem already reported is offered the open ticket, joins it and then hears of
// its changes; one who declines opens their own; a technician merges the duplicate into the first (the merged
// one closed with a pointer, both histories readable, its author told and following the survivor); forged and
// stale buttons are refused politely and append nothing. One store (PostgreSQL when there is one): nothing here
// is store-specific.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const REPORTER = '8601';
const JOINER = '8602';
const DECLINER = '8603';
const TECH = '8604';

describe(`"Об этом уже сообщили" on ${STORE_KINDS.at(-1)!}`, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind: STORE_KINDS.at(-1)! });
    await approved(h, REPORTER, 'Иванова Мария Петровна', 'teacher');
    await approved(h, JOINER, 'Соколов Пётр Андреевич', 'teacher');
    await approved(h, DECLINER, 'Лебедева Ирина Викторовна', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
    const opened = await h.commands.openTicket(
      await h.as(REPORTER),
      { title: 'Проектор в 204 не включается', description: 'Проектор в 204 не включается, лампочка мигает красным', category: 'it', location: 'каб. 204' },
      {},
    );
    expect(opened.ok).toBe(true);
    await h.eventually(async () => (await h.read.likelyDuplicates({ text: 'проектор', place: 'каб. 204', category: 'it' }, h.clock.now())).length === 1, 'ticket 1 projected');
  });
  afterAll(() => h?.close());

  /** /new through the wizard up to the description; returns the reply to it. */
  async function describeProblem(userId: string, place: string, words: string, pattern: RegExp): Promise<string> {
    await ask(h, userId, '/new', /Выберите категорию/);
    await press(h, userId, 'wc:it', /Где\?/);
    await ask(h, userId, place, /Опишите проблему/);
    return ask(h, userId, words, pattern);
  }

  it('offers the open ticket to a teacher describing the same problem; joining follows it instead of opening a duplicate', async () => {
    const offer = await describeProblem(JOINER, 'каб. 204', 'В 204 не работает проектор', /Уже есть заявка/);
    expect(offer).toBe('Уже есть заявка №1 «Проектор в 204 не включается» (открыта сегодня). Присоединиться?');
    expect(h.fake.lastButtons(JOINER)).toEqual(['jy:1', 'jn']);
    await press(h, JOINER, 'jy:1', /Вы присоединились к заявке №1\. Сообщу о каждом её изменении/);
    await h.eventually(async () => (await h.read.ticketByNumber(2, h.clock.now())) === undefined && (await h.read.ticketByNumber(1, h.clock.now()))?.followerCount === 1, 'followed');
    // The card counts who reported it: the author and the one who joined.
    await press(h, TECH, 'ts:1', /Сообщили: 2 человека/);
  });

  it('tells the follower when the ticket is taken', async () => {
    await press(h, TECH, 'tt:1', /Вы взяли заявку №1/);
    await h.expectText(JOINER, /Заявку №1 «Проектор в 204 не включается», к которой вы присоединились, взял\(а\) в работу Петров Олег Иванович\./);
  });

  it('lets one who declines open their own ticket', async () => {
    await describeProblem(DECLINER, 'каб. 204', 'проектор не включается, мигает лампочка', /Уже есть заявка №1/);
    await press(h, DECLINER, 'jn', /Хорошо, откроем вашу заявку\.\nПришлите фото/);
    await press(h, DECLINER, 'wp', /Проверьте заявку/);
    await press(h, DECLINER, 'wy', /Заявка №2 принята/);
  });

  it('refuses forged and stale buttons politely, appending nothing', async () => {
    const before = await h.eventCount();
    await press(h, JOINER, 'jy:1', /Это предложение устарело\. Откройте заявку заново: \/new/);
    await press(h, DECLINER, 'jn', /Это предложение устарело/);
    await press(h, JOINER, 'jy:x', /Эта кнопка устарела\./);
    await press(h, JOINER, 'um:2', /Это действие вам недоступно\./);
    await ask(h, JOINER, '/merge 2 1', /Это действие вам недоступно\./);
    // A join button for a ticket that was not offered in this person's wizard.
    await describeProblem(JOINER, 'актовый зал', 'Порван занавес на сцене', /Пришлите фото/);
    await press(h, JOINER, 'jy:2', /Это предложение устарело/);
    await press(h, JOINER, 'wn', /Заявка не отправлена/);
    expect(await h.eventCount()).toBe(before);
  });

  it('merges the duplicate into the first: closed with a pointer, its author told and following, both histories kept', async () => {
    await press(h, TECH, 'um:2', /Заявка №2: с какой заявкой её объединить\?/);
    await ask(h, TECH, '№1', /Заявка №2 объединена с заявкой №1: №2 закрыта, её автор и присоединившиеся теперь следят за №1\./);
    await h.expectText(DECLINER, /Заявка №2 объединена с заявкой №1 «Проектор в 204 не включается» — это одна и та же проблема\./);
    await h.eventually(async () => {
      const merged = await h.read.ticketByNumber(2, h.clock.now());
      const survivor = await h.read.ticketByNumber(1, h.clock.now());
      return merged?.status === 'closed' && merged.mergedInto === 1 && survivor?.followerCount === 2;
    }, 'merge projected');
    await press(h, ADMIN, 'ts:2', /Объединена с заявкой №1/);
    await ask(h, ADMIN, '/history 2', /Объединена с заявкой №1 и закрыта; работа идёт там/);
    const survivorHistory = await ask(h, ADMIN, '/history 1', /С ней объединена заявка №2; теперь следят ещё 1 человек/);
    expect(survivorHistory).toMatch(/Присоединился\(-ась\) к заявке/);
    // Merging into a ticket that is no longer worked on is refused; the same merge again records nothing new.
    const before = await h.eventCount();
    await ask(h, TECH, '/merge 1 2', /Заявка №2 уже не в работе/);
    await ask(h, TECH, '/merge 2 1', /Заявка №2 объединена с заявкой №1/);
    expect(await h.eventCount()).toBe(before);
  });

  it('tells every follower — the one who joined and the merged ticket\'s author — of the resolution', async () => {
    const resolved = await h.commands.resolveTicket(await h.as(TECH), { number: 1, resolution: 'Заменил лампу проектора' }, {});
    expect(resolved.ok).toBe(true);
    for (const follower of [JOINER, DECLINER]) {
      await h.expectText(follower, /✅ Заявка №1 «Проектор в 204 не включается», к которой вы присоединились, решена: Заменил лампу проектора/);
    }
    await h.expectText(REPORTER, /Заявка №1 «Проектор в 204 не включается» решена: Заменил лампу проектора/);
  });
  it('finds the ticket of this room among many about the same thing elsewhere (a projector in 25 rooms)', async () => {
    const first = await h.commands.openTicket(await h.as(REPORTER), { title: 'Не работает проектор в 215', description: 'Не работает проектор в 215', category: 'it', location: 'каб. 215' }, {});
    if (!first.ok) throw new Error('not opened');
    const survivor = first.number;
    // The others are newer: ranked alike by their words, they come first among the candidates by date.
    h.clock.advance(60_000);
    const others = await Promise.all(
      Array.from({ length: 25 }, async (_, i) =>
        h.commands.openTicket(await h.as(TECH), { title: `Не работает проектор в ${400 + i}`, description: `Не работает проектор в ${400 + i}`, category: 'it', location: `каб. ${400 + i}` }, {}),
      ),
    );
    expect(others.every((result) => result.ok)).toBe(true);
    const last = others.at(-1)!;
    await h.eventually(async () => last.ok && (await h.read.ticketByNumber(last.number, h.clock.now())) !== undefined, 'the 25 projected');
    const offers = await h.read.likelyDuplicates({ text: 'не работает проектор', place: 'каб. 215', category: 'it', excludeAuthor: JOINER }, h.clock.now());
    expect(offers.map((offer) => offer.number)).toEqual([survivor]);
  });
});
