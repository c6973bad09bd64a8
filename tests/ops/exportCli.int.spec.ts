// `schoolbot export` through the real entry point (infra/main.ts) on PostgreSQL: tickets as XLSX (read back
// with exceljs) and as CSV for Russian Excel (UTF-8 with BOM, `;`, decimal comma, dates in school time, a
// formula-looking title kept as text), KPI as CSV, and bad arguments refused in one line with the fix and no
// file left behind. The rows are put straight into the read models (the export reads only those).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { PgExecutor } from '../../adapters/sql/pgExecutor.js';
import { schoolbotArgs } from '../support/compiledCli.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { requirePostgres, titled } from '../support/tools.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const root = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);

async function schoolbot(args: string[], env: Record<string, string>) {
  const base = { ...process.env };
  delete base.TELEGRAM_TOKEN;
  try {
    const { stdout, stderr } = await exec(process.execPath, schoolbotArgs(...args), {
      cwd: root,
      env: { ...base, LOG_LEVEL: 'silent', SCHOOL_TIMEZONE: 'Europe/Moscow', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const missing = requirePostgres();

describe.skipIf(missing !== undefined)(titled('schoolbot export', missing), () => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('sbops_export');
    const sql = new PgExecutor({ connectionString: database.url, maxConnections: 2 });
    await runMigrations(sql, migrations);
    await sql.query(
      `INSERT INTO rm_staff (telegram_id, full_name, role, categories, status, reachable, updated_at) VALUES
         ('11', 'Учителева Анна Сергеевна', 'teacher', '{}', 'active', true, now()),
         ('12', 'Техников Пётр Ильич', 'technician', '{}', 'active', true, now())`,
    );
    // Three tickets in November (one resolved after 90 minutes), one in October (outside the period).
    await sql.query(
      `INSERT INTO rm_tickets (number, title, description, category, location, priority, status, author_id, assignee_id,
                               opened_at, due_at, resolved_at, resolved_by, updated_at, reopen_count, comment_count) VALUES
         (1, 'Не включается проектор', 'каб. 204, с утра', 'it', 'каб. 204', 'high', 'resolved', '11', '12',
          '2026-11-02T06:00:00Z', '2026-11-03T06:00:00Z', '2026-11-02T07:30:00Z', '12', now(), 0, 2),
         (2, '=1+2 «кавычки»; точка с запятой', 'строка 1\nстрока 2', 'other', '', 'normal', 'open', '11', NULL,
          '2026-11-10T21:30:00Z', '2026-11-13T21:30:00Z', NULL, NULL, now(), 0, 0),
         (3, 'Течёт кран', '', 'maintenance', 'каб. 12', 'low', 'in_progress', '11', '12',
          '2026-11-30T20:59:00Z', '2026-12-07T20:59:00Z', NULL, NULL, now(), 1, 0),
         (4, 'Октябрьская', '', 'other', '', 'normal', 'closed', '11', '12',
          '2026-10-31T20:59:00Z', '2026-11-07T20:59:00Z', '2026-11-01T08:00:00Z', '12', now(), 0, 0)`,
    );
    await sql.close();
    dir = mkdtempSync(join(tmpdir(), 'schoolbot-export-'));
    env = { DATABASE_URL: database.url, EVENT_STORE: 'postgres' };
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('writes the tickets of a period as XLSX', async () => {
    const out = join(dir, 'tickets.xlsx');
    const result = await schoolbot(['export', '--kind', 'tickets', '--from', '2026-11-01', '--to', '2026-11-30', '--out', out], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^export: 3 tickets row\(s\), 2026-11-01 to 2026-11-30 \(Europe\/Moscow\) → .*tickets\.xlsx \(xlsx, /);
    expect(existsSync(`${out}.part`)).toBe(false);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Заявки')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Номер');
    // Days are Moscow's: ticket 3 (30 Nov 23:59 there) is in, ticket 4 (31 Oct 23:59 there) is not.
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value)).toEqual([1, 2, 3]);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(2).value).toBe('Не включается проектор');
    // A title that looks like a formula is a string in XLSX, never a formula.
    expect(sheet.getRow(3).getCell(2).value).toBe('=1+2 «кавычки»; точка с запятой');
    expect(sheet.getRow(2).getCell(16).value).toBe(1.5);
    expect((sheet.getRow(4).getCell(10).value as Date).toISOString()).toBe('2026-11-30T23:59:00.000Z');
  });

  it('writes CSV that Russian Excel opens: BOM, semicolons, decimal comma, school-time dates', async () => {
    const out = join(dir, 'tickets.csv');
    const result = await schoolbot(['export', '--kind', 'tickets', '--from', '2026-11-01', '--to', '2026-11-30', '--out', out], env);
    expect(result.code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('\r\n');
    const rows = parse(bytes, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row['Номер'])).toEqual(['1', '2', '3']);
    expect(rows[0]).toMatchObject({
      Заявка: 'Не включается проектор',
      Категория: 'ИТ и компьютеры',
      Приоритет: 'высокий',
      Статус: 'решена, ждёт подтверждения',
      Автор: 'Учителева Анна Сергеевна',
      Исполнитель: 'Техников Пётр Ильич',
      Открыта: '02.11.2026 09:00',
      Решена: '02.11.2026 10:30',
      'Время решения, ч': '1,5',
      Комментариев: '2',
    });
    // Quoted by csv-stringify (the ; and the line break survive), and kept as text for Excel.
    expect(rows[1]).toMatchObject({ Заявка: "'=1+2 «кавычки»; точка с запятой", Описание: 'строка 1\nстрока 2', Открыта: '11.11.2026 00:30' });
  });

  it('writes KPI as CSV with the school first', async () => {
    const out = join(dir, 'kpi.csv');
    const result = await schoolbot(['export', '--kind', 'kpi', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv', '--out', out], env);
    expect(result.code).toBe(0);
    const rows = parse(readFileSync(out), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ Сотрудник: 'Вся школа', 'Заявок открыто': '3', 'Заявок решено': '1', 'Медианное время решения, ч': '1,5' });
    expect(rows.slice(1).map((row) => row['Сотрудник'])).toEqual(['Техников Пётр Ильич', 'Учителева Анна Сергеевна']);
  });

  it('refuses a bad day in one line with the fix and leaves no file', async () => {
    const out = join(dir, 'bad.xlsx');
    const result = await schoolbot(['export', '--kind', 'tasks', '--from', '2026-13-01', '--to', '2026-11-30', '--out', out], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'schoolbot: export: --from "2026-13-01" is not a day. Fix: write it as YYYY-MM-DD, e.g. --from 2026-09-01 (--verbose for the stack)',
    );
    expect(existsSync(out)).toBe(false);
  });
});
