// backup.sh and restore.sh, the real scripts with the real pg_dump/pg_restore/psql on the local PostgreSQL
// (SCHOOLBOT_DRIVER=local): validation that catches truncation, retention by KEEP_DAYS, the freshness file
// for BackupTooOld, and a damaged backup refused before anything is touched. The restore drill with the
// application's own events and projections is in restoreDrill.e2e.spec.ts.
import { createServer, type Server } from 'node:http';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOOL, firstMissing, requirePostgres, requireTools, titled } from '../support/tools.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { repoRoot, run, scriptEnv } from './support.js';

const backupScript = join(repoRoot, 'scripts', 'backup.sh');
const restoreScript = join(repoRoot, 'scripts', 'restore.sh');

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

const stampDaysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

const missing = firstMissing(requirePostgres(), requireTools(TOOL.pgDump, TOOL.pgRestore, TOOL.psql));

describe.skipIf(missing !== undefined)(titled('backup.sh and restore.sh on the local PostgreSQL', missing), () => {
  let database: TestDatabase;
  let dir: string;
  let backups: string;
  let notices: string[];
  let telegram: Server;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('sbops_backup');
    await query(
      database.url,
      `CREATE TABLE events (position bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL);
       INSERT INTO events (stream, data)
       SELECT 'ticket-' || (g % 500), jsonb_build_object('n', g, 'text', md5(g::text)) FROM generate_series(1, 20000) g`,
    );
    notices = [];
    telegram = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        notices.push(`${request.url ?? ''} ${decodeURIComponent(body.replace(/\+/g, ' '))}`);
        response.end('{"ok":true,"result":{}}');
      });
    });
    await new Promise<void>((resolve) => telegram.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => telegram?.close(resolve));
    await database?.drop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-backup-'));
    backups = join(dir, 'backups');
    notices.length = 0;
    const address = telegram.address();
    env = scriptEnv({
      SCHOOLBOT_DRIVER: 'local',
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      BACKUP_DIR: backups,
      KEEP_DAYS: '7',
      NOTIFY_TELEGRAM: 'true',
      TELEGRAM_BOT_TOKEN: '42:alerts-token',
      TELEGRAM_CHAT_ID: '-100123',
      TELEGRAM_API_ROOT: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    });
    return () => rm(dir, { recursive: true, force: true });
  });

  const dumps = async () => (await readdir(backups)).filter((name) => name.endsWith('.dump')).sort();

  it('writes a validated, checksummed dump and the freshness metric', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await run(backupScript, [], { env });
    expect(result.stderr).toContain('backup done');
    expect(result.code).toBe(0);
    const [dump] = await dumps();
    expect(dump).toMatch(/^schoolbot-events-\d{8}T\d{6}Z\.dump$/);
    const checksum = await readFile(join(backups, `${dump}.sha256`), 'utf8');
    expect(checksum).toMatch(new RegExp(`^[0-9a-f]{64}  ${dump}\\n$`));
    expect(((await stat(join(backups, dump!))).mode & 0o777).toString(8)).toBe('600');
    const metric = await readFile(join(backups, 'schoolbot_backup.prom'), 'utf8');
    const value = Number(/^schoolbot_backup_last_success_timestamp_seconds (\d+)$/m.exec(metric)?.[1]);
    expect(value).toBeGreaterThanOrEqual(before);
    expect(value).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(notices).toEqual([]);
    // No scratch database is left behind by the validation.
    const leftovers = await query(
      database.url,
      `SELECT datname FROM pg_database WHERE datname LIKE 'schoolbot_backup_check_%'`,
    );
    expect(leftovers).toEqual([]);
  });

  it.each(['scratch', 'read'])(
    'catches a truncated dump (BACKUP_VALIDATE=%s), keeps no bad file, notifies',
    async (mode) => {
      // pg_dump that dies half-way through writing, as on a full disk: the archive's table of contents is intact.
      const brokenDump = join(dir, 'pg_dump_truncating');
      await writeFile(
        brokenDump,
        `#!/usr/bin/env bash\nset -e\npg_dump "$@"\nfile="\${@: -1}"\ntruncate -s $(( $(stat -c %s "$file") * 3 / 4 )) "$file"\n`,
      );
      await chmod(brokenDump, 0o755);
      await run(backupScript, [], { env }); // one good backup first: its freshness must survive the failure
      const freshness = await readFile(join(backups, 'schoolbot_backup.prom'), 'utf8');
      const good = await dumps();
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // backup names have a one-second resolution

      const result = await run(backupScript, [], { env: { ...env, PG_DUMP: brokenDump, BACKUP_VALIDATE: mode } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/failed validation/);
      expect(await dumps()).toEqual(good);
      expect(await readFile(join(backups, 'schoolbot_backup.prom'), 'utf8')).toBe(freshness);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^\/bot42:alerts-token\/sendMessage chat_id=-100123&text=.*backup FAILED/);
    },
  );

  it('shows why validation is needed: pg_restore --list accepts the truncated dump', async () => {
    await run(backupScript, [], { env: { ...env, NOTIFY_TELEGRAM: 'false' } });
    const [dump] = await dumps();
    const path = join(backups, dump!);
    await truncate(path, Math.floor((await stat(path)).size * 0.75));
    expect((await run('pg_restore', ['--list', path])).code).toBe(0);
    expect((await run('pg_restore', ['-f', '/dev/null', path])).code).not.toBe(0);
  });

  it('deletes only backups older than KEEP_DAYS, with their checksums, and nothing else', async () => {
    await run('mkdir', ['-p', backups]);
    const names = {
      old: `schoolbot-events-${stampDaysAgo(8)}.dump`,
      oldArchive: `schoolbot-eventstore-${stampDaysAgo(30)}.tar.gz`,
      recent: `schoolbot-events-${stampDaysAgo(6)}.dump`,
      foreign: 'notes-from-2019.txt',
    };
    for (const name of Object.values(names)) {
      await writeFile(join(backups, name), 'x');
      await writeFile(join(backups, `${name}.sha256`), 'x');
    }
    const result = await run(backupScript, [], { env });
    expect(result.code).toBe(0);
    const left = await readdir(backups);
    expect(left).not.toContain(names.old);
    expect(left).not.toContain(`${names.old}.sha256`);
    expect(left).not.toContain(names.oldArchive);
    expect(left).toEqual(expect.arrayContaining([names.recent, `${names.recent}.sha256`, names.foreign]));
    expect((await dumps()).filter((name) => name !== names.recent)).toHaveLength(1);
  });

  describe('restore.sh refuses a damaged backup before touching anything', () => {
    let dump: string;
    let marker: string;
    let restoreEnv: NodeJS.ProcessEnv;
    beforeEach(async () => {
      await run(backupScript, [], { env: { ...env, NOTIFY_TELEGRAM: 'false' } });
      dump = join(backups, (await dumps())[0]!);
      marker = join(dir, 'stopped');
      restoreEnv = { ...env, STOP_CMD: `touch ${marker}`, SCHOOLBOT_CMD: 'false', HEALTH_URL: '' };
    });

    const untouched = async () => {
      await expect(stat(marker)).rejects.toThrow();
      const [row] = await query<{ count: string }>(database.url, 'SELECT count(*) FROM events');
      expect(row?.count).toBe('20000');
      const databases = await query(
        database.url,
        `SELECT datname FROM pg_database WHERE datname LIKE '${database.name}_%'`,
      );
      expect(databases).toEqual([]);
    };

    it('a flipped bit: the sha256 does not match', async () => {
      const bytes = await readFile(dump);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
      await writeFile(dump, bytes);
      const result = await run(restoreScript, ['--yes', dump], { env: restoreEnv });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/does not match its sha256/);
      await untouched();
    });

    it('a truncated file whose checksum was recomputed: the full read fails', async () => {
      await truncate(dump, Math.floor((await stat(dump)).size * 0.75));
      await run('sh', ['-c', `cd ${backups} && sha256sum ${dump.split('/').pop()} > ${dump}.sha256`]);
      const result = await run(restoreScript, ['--yes', dump], { env: restoreEnv });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot be read completely/);
      await untouched();
    });

    it('no checksum file at all', async () => {
      await rm(`${dump}.sha256`);
      const result = await run(restoreScript, ['--yes', dump], { env: restoreEnv });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/refusing to restore an unverified file/);
      await untouched();
    });

    it('lets the operator pick a backup from the list, newest first', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // backup names have a one-second resolution
      await run(backupScript, [], { env: { ...env, NOTIFY_TELEGRAM: 'false' } });
      const [older, newer] = await dumps();
      const result = await run(restoreScript, [], { env: restoreEnv, input: '2\nno\n' });
      expect(result.stderr).toMatch(new RegExp(`1\\) \\S*${newer}\\n2\\) \\S*${older}`));
      expect(result.stderr).toContain(`verified ${older}`);
      expect(result.code).toBe(3);
      await untouched();
    });

    it('the operator says no', async () => {
      const result = await run(restoreScript, [dump], { env: restoreEnv, input: 'no\n' });
      expect(result.code).toBe(3);
      await untouched();
    });
  });

  it('restore.sh: pg_restore failing into the scratch database leaves the live one, drops the scratch one and starts the app again', async () => {
    await run(backupScript, [], { env: { ...env, NOTIFY_TELEGRAM: 'false' } });
    const dump = join(backups, (await dumps())[0]!);
    // The real pg_restore, failing as it does on a server problem: here a role that does not exist.
    const failing = join(dir, 'pg_restore_failing');
    await writeFile(failing, '#!/bin/sh\ncase " $* " in *" -d "*) exec pg_restore --role=no_such_role_for_restore "$@" ;; esac\nexec pg_restore "$@"\n', { mode: 0o755 });
    const stopped = join(dir, 'stopped');
    const started = join(dir, 'started');
    const result = await run(restoreScript, ['--yes', dump], {
      env: { ...env, PG_RESTORE: failing, STOP_CMD: `touch ${stopped}`, START_CMD: `touch ${started}`, SCHOOLBOT_CMD: 'false', HEALTH_URL: '' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no_such_role_for_restore/);
    expect(result.stderr).toMatch(/restore FAILED while restoring into a new database \S+_restoring/);
    expect(result.stderr).toMatch(/nothing live changed; the scratch database \S+_restoring is dropped; the bot and the worker run again on the old data/);
    await stat(stopped);
    await stat(started);
    const [row] = await query<{ count: string }>(database.url, 'SELECT count(*) FROM events');
    expect(row?.count).toBe('20000');
    expect(await query(database.url, `SELECT datname FROM pg_database WHERE datname LIKE '${database.name}_%'`)).toEqual([]);
    expect(notices.join('\n')).toMatch(/restore FAILED while restoring into a new database .*nothing live changed/);
  });

  it('never puts the database password or the bot token on a command line (ps shows them to every user)', async () => {
    const password = 'pw-Secret%40-7';
    const token = '42:alerts-token-SECRET';
    const url = new URL(database.url);
    url.password = password;
    // Each tool and curl as a wrapper that records its arguments and whether a password came in its environment.
    const bin = join(dir, 'bin');
    const calls = join(dir, 'calls.log');
    await mkdir(bin, { recursive: true });
    for (const tool of ['pg_dump', 'pg_restore', 'psql', 'curl']) {
      const real = (await run('sh', ['-c', `command -v ${tool}`])).stdout.trim();
      await writeFile(
        join(bin, tool),
        `#!/bin/sh\nprintf '%s pgpassword=%s args: %s\\n' "${tool}" "\${PGPASSWORD:+set}" "$*" >> ${calls}\nexec ${real} "$@"\n`,
        { mode: 0o755 },
      );
    }
    const result = await run(backupScript, [], {
      env: { ...env, DATABASE_URL: url.toString(), TELEGRAM_BOT_TOKEN: token, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    expect(result.code, result.stderr).toBe(0);
    // The operators' notice and the webhook registration, from the same library the scripts use.
    const notified = await run('bash', ['-c', `. ${join(repoRoot, 'scripts', 'lib', 'common.sh')} && notify_telegram 'проверка' && set_telegram_webhook`], {
      env: {
        ...env,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_TOKEN: token,
        TELEGRAM_WEBHOOK_URL: 'https://school.example/telegram/webhook',
        TELEGRAM_WEBHOOK_SECRET: 'webhook-SECRET-value',
        PATH: `${bin}:${process.env.PATH ?? ''}`,
      },
    });
    expect(notified.code, notified.stderr).toBe(0);
    const log = await readFile(calls, 'utf8');
    expect(log).toMatch(/^pg_dump pgpassword=set args: .*-Fc/m);
    expect(log).toMatch(/^pg_restore pgpassword=set /m);
    expect(log).toMatch(/^curl /m);
    expect(log).not.toContain('pw-Secret');
    expect(log).not.toContain('alerts-token-SECRET');
    expect(log).not.toContain('webhook-SECRET-value');
    expect(notices.some((notice) => notice.includes(`/bot${token}/setWebhook`) && notice.includes('secret_token=webhook-SECRET-value'))).toBe(true);
    // The notice still reached the (fake) Telegram, with the token in its path.
    expect(notices.some((notice) => notice.includes(`/bot${token}/sendMessage`))).toBe(true);
  });
});
