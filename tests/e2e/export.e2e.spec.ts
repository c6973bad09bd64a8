// Through the webhook and the fake Bot API: the director's /export picks a kind and a period with buttons and
// gets an XLSX document, read back here with exceljs: its rows are the tickets of the period (numbers as
// numbers, dates as real dates on Moscow's wall clock, Russian headers, the header frozen, the autofilter on);
// the KPI export carries the figures /kpi shows; an auditor may export, a teacher may not (nor by a forged
// button); a period over the bot's row limit is refused with the `schoolbot export` command to run instead.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KPI_COLUMNS, SLA_COLUMNS } from '../../adapters/files/export/index.js';
import { EXPORT_ROW_LIMIT } from '../../adapters/telegram/flows/export.js';
import { kpiLines } from '../../adapters/telegram/flows/kpi.js';
import { texts } from '../../adapters/telegram/texts.js';
import type { KpiFigures } from '../../application/ports/readModels.js';
import type { SlaFigures } from '../../application/sla/slaFigures.js';
import { HOUR_MS } from '../../domain/index.js';
import { STORE_KINDS, startHarness, type Harness } from '../support/botHarness.js';
import { approved, press } from '../support/staffSteps.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const DIRECTOR = '4000';
const TEACHER = '4001';
const TECH = '4002';
const AUDITOR = '4003';

const TICKETS = [
  { title: 'Не включается проектор', category: 'it', location: 'каб. 204' },
  { title: 'Течёт кран; «срочно», вода на полу', category: 'maintenance', location: 'каб. 12' },
  { title: '=СУММ(1;2) в названии', category: 'other', location: 'спортзал' },
  { title: 'Сломан замок', category: 'maintenance', location: 'каб. 3' },
];

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The rows of a sheet under its header, as header → value. */
function rowsOf(sheet: ExcelJS.Worksheet): Array<Record<string, ExcelJS.CellValue>> {
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Array<Record<string, ExcelJS.CellValue>> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    rows.push(Object.fromEntries(headers.map((header, i) => [header, row.getCell(i + 1).value])));
  });
  return rows;
}

