// `schoolbot rooms import|list|qr` on PostgreSQL: a bad file is refused with one line per problem and nothing
// imported (through the real entry point, infra/main.ts); a good one imports once (again: nothing changes; a
// changed row updates its room); the posters' PDF is rendered page by page with pdftoppm and every QR is
// decoded back to its link, in the posters' order. `projections rebuild` rebuilds the rooms read model like the
// others. Apart from the first, the commands run in this process (the same commander commands main.ts
// registers, with its failure report), since starting tsx again for each would cost this shared machine minutes.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportFailure } from '../../infra/cli/failure.js';
import { registerProjectionsCommand } from '../../infra/cli/projections.js';
import { registerRoomsCommand } from '../../infra/cli/rooms.js';
import { migrations } from '../../adapters/postgres/migrations/index.js';
import { runMigrations } from '../../adapters/postgres/migrations/runner.js';
import { PgExecutor } from '../../adapters/sql/pgExecutor.js';
import { FakeTelegram } from '../support/fakeTelegram.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { TOOL, firstMissing, requirePostgres, requireTools, titled } from '../support/tools.js';
import { schoolbotArgs } from '../support/compiledCli.js';
import { restoreEnv } from '../support/env.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const root = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);
const TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef';

const GOOD = [
  'number,name,floor,category',
  '204,Кабинет информатики,2,it',
  '12,,3,cleaning',
  'sportzal,Спортзал,1,Хозчасть и ремонт',
  '1a,,1,equipment',
  '305,Кабинет химии,3,safety',
].join('\n');
/** The posters' order: by floor, then by number as people read it. */
const ORDER = ['1a', 'sportzal', '204', '12', '305'];

const BAD = ['number;name;floor;category', '204;;второй;it', 'каб 5;;1;it', '7;;1;stuff', '8;Норма;1;it'].join('\n');

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

