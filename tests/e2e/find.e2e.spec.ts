// /find through the webhook and the fake Bot API (docs/search.md): a teacher opens tickets, a technician
// comments, /find проектора finds the one about «проектор» with a button that opens its card; /find alone asks
// what to look for; and what a teacher may not see (someone else's task, a conversation on a ticket they have
// no part in) is not found for them, while the admin finds it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, BOTH_STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, ask, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const TEACHER = '8101';
const OTHER = '8102';
const TECH = '8103';
const DEPUTY = '8104';

// On both stores: full-text search (the `russian` configuration, pg_trgm) is where PGlite's build could differ.
describe.each(BOTH_STORE_KINDS)('/find on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ kind });
    await approved(h, TEACHER, 'Иванова Мария Петровна', 'teacher');
    await approved(h, OTHER, 'Соколов Пётр Андреевич', 'teacher');
    await approved(h, TECH, 'Петров Олег Иванович', 'technician');
    await approved(h, DEPUTY, 'Лебедева Ирина Викторовна', 'deputy');
    await ask(h, TEACHER, '/new в 204 не включается проектор', /Заявка №1 принята/);
    await ask(h, TEACHER, '/new в 305 течёт кран', /Заявка №2 принята/);
    expect((await h.commands.takeTicket(await h.as(TECH), { number: 2 }, {})).ok).toBe(true);
    expect((await h.commands.commentTicket(await h.as(TECH), { number: 2, text: 'Нужна прокладка, в актовом зале такая же беда' }, {})).ok).toBe(true);
    const task = await h.commands.assignTask(
      await h.as(DEPUTY),
      { assigneeId: TECH, title: 'Проверить проекторы в актовом зале', description: '', deadline: '2026-11-27T15:00:00Z' },
      {},
    );
    expect(task.ok).toBe(true);
    const admin = { telegramId: ADMIN, role: 'admin' as const, status: 'active' as const };
    await h.eventually(async () => {
      const found = await h.read.search({ viewer: admin, terms: [{ word: 'прокладка' }] }, h.clock.now());
      const tasks = await h.read.search({ viewer: admin, terms: [{ word: 'зале' }], kind: 'task' }, h.clock.now());
      return found.total === 1 && tasks.total === 1;
    }, 'search projected');
  });
  afterAll(() => h?.close());

  it('finds «проектор» by «проектора» and opens its card from the button', async () => {
    const reply = await ask(h, TEACHER, '/find проектора', /Поиск «проектора»/);
    expect(reply).toBe('Поиск «проектора»: найдено 1\n\n№1 · в 204 не включается проектор — открыта');
    expect(h.fake.lastButtons(TEACHER)).toEqual(['ts:1']);
    await press(h, TEACHER, 'ts:1', /Заявка №1: в 204 не включается проектор/);
  });

  it('asks what to look for after /find alone, then finds by number and by room', async () => {
    await ask(h, OTHER, '/find', /Что найти\?/);
    const byNumber = await ask(h, OTHER, '№2', /Поиск «№2»/);
    expect(byNumber).toMatch(/№2 · в 305 течёт кран — в работе/);
    const byRoom = await ask(h, OTHER, '/find каб. 204', /Поиск «каб\. 204»/);
    expect(byRoom).toMatch(/найдено 1\n\n№1 · в 204 не включается проектор/);
  });

  it('finds for a teacher nothing they may not see, the same search finding it for the admin', async () => {
    // «актовом зале»: the deputy's task to the technician and the comment on ticket 2 (OTHER has no part in either).
    await ask(h, OTHER, '/find актовом зале', /По запросу «актовом зале» ничего не нашлось\./);
    expect(h.fake.textsTo(OTHER).join('\n')).not.toMatch(/Проверить проекторы|прокладка/);
    const admin = await ask(h, ADMIN, '/find актовом зале', /Поиск «актовом зале»: найдено 2/);
    expect(admin).toMatch(/п1 · Проверить проекторы в актовом зале — назначено/);
    expect(admin).toMatch(/№2 · в 305 течёт кран — в работе/);
    expect(h.fake.lastButtons(ADMIN).sort()).toEqual(['ks:1', 'ts:2']);
    // The author of ticket 2 may read its comments, so the conversation finds it for her.
    await ask(h, TEACHER, '/find актовом зале', /Поиск «актовом зале»: найдено 1\n\n№2 · в 305 течёт кран/);
  });

  it('refuses a day that does not exist', async () => {
    await ask(h, TEACHER, '/find кран с 31.02', /Такой даты нет/);
  });
});