describe.each(STORE_KINDS)('/export on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // Tuesday 24 November 2026, 10:00 in Moscow.
    h = await startHarness({ kind, startAt: '2026-11-24T07:00:00Z', perChatMs: 5 });
    await approved(h, DIRECTOR, 'Директорова Нина Павловна', 'director');
    await approved(h, TEACHER, 'Учителева Анна Сергеевна', 'teacher');
    await approved(h, TECH, 'Техников Пётр Ильич', 'technician');
    await approved(h, AUDITOR, 'Ревизорова Ольга Ивановна', 'auditor');
    const teacher = await h.as(TEACHER);
    for (const ticket of TICKETS) expect((await h.commands.openTicket(teacher, { ...ticket, description: `Подробно: ${ticket.title}` }, {})).ok).toBe(true);
    const tech = await h.as(TECH);
    expect((await h.commands.takeTicket(tech, { number: 1 }, {})).ok).toBe(true);
    h.clock.advance(2.5 * HOUR_MS);
    expect((await h.commands.resolveTicket(tech, { number: 1, resolution: 'Заменил кабель' }, {})).ok).toBe(true);
    expect((await h.commands.takeTicket(tech, { number: 2 }, {})).ok).toBe(true);
    const director = await h.as(DIRECTOR);
    expect((await h.commands.assignTask(director, { assigneeId: TEACHER, title: 'Сдать отчёт', deadline: '2026-11-27T12:00:00Z' }, {})).ok).toBe(true);
    await h.eventually(async () => {
      const [one, two, task] = await Promise.all([h.read.ticketByNumber(1, h.clock.now()), h.read.ticketByNumber(2, h.clock.now()), h.read.taskByNumber(1, h.clock.now())]);
      return one?.status === 'resolved' && two?.status === 'in_progress' && task !== undefined;
    }, 'tickets and the task projected');
  });
  afterAll(() => h?.close());

  it('sends the director the month’s tickets as XLSX: rows, types, dates in school time, header frozen, filters on', async () => {
    const seen = h.fake.textsTo(DIRECTOR).length;
    await h.say(DIRECTOR, '/export');
    await h.expectText(DIRECTOR, /Что выгрузить/, { after: seen });
    expect(h.fake.lastButtons(DIRECTOR)).toEqual(['xk:tickets', 'xk:tasks', 'xk:kpi']);
    await press(h, DIRECTOR, 'xk:tickets', /Заявки: за какой период\?/);
    expect(h.fake.lastButtons(DIRECTOR)).toContain('xr:tickets:month');
    await press(h, DIRECTOR, 'xr:tickets:month', /^Заявки за 01\.11\.2026–24\.11\.2026: 4 строки\.$/);
    const [document] = h.fake.documentsSent(DIRECTOR);
    expect(document?.filename).toBe('tickets_2026-11-01_2026-11-24.xlsx');

    const workbook = await workbookOf(document!.bytes);
    const sheet = workbook.getWorksheet('Заявки')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:R5');
    const rows = rowsOf(sheet);
    expect(rows.map((row) => row['Номер'])).toEqual([1, 2, 3, 4]);
    expect(rows.map((row) => row['Заявка'])).toEqual(TICKETS.map((t) => t.title));
    expect(rows.map((row) => row['Статус'])).toEqual(['решена, ждёт подтверждения', 'в работе', 'открыта', 'открыта']);
    expect(rows.map((row) => row['Категория'])).toEqual(['ИТ и компьютеры', 'Хозчасть и ремонт', 'Другое', 'Хозчасть и ремонт']);
    expect(rows[0]).toMatchObject({ Автор: 'Учителева Анна Сергеевна', Исполнитель: 'Техников Пётр Ильич', 'Время решения, ч': 2.5, Просрочена: 'нет' });
    expect(rows[2]!['Исполнитель']).toBeNull();
    // Opened at 07:00 UTC: 10:00 on Moscow's wall clock, a real date formatted as one.
    const opened = rows[0]!['Открыта'];
    expect(opened).toBeInstanceOf(Date);
    expect((opened as Date).toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(sheet.getRow(2).getCell(10).numFmt).toBe('dd.mm.yyyy hh:mm');
    expect(typeof rows[0]!['Номер']).toBe('number');
    const ticket = await h.read.ticketByNumber(1, h.clock.now());
    expect((rows[0]!['Решена'] as Date).getTime() - ticket!.resolvedAt!.getTime()).toBe(3 * HOUR_MS);
  });

  it('a KPI export carries the figures /kpi shows', async () => {
    await press(h, DIRECTOR, 'xr:kpi:schoolYear', /^Показатели за 01\.09\.2026–24\.11\.2026: \d+ строк/);
    const document = h.fake.documentsSent(DIRECTOR).at(-1)!;
    expect(document.filename).toBe('kpi_2026-09-01_2026-11-24.xlsx');
    const rows = rowsOf((await workbookOf(document.bytes)).getWorksheet('Показатели')!);
    expect(rows[0]!['Сотрудник']).toBe('Вся школа');
    // The school's line read back through the same table that wrote it.
    const figures = Object.fromEntries(
      KPI_COLUMNS.map((column) => {
        const value = rows[0]![column.header];
        return [column.field, column.kind === 'hours' && typeof value === 'number' ? value * HOUR_MS : (value ?? null)];
      }),
    ) as unknown as KpiFigures;
    expect(figures.ticketsOpened).toBe(4);
    expect(figures.tasksTotal).toBe(1);
    const seen = h.fake.textsTo(DIRECTOR).length;
    await h.say(DIRECTOR, '/kpi');
    const shown = await h.expectText(DIRECTOR, /^Показатели\n\nПо школе/, { after: seen });
    // The school's block, then the SLA block (school time on the calendar), from the same figures.
    expect(shown.split('\n\n').slice(0, 2).join('\n\n')).toBe(`Показатели\n\nПо школе\n${kpiLines(figures)}`);
    const sla = Object.fromEntries(
      SLA_COLUMNS.map((column) => {
        const value = rows[0]![column.header];
        return [column.field, column.kind === 'hours' && typeof value === 'number' ? value * HOUR_MS : (value ?? null)];
      }),
    ) as unknown as SlaFigures;
    expect(sla.resolved).toBeGreaterThan(0);
    const slaLine = texts.sla.kpiLine(sla.resolved, texts.sla.duration(sla.medianFirstResponseMs), texts.sla.duration(sla.medianResolutionMs), texts.sla.percent(sla.slaMetRate));
    expect(shown.split('\n\n')[2]!.split('\n').slice(0, 2)).toEqual([texts.sla.kpiTitle, slaLine]);
    // The technician has SLA figures of their own (as /kpi lists under «По техникам»); the teacher none.
    const line = (name: string) => rows.find((row) => row['Сотрудник'] === name)!;
    expect(line('Техников Пётр Ильич')['Решено заявок (сроки)']).toBeGreaterThan(0);
    expect(line('Учителева Анна Сергеевна')['Решено заявок (сроки)'] ?? null).toBeNull();
    // One line per person with any ticket or task, by name.
    expect(rows.slice(1).map((row) => row['Сотрудник'])).toEqual(['Техников Пётр Ильич', 'Учителева Анна Сергеевна']);
  });

  it('sends the file to the presser’s private chat even when the button is pressed elsewhere', async () => {
    const GROUP = '-1001234';
    const before = h.fake.documentsSent(DIRECTOR).length;
    await h.press(DIRECTOR, 'xr:tasks:month', GROUP);
    await h.expectText(DIRECTOR, /^Поручения за 01\.11\.2026–24\.11\.2026: 1 строка\.$/);
    expect(h.fake.documentsSent(DIRECTOR).length).toBe(before + 1);
    expect(h.fake.documentsSent(GROUP)).toEqual([]);
  });

  it('an auditor exports the tasks too', async () => {
    await h.say(AUDITOR, '/export');
    await h.expectText(AUDITOR, /Что выгрузить/);
    await press(h, AUDITOR, 'xr:tasks:week', /^Поручения за 23\.11\.2026–24\.11\.2026: 1 строка\.$/);
    const rows = rowsOf((await workbookOf(h.fake.documentsSent(AUDITOR)[0]!.bytes)).getWorksheet('Поручения')!);
    expect(rows).toEqual([
      expect.objectContaining({ Номер: 1, Поручение: 'Сдать отчёт', 'Кто выдал': 'Директорова Нина Павловна', Исполнитель: 'Учителева Анна Сергеевна', Статус: 'назначено' }),
    ]);
  });

  it('refuses a teacher, by command and by a forged button, and sends nothing', async () => {
    // The notices of the tickets and the task set up above reach the teacher on the worker's schedule (merged and
    // paced, later on a loaded machine): all of them first, so the count below sees only the answers.
    const notices = [/Новое поручение п1/, /Заявка №1 .*решена/, /Заявка №2 .*взята в работу/, /Заявка №1 .*взята в работу/];
    await h.eventually(async () => notices.every((notice) => h.fake.textsTo(TEACHER).some((text) => notice.test(text))), 'the teacher’s notices');
    await h.say(TEACHER, '/export');
    await h.expectText(TEACHER, /^Выгрузку делают заместители директора, директор, аудитор и администратор\.$/);
    const seen = h.fake.textsTo(TEACHER).length;
    await press(h, TEACHER, 'xr:tickets:month', /^Выгрузку делают/);
    expect(h.fake.textsTo(TEACHER).length).toBe(seen + 1);
    expect(h.fake.documentsSent(TEACHER)).toEqual([]);
  });

  it('points a period over the row limit to `schoolbot export`', async () => {
    // Last school year, straight into the read model (no events): more rows than the bot sends.
    await h.sql.query(
      `INSERT INTO rm_tickets (number, title, description, category, location, priority, status, author_id, opened_at, due_at, updated_at, reopen_count, comment_count)
       SELECT 100000 + i, 'Старая заявка ' || i, '', 'other', '', 'normal', 'closed', $1, timestamptz '2025-10-01T09:00:00Z' + i * interval '1 minute',
              timestamptz '2025-10-08T09:00:00Z', timestamptz '2025-10-08T09:00:00Z', 0, 0
         FROM generate_series(1, $2::int) AS i`,
      [TEACHER, EXPORT_ROW_LIMIT + 1],
    );
    const before = h.fake.documentsSent(DIRECTOR).length;
    const said = await press(h, DIRECTOR, 'xr:tickets:lastSchoolYear', /в Telegram я отправляю выгрузки не больше/);
    expect(said).toContain(`Это ${EXPORT_ROW_LIMIT + 1} строка`);
    expect(said).toContain(
      'schoolbot export --kind tickets --from 2025-09-01 --to 2026-08-31 --format xlsx --out tickets_2025-09-01_2026-08-31.xlsx',
    );
    expect(h.fake.documentsSent(DIRECTOR).length).toBe(before);
  });
});