/** Runs `schoolbot <args>` in this process with `env` on top of the environment; never rejects. */
async function inProcess(args: string[], env: Record<string, string>) {
  const saved = { ...process.env };
  delete process.env.TELEGRAM_TOKEN;
  Object.assign(process.env, { LOG_LEVEL: 'silent', SCHOOL_TIMEZONE: 'Europe/Moscow', ...env });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void stdout.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void stderr.push(parts.join(' ')));
  // The rebuild's progress lines go straight to stderr.
  const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = undefined;
  try {
    const program = new Command('schoolbot');
    registerRoomsCommand(program);
    registerProjectionsCommand(program);
    await program.parseAsync(args, { from: 'user' });
  } catch (failure) {
    reportFailure(failure, false);
  } finally {
    log.mockRestore();
    error.mockRestore();
    progress.mockRestore();
    restoreEnv(saved);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** Renders every page of the PDF at 100 dpi and decodes the QR code on each, in page order. */
async function decodePages(pdf: string, dir: string): Promise<string[]> {
  const prefix = join(dir, 'page');
  await exec('pdftoppm', ['-r', '100', '-png', pdf, prefix]);
  const pages = readdirSync(dir)
    .filter((name) => /^page-\d+\.png$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  return pages.map((name) => {
    const png = PNG.sync.read(readFileSync(join(dir, name)));
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
    return code?.data ?? `(no QR code found on ${name})`;
  });
}

// jsqr is CommonJS with a TypeScript-style default export: Node hands an ESM default import the function itself.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

const missing = firstMissing(requirePostgres(), requireTools(TOOL.pdftoppm));

describe.skipIf(missing !== undefined)(titled('rooms: import, list and QR posters', missing), () => {
  let database: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  let telegram: FakeTelegram;

  beforeAll(async () => {
    database = await createTestDatabase('sbops_rooms');
    const sql = new PgExecutor({ connectionString: database.url, maxConnections: 2 });
    await runMigrations(sql, migrations);
    await sql.close();
    dir = mkdtempSync(join(tmpdir(), 'schoolbot-rooms-'));
    env = { DATABASE_URL: database.url, EVENT_STORE: 'postgres' };
    telegram = new FakeTelegram();
    await telegram.start();
  });
  afterAll(async () => {
    await telegram?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('refuses a bad file with one line per problem and imports nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, BAD);
    const result = await schoolbot(['rooms', 'import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `${file}: line 2: floor «второй» is not a whole number from -5 to 50 (or empty)`,
      `${file}: line 3: number «каб 5» may hold only latin letters, digits, - and _ (at most 24): it goes into a Telegram link`,
      `${file}: line 4: category «stuff» is not one of: it, equipment, maintenance, cleaning, safety, other`,
      'rooms import: nothing imported, 3 problem(s) to fix first',
    ]);
    const list = await inProcess(['rooms', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('imports a good file once: again changes nothing, a changed row updates its room', async () => {
    const file = join(dir, 'rooms.csv');
    writeFileSync(file, GOOD);
    expect((await inProcess(['rooms', 'import', file], env)).stdout).toContain('5 room(s) in');
    expect((await inProcess(['rooms', 'import', file], env)).stdout).toContain('0 new, 0 changed, 5 unchanged');
    writeFileSync(file, GOOD.replace('12,,3,cleaning', '12,Кабинет биологии,3,cleaning'));
    expect((await inProcess(['rooms', 'import', file], env)).stdout).toContain('0 new, 1 changed, 4 unchanged');
    const list = await inProcess(['rooms', 'list'], env);
    expect(list.stdout).toMatch(/12\s+Кабинет биологии\s+3\s+cleaning \(Уборка\)/);
    expect(list.stdout.trim().split('\n').slice(2).map((line) => line.split(/\s+/)[0])).toEqual(ORDER);
  });

  it('writes one A4 poster per room, and every QR decodes back to its room link, in order', async () => {
    const pdf = join(dir, 'rooms.pdf');
    const result = await inProcess(['rooms', 'qr', '--out', pdf, '--bot', '@school_helper_bot'], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`5 poster(s) in ${pdf}`);
    const decoded = await decodePages(pdf, mkdtempSync(join(dir, 'pages-')));
    expect(decoded).toEqual(ORDER.map((number) => `https://t.me/school_helper_bot?start=room_${number}`));
  });

  it('asks Telegram for the bot username when --bot is not given', async () => {
    const pdf = join(dir, 'one.pdf');
    const result = await inProcess(['rooms', 'qr', '--out', pdf, '--room', '204'], { ...env, TELEGRAM_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
    expect(result.stdout).toContain('1 poster(s)');
    const username = String(telegram.bot.username);
    expect(await decodePages(pdf, mkdtempSync(join(dir, 'one-')))).toEqual([`https://t.me/${username}?start=room_204`]);
    // Without a token and without --bot, the operator is told what to pass.
    const offline = await inProcess(['rooms', 'qr', '--out', pdf], env);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/pass --bot <username>/);
  });

  it('projections rebuild rebuilds the rooms read model from the log', async () => {
    const result = await inProcess(['projections', 'rebuild', 'rooms'], env);
    expect(result.code).toBe(0);
    const sql = new PgExecutor({ connectionString: database.url, maxConnections: 1 });
    try {
      const rows = await sql.query<{ number: string; name: string; category: string }>('SELECT number, name, category FROM rm_rooms ORDER BY number');
      expect(rows.rows).toEqual([
        { number: '12', name: 'Кабинет биологии', category: 'cleaning' },
        { number: '1a', name: '', category: 'equipment' },
        { number: '204', name: 'Кабинет информатики', category: 'it' },
        { number: '305', name: 'Кабинет химии', category: 'safety' },
        { number: 'sportzal', name: 'Спортзал', category: 'maintenance' },
      ]);
    } finally {
      await sql.close();
    }
  });
});
