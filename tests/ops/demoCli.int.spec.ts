// `schoolbot demo` through the real entry point, on the embedded default (PGlite under DATA_DIR) and on
// PostgreSQL: an empty school is filled (a table of its people with their Russian roles, one summary line), the
// read models rebuilt from it match the log, and a second run is refused in one line with exit code 1, as is a
// run without an admin.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schoolbotArgs } from '../support/compiledCli.js';
import { copyMigratedPglite, createMigratedTestDatabase } from '../support/migrated.js';
import type { TestDatabase } from '../support/postgres.js';
import { requirePostgres, titled } from '../support/tools.js';
import { repoRoot, run } from './support.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

/** `schoolbot …` as its own process (compiled once per run), on Moscow time, with no Telegram token. */
function schoolbot(args: string[], env: Record<string, string>) {
  const { TELEGRAM_TOKEN: _token, ...base } = process.env;
  return run(process.execPath, schoolbotArgs(...args), {
    env: { ...base, LOG_LEVEL: 'silent', SCHOOL_TIMEZONE: 'Europe/Moscow', SCHOOL_CALENDAR_FILE: join(repoRoot, 'no-such-calendar.yaml'), ...env },
    timeoutMs: 200_000,
  });
}

async function fillsOnceAndRefusesAfter(env: Record<string, string>) {
  const filled = await schoolbot(['demo'], { ...env, ADMIN_TELEGRAM_IDS: '111' });
  expect(filled.code, filled.stderr).toBe(0);
  expect(filled.stdout).toMatch(/^TELEGRAM ID\s+NAME\s+ROLE$/m);
  expect(filled.stdout).toMatch(/^111\s+Орлов Дмитрий Андреевич\s+Администратор$/m);
  expect(filled.stdout).toMatch(/^7100000001\s+Морозова Елена Викторовна\s+Директор$/m);
  expect(filled.stdout).toMatch(/^7100000013\s+Белова Светлана Юрьевна\s+Аудитор$/m);
  expect(filled.stdout).toMatch(/^demo: the demo school is filled: 14 people, 10 rooms, 12 tickets, 15 tasks/m);

  const rebuilt = await schoolbot(['projections', 'rebuild'], env);
  expect(rebuilt.code, rebuilt.stderr).toBe(0);
  const audit = await schoolbot(['audit', 'verify'], env);
  expect(audit.code, audit.stdout).toBe(0);
  const found = await schoolbot(['find', 'проектор'], env);
  expect(found.stdout).toMatch(/^№1\s+ticket\s+closed\s.*Не включается проектор$/m);

  const again = await schoolbot(['demo'], { ...env, ADMIN_TELEGRAM_IDS: '111' });
  expect(again.code).toBe(1);
  expect(again.stdout).toBe('');
  expect(again.stderr.trim().split('\n')).toEqual([
    'demo: refused, the school already has data (staff, rooms, tickets or tasks); the demo school fills only an empty one',
  ]);
}

describe('schoolbot demo on the embedded default', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbdemo-'));
    // The run's migrated PGlite copied in (else the command migrates a new one itself, only slower).
    await copyMigratedPglite(join(dir, 'pglite'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills an empty school once, and refuses a school with data in one line', async () => {
    await fillsOnceAndRefusesAfter({ DATA_DIR: dir, DATABASE_URL: '', EVENT_STORE: '' });
  });

  it('refuses without an admin in one line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sbdemo-noadmin-'));
    try {
      const refused = await schoolbot(['demo'], { DATA_DIR: empty, DATABASE_URL: '', EVENT_STORE: '', ADMIN_TELEGRAM_IDS: '' });
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe('demo: refused, no admin to fill the school as. Fix: set ADMIN_TELEGRAM_IDS');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('schoolbot demo on PostgreSQL', noPostgres), () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createMigratedTestDatabase('sbops_demo');
  });
  afterAll(async () => database?.drop());

  it('fills an empty school once, and refuses a school with data in one line', async () => {
    await fillsOnceAndRefusesAfter({ DATABASE_URL: database.url, EVENT_STORE: 'postgres' });
  });
});
