// Through the webhook and the fake Bot API: a school of 45 staff, four of them with overdue tasks. /kpi by the
// director sends the school's figures and then 3 chart photos (20, 20 and 5 people, uploaded as PNG files),
// the first listing the overdue people, most overdue first; the morning digest's photo names them as well.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { schoolNames } from '../support/kpiSchool.js';
import { chartName } from '../../adapters/telegram/flows/kpi.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

const DIRECTOR = '4000';
const STAFF = schoolNames(45).map((fullName, i) => ({ id: String(4100 + i), fullName }));
/** Tasks past their deadline by noon: two for the first, one for the others. */
const OVERDUE = new Map([
  [STAFF[44]!.id, 2],
  [STAFF[30]!.id, 1],
  [STAFF[7]!.id, 1],
]);
const overdueNames = [STAFF[44]!, STAFF[7]!, STAFF[30]!].map((p) => chartName(p.fullName));

describe.each(STORE_KINDS)('the KPI chart in Telegram on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Moscow (today's digest time has passed: the next one is tomorrow).
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z', perChatMs: 5 });
    const admin = await h.as(ADMIN);
    for (const { id, fullName } of [{ id: DIRECTOR, fullName: 'Директорова Нина Павловна' }, ...STAFF]) {
      expect((await h.commands.register(await h.as(id), { fullName }, {})).ok).toBe(true);
      const role = id === DIRECTOR ? 'director' : 'teacher';
      expect((await h.commands.approveStaff(admin, { telegramId: id, role }, {})).ok).toBe(true);
    }
    const active = async (id: string) => (await h.read.staffById(id))?.status === 'active';
    await h.eventually(async () => (await active(DIRECTOR)) && (await active(STAFF.at(-1)!.id)), 'staff projected', 60_000);
    // Everyone has a task: most due in a fortnight, the overdue ones due at 11:00 today.
    const director = await h.as(DIRECTOR);
    for (const { id } of STAFF) {
      const soon = OVERDUE.get(id) ?? 0;
      for (let i = 0; i < Math.max(1, soon); i += 1) {
        const deadline = soon > 0 ? '2026-11-24T08:00:00Z' : '2026-12-08T12:00:00Z';
        expect((await h.commands.assignTask(director, { assigneeId: id, title: `Отчёт ${i + 1}`, deadline }, {})).ok).toBe(true);
      }
    }
    h.clock.set('2026-11-24T09:00:00Z');
    await h.eventually(async () => {
      const overall = await h.read.kpiOverall(h.clock.now());
      return overall.tasksTotal === 46 && overall.tasksOverdue === 4;
    }, 'the tasks in the KPI', 60_000);
  });
  afterAll(() => h?.close());

  it('/kpi sends everyone on 3 photos, the overdue people first', async () => {
    const before = h.fake.successful('sendPhoto', DIRECTOR).length;
    await h.say(DIRECTOR, '/kpi');
    await h.expectText(DIRECTOR, /По школе\nПоручения: всего 46, выполнено 0 \(в срок 0\), просрочено 4/, { timeoutMs: 60_000 });
    await h.fake.waitFor(() => h.fake.successful('sendPhoto', DIRECTOR).length >= before + 3, 60_000, 'three chart photos');
    const photos = h.fake.successful('sendPhoto', DIRECTOR).slice(before);
    expect(photos).toHaveLength(3);
    // Uploaded files (multipart), one PNG per page.
    expect(photos.map((p) => p.files.photo?.name)).toEqual(['kpi-1.png', 'kpi-2.png', 'kpi-3.png']);
    for (const photo of photos) expect(photo.files.photo!.size).toBeGreaterThan(10_000);
    const captions = photos.map((p) => String(p.payload.caption));
    expect(captions[0]).toMatch(/^Поручения по сотрудникам, стр\. 1 из 3 \(1–20 из 45\):/);
    expect(captions[1]).toMatch(/^Поручения по сотрудникам, стр\. 2 из 3 \(21–40 из 45\):/);
    expect(captions[2]).toMatch(/^Поручения по сотрудникам, стр\. 3 из 3 \(41–45 из 45\):/);
    const firstLines = captions[0]!.split('\n').slice(1, 4);
    expect(firstLines).toEqual([
      `1. ${overdueNames[0]}: всего 2 — просрочено 2`,
      expect.stringMatching(new RegExp(`^2\\. (${overdueNames[1]}|${overdueNames[2]}): всего 1 — просрочено 1$`)),
      expect.stringMatching(new RegExp(`^3\\. (${overdueNames[1]}|${overdueNames[2]}): всего 1 — просрочено 1$`)),
    ]);
    // Everyone once, across the captions and the lines that did not fit into them.
    const all = h.fake.textsTo(DIRECTOR).join('\n');
    for (const { fullName } of STAFF) expect(all.split(`. ${chartName(fullName)}: `).length - 1, fullName).toBe(1);
  });

  it("the director's morning digest charts everyone, a photo per 20 people, the overdue people first", async () => {
    const before = h.fake.successful('sendPhoto', DIRECTOR).length;
    const textsBefore = h.fake.textsTo(DIRECTOR).length;
    // Wednesday 25 November, 08:30 in Moscow.
    h.clock.set('2026-11-25T05:30:00Z');
    await h.fake.waitFor(() => h.fake.successful('sendPhoto', DIRECTOR).length >= before + 3, 60_000, 'the digest’s three pages');
    const photos = h.fake.successful('sendPhoto', DIRECTOR).slice(before);
    expect(photos.map((call) => call.files.photo?.name)).toEqual(['kpi-1.png', 'kpi-2.png', 'kpi-3.png']);
    for (const photo of photos) expect(photo.files.photo!.size).toBeGreaterThan(10_000);
    // A text longer than a caption may carry follows the chart as its own message (the chart goes first).
    const summary = await h.eventually(
      () => Promise.resolve(h.fake.textsTo(DIRECTOR).find((t) => /^Доброе утро! Сводка на 25 ноября 2026/.test(t))),
      'the digest text',
    );
    expect(summary).toContain(`1. ${overdueNames[0]}: всего 2 — просрочено 2`);
    // Everyone once across the digest's pages.
    // Each page's lines follow its photo (longer than a caption): wait until every name has arrived.
    const seen = () => h.fake.textsTo(DIRECTOR).slice(textsBefore).join('\n');
    const all = await h.eventually(
      () => Promise.resolve(STAFF.every(({ fullName }) => seen().includes(`. ${chartName(fullName)}: `)) ? seen() : undefined),
      'every page of the digest',
    );
    for (const { fullName } of STAFF) expect(all.split(`. ${chartName(fullName)}: `).length - 1, fullName).toBe(1);
  });
});
