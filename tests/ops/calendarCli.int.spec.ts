// `schoolbot calendar check|show` run in this process through the commander commands main.ts registers (with
// its failure report): a good file, the shipped example, a missing file and a bad file, each with its exit code
// and the lines an operator reads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerCalendarCommand } from '../../infra/cli/calendar.js';
import { OperatorError, reportFailure } from '../../infra/cli/failure.js';
import { loadConfiguredCalendar } from '../../infra/schoolCalendar.js';
import { dayOffReason, isSchoolDay } from '../../domain/calendar/index.js';
import { restoreEnv } from '../support/env.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'schoolbot-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = [
  'vacations:',
  '  - name: Осенние каникулы',
  '    from: 2026-10-26',
  '    to: 2026-11-03',
  '  - name: Зимние каникулы',
  '    from: 2026-12-30',
  '    to: 2027-01-10',
  'days_off:',
  '  - date: 2027-01-14',
  '    name: Санитарный день',
  'working_days:',
  '  - date: 2027-01-16',
  '    name: Отработка за 14 января',
].join('\n');

const BAD = [
  'vacations:',
  '  - name: Осенние каникулы',
  '    from: 2026-10-26',
  '    to: 2026-11-03',
  '  - name: Зимние каникулы',
  '    from: 2026-12-30',
  '    to: 2027-01-40',
  'days_off:',
  '  - date: 14.01.2027',
  '    name: Санитарный день',
  'holidays: []',
].join('\n');

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `schoolbot <args>` in this process with `env` on top of the environment; never rejects. */
async function schoolbot(args: string[], env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'silent', SCHOOL_TIMEZONE: 'Europe/Moscow', SCHOOL_HOURS: '08:00-18:00', SCHOOL_WEEK: '5', ...env });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void stderr.push(parts.join(' ')));
  process.exitCode = undefined;
  try {
    const program = new Command('schoolbot').exitOverride();
    registerCalendarCommand(program);
    await program.parseAsync(args, { from: 'user' });
  } catch (failure) {
    reportFailure(failure, false);
  } finally {
    log.mockRestore();
    error.mockRestore();
    restoreEnv(saved);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('schoolbot calendar check', () => {
  it('accepts a good file: exit 0 and one summary line', async () => {
    const result = await schoolbot(['calendar', 'check'], { SCHOOL_CALENDAR_FILE: file('good.yaml', GOOD) });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toHaveLength(1);
    expect(result.stdout).toContain('good.yaml: OK, 2 vacation(s), 1 day(s) off, 1 working day(s)');
    expect(result.stdout).toContain('Europe/Moscow, 5-day week, school hours 08:00–18:00');
    expect(result.stdout).toContain('official transfers: 2026 checked, 2027 NOT verified');
  });

  it('accepts the shipped calendar.example.yaml', async () => {
    const result = await schoolbot(['calendar', 'check'], { SCHOOL_CALENDAR_FILE: join(root, 'calendar.example.yaml') });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('OK, 4 vacation(s)');
  });

  it('treats a missing file as no vacations, and says so', async () => {
    const result = await schoolbot(['calendar', 'check'], { SCHOOL_CALENDAR_FILE: join(dir, 'absent.yaml') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('absent.yaml: no such file, so no vacations or days of the school\'s own');
  });

  it('refuses a bad file: exit 1, one line per problem with its line and place, and a closing count', async () => {
    const path = file('bad.yaml', BAD);
    const result = await schoolbot(['calendar', 'check'], { SCHOOL_CALENDAR_FILE: path });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      `${path}:7: vacations[1].to: 2027-01-40 is not a date (write YYYY-MM-DD, for example 2026-11-03)`,
      `${path}:9: days_off[0].date: 14.01.2027 is not a date (write YYYY-MM-DD, for example 2026-11-03)`,
      `${path}:11: holidays: unknown key (known: vacations, days_off, working_days)`,
      `calendar: 3 problem(s) in ${path} to fix (SCHOOL_CALENDAR_FILE; see calendar.example.yaml)`,
    ]);
  });

  it('refuses a file that is not YAML, naming the line and column', async () => {
    const path = file('broken.yaml', 'vacations: [a\n  b: c');
    const result = await schoolbot(['calendar', 'check'], { SCHOOL_CALENDAR_FILE: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: not valid YAML: `));
  });
});

describe('schoolbot calendar show', () => {
  it('prints January 2027 with the holidays, the vacation, the school day off and the make-up Saturday', async () => {
    const result = await schoolbot(['calendar', 'show', '--month', '2027-01'], { SCHOOL_CALENDAR_FILE: file('good.yaml', GOOD) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('January 2027 — Europe/Moscow, 5-day week, school hours 08:00–18:00');
    expect(lines[1]).toBe('  Mon  Tue  Wed  Thu  Fri  Sat  Sun');
    expect(lines[2]).toBe(`${' '.repeat(20)}  (1)  (2)  (3)`);
    expect(lines[3]).toBe('  (4)  (5)  (6)  (7)  (8)  (9) (10)');
    expect(lines[4]).toBe('  11   12   13  (14)  15   16  (17)');
    expect(result.stdout).toContain('  2027-01-07 Thu  public holiday: Рождество Христово');
    expect(result.stdout).toContain('  2027-01-08 Fri  public holiday: Новогодние каникулы');
    expect(result.stdout).toContain('  2027-01-10 Sun  vacation: Зимние каникулы (2026-12-30 – 2027-01-10)');
    expect(result.stdout).toContain("  2027-01-14 Thu  school's day off: Санитарный день");
    expect(result.stdout).toContain('  2027-01-16 Sat  working day: Отработка за 14 января');
    // 11–29 January: 15 weekdays, less the day off, plus the Saturday.
    expect(result.stdout).toContain('15 school days, 150 hours of school time.');
    expect(result.stdout).toContain('Note: the official transfers for 2027 are not verified');
  });

  it('refuses a month that is not one, in one line', async () => {
    const result = await schoolbot(['calendar', 'show', '--month', '2027-13'], { SCHOOL_CALENDAR_FILE: join(dir, 'absent.yaml') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('schoolbot: calendar show: --month 2027-13 is not a month (write YYYY-MM, for example 2027-01) (--verbose for the stack)');
  });

  it('does not print a month from a bad file', async () => {
    const result = await schoolbot(['calendar', 'show', '--month', '2027-01'], { SCHOOL_CALENDAR_FILE: file('bad.yaml', BAD) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('vacations[1].to: 2027-01-40 is not a date');
  });
});

describe('the calendar a start uses', () => {
  const settings = { SCHOOL_TIMEZONE: 'Europe/Moscow', SCHOOL_WEEK: 5 as const, SCHOOL_HOURS: { open: 480, close: 1080 } };

  it('is the file\'s: its vacation is a day off', async () => {
    const calendar = await loadConfiguredCalendar({ ...settings, SCHOOL_CALENDAR_FILE: file('start-good.yaml', GOOD) });
    expect(dayOffReason(calendar, '2026-10-27')).toEqual({ kind: 'vacation', name: 'Осенние каникулы', from: '2026-10-26', to: '2026-11-03' });
    expect(isSchoolDay(calendar, '2026-11-05')).toBe(true);
  });

  it('stops the start with one line per problem of a bad file, then how to fix it', async () => {
    const path = file('start-bad.yaml', BAD);
    const failure = await loadConfiguredCalendar({ ...settings, SCHOOL_CALENDAR_FILE: path }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(OperatorError);
    const lines = (failure as Error).message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).every((line) => line.startsWith(path))).toBe(true);
    expect(lines[3]).toMatch(/fix the school calendar .*calendar check/);
  });
});
