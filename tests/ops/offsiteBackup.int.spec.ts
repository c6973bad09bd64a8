// The off-site copy of backup.sh: the real script, the real pg_dump/pg_restore on the local PostgreSQL
// (SCHOOLBOT_DRIVER=local) and the real rclone, copying to a local remote (an `alias` remote to a temporary
// folder in a temporary rclone config). A stand-in for a remote that damages what it stores is rclone
// itself with a wrapper that truncates the uploaded file.
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOOL, firstMissing, requirePostgres, requireTool, requireTools, titled } from '../support/tools.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { repoRoot, run, scriptEnv } from './support.js';

const backupScript = join(repoRoot, 'scripts', 'backup.sh');
const STAMPED = /^schoolbot-events-\d{8}T\d{6}Z\.dump$/;

const missing = firstMissing(requirePostgres(), requireTools(TOOL.pgDump, TOOL.pgRestore, TOOL.psql), requireTool('rclone', 'rclone'));

/** The name a backup taken `days` ago would have. */
function backupName(kind: string, days: number): string {
  const stamp = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19).replace(/[-:]/g, '');
  return `schoolbot-${kind}-${stamp}Z.dump`;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The gauges of the off-site status file, by name. */
async function offsiteGauges(file: string): Promise<Record<string, number>> {
  const text = await readFile(file, 'utf8');
  return Object.fromEntries([...text.matchAll(/^(schoolbot_backup_offsite_\w+) (\d+)$/gm)].map((match) => [match[1]!, Number(match[2])]));
}

// Each run of backup.sh starts rclone several times: generous timeouts for a loaded machine.
describe.skipIf(missing !== undefined)(titled('backup.sh copies backups off-site with rclone', missing), { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let dir: string;
  let backups: string;
  let remote: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('sbops_offsite');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `CREATE TABLE events (position bigserial PRIMARY KEY, data jsonb NOT NULL);
       INSERT INTO events (data) SELECT jsonb_build_object('n', g) FROM generate_series(1, 2000) g`,
    );
    await client.end();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-offsite-'));
    backups = join(dir, 'backups');
    remote = join(dir, 'remote', 'school', 'nightly');
    // The Telegram notices, as curl is asked to send them (its arguments carry the text, never the token).
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'curl'), `#!/bin/sh\ncat >/dev/null\necho "$*" >> ${join(dir, 'notices.log')}\n`, { mode: 0o755 });
    const config = join(dir, 'rclone.conf');
    await writeFile(config, `[offsite]\ntype = alias\nremote = ${join(dir, 'remote')}\n`, { mode: 0o600 });
    env = scriptEnv({
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      SCHOOLBOT_DRIVER: 'local',
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      BACKUP_DIR: backups,
      BACKUP_VALIDATE: 'read',
      KEEP_DAYS: '30',
      BACKUP_OFFSITE_REMOTE: 'offsite:school/nightly',
      BACKUP_OFFSITE_KEEP_DAYS: '7',
      RCLONE_CONFIG: config,
      NOTIFY_TELEGRAM: 'true',
      TELEGRAM_BOT_TOKEN: '42:alerts-token',
      TELEGRAM_CHAT_ID: '-100123',
    });
    return () => rm(dir, { recursive: true, force: true });
  });

  const notices = async () => (await readFile(join(dir, 'notices.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const localDumps = async () => (await readdir(backups)).filter((name) => STAMPED.test(name)).sort();
  const remoteFiles = async () => (await readdir(remote).catch(() => [])).sort();
  const backup = async (extra: Record<string, string> = {}, args: string[] = []) => {
    const result = await run(backupScript, args, { env: { ...env, ...extra } });
    expect(result.code, result.stderr).toBe(0);
    return result.stderr;
  };
  /** rclone that truncates each dump it uploads, as a remote with a full quota or a broken proxy might. */
  const damagingRclone = async () => {
    const wrapper = join(dir, 'rclone-damaging');
    await writeFile(
      wrapper,
      `#!/usr/bin/env bash\nstatus=0\nrclone "$@" || status=$?\n` +
        `if [ "$1" = copyto ] && [[ "\${*: -1}" == *.dump ]]; then truncate -s -100 "${remote}/$(basename "\${*: -1}")"; fi\n` +
        'exit "$status"\n',
      { mode: 0o755 },
    );
    return wrapper;
  };
  /** A copy on the remote as backup.sh leaves it: the file and its sha256 line. */
  const putRemote = async (name: string, bytes = Buffer.from(name)) => {
    await mkdir(remote, { recursive: true });
    await writeFile(join(remote, name), bytes);
    await writeFile(join(remote, `${name}.sha256`), `${sha256(bytes)}  ${name}\n`);
  };
  // Backup names have a one-second resolution.
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it('copies the validated dump off-site, verifies its sha256 and records the off-site success', async () => {
    const before = Math.floor(Date.now() / 1000);
    const log = await backup();
    const [dump] = await localDumps();
    expect(log).toContain(`copied ${dump} to offsite:school/nightly, sha256 verified`);
    expect(log).toContain('off-site copy done');
    expect(await remoteFiles()).toEqual([dump, `${dump}.sha256`]);
    expect(await readFile(join(remote, dump!))).toEqual(await readFile(join(backups, dump!)));
    expect(await readFile(join(remote, `${dump}.sha256`), 'utf8')).toBe(await readFile(join(backups, `${dump}.sha256`), 'utf8'));
    const gauges = await offsiteGauges(join(backups, 'schoolbot_backup_offsite.prom'));
    expect(gauges.schoolbot_backup_offsite_last_success_timestamp_seconds).toBeGreaterThanOrEqual(before);
    expect(gauges.schoolbot_backup_offsite_last_success_timestamp_seconds).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(gauges.schoolbot_backup_offsite_last_attempt_timestamp_seconds).toBe(gauges.schoolbot_backup_offsite_last_success_timestamp_seconds);
    expect(((await stat(join(backups, 'schoolbot_backup_offsite.prom'))).mode & 0o777).toString(8)).toBe('644');
    expect(await notices()).toEqual([]);
  });

  it('a remote that damages the upload: detected, reported, the local backup intact, and the copy retried at the next backup', async () => {
    const log = await backup({ RCLONE: await damagingRclone() });
    const [first] = await localDumps();
    expect(log).toMatch(new RegExp(`off-site copy FAILED: ${first} on offsite:school/nightly does not match its sha256 after the copy \\([0-9a-f]{64}, expected [0-9a-f]{64}\\)`));
    expect(log).toContain('off-site copy FAILED: the local backups are intact');
    expect(log).toContain('backup done');
    const [notice, ...more] = await notices();
    expect(more).toEqual([]);
    expect(notice).toMatch(/off-site backup copy FAILED .*the local backup is fine/);
    // The local backup still verifies; the metric says an attempt was made and nothing succeeded.
    expect((await run('sha256sum', ['--check', `${first}.sha256`], { cwd: backups })).code).toBe(0);
    const failed = await offsiteGauges(join(backups, 'schoolbot_backup_offsite.prom'));
    expect(failed.schoolbot_backup_offsite_last_attempt_timestamp_seconds).toBeGreaterThan(0);
    expect(failed.schoolbot_backup_offsite_last_success_timestamp_seconds).toBeUndefined();

    await nextSecond();
    const retried = await backup();
    const dumps = await localDumps();
    expect(dumps).toHaveLength(2);
    expect(retried).toContain(`off-site copy of ${first} does not match its sha256: copying it again`);
    for (const dump of dumps) {
      expect(retried).toContain(`copied ${dump} to offsite:school/nightly, sha256 verified`);
      expect(await readFile(join(remote, dump))).toEqual(await readFile(join(backups, dump)));
    }
    const fixed = await offsiteGauges(join(backups, 'schoolbot_backup_offsite.prom'));
    expect(fixed.schoolbot_backup_offsite_last_success_timestamp_seconds).toBe(fixed.schoolbot_backup_offsite_last_attempt_timestamp_seconds);
  });

  it('a byte flipped in an off-site copy later is found by the next run, which fails if it cannot replace it', async () => {
    await backup();
    const [dump] = await localDumps();
    const success = (await offsiteGauges(join(backups, 'schoolbot_backup_offsite.prom'))).schoolbot_backup_offsite_last_success_timestamp_seconds;
    const bytes = await readFile(join(remote, dump!));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await writeFile(join(remote, dump!), bytes);

    // The remote now refuses uploads: the damage is reported, the run fails, the last success stays as it was.
    const refusing = join(dir, 'rclone-refusing');
    await writeFile(refusing, '#!/usr/bin/env bash\n[ "$1" != copyto ] || { echo "403 Forbidden" >&2; exit 1; }\nexec rclone "$@"\n', { mode: 0o755 });
    const refused = await run(backupScript, ['--offsite-only'], { env: { ...env, RCLONE: refusing } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`off-site copy of ${dump} does not match its sha256: copying it again`);
    expect(refused.stderr).toContain(`off-site copy FAILED: rclone could not copy ${dump} to offsite:school/nightly`);
    expect((await offsiteGauges(join(backups, 'schoolbot_backup_offsite.prom'))).schoolbot_backup_offsite_last_success_timestamp_seconds).toBe(success);
    expect(await notices()).toHaveLength(1);

    const repaired = await backup({}, ['--offsite-only']);
    expect(repaired).toContain(`copied ${dump} to offsite:school/nightly, sha256 verified`);
    expect(await readFile(join(remote, dump!))).toEqual(await readFile(join(backups, dump!)));
  });

  it('restores from the off-site copy as docs/operations.md shows: rclone copy back, then restore.sh verifies it', async () => {
    await backup();
    const [dump] = await localDumps();
    await rm(backups, { recursive: true });
    const fetched = await run('rclone', ['copy', 'offsite:school/nightly', backups, '--include', `${dump}*`], { env });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect((await readdir(backups)).sort()).toEqual([dump, `${dump}.sha256`]);
    const restore = await run(join(repoRoot, 'scripts', 'restore.sh'), [join(backups, dump!)], {
      env: { ...env, STOP_CMD: 'false', SCHOOLBOT_CMD: 'false', HEALTH_URL: '' },
      input: 'no\n',
    });
    expect(restore.stderr).toContain(`verified ${dump}`);
    expect(restore.code).toBe(3); // the operator said no: nothing was touched
  });

  it('retention deletes off-site copies older than BACKUP_OFFSITE_KEEP_DAYS, keeps recent ones and the only copy of a kind', async () => {
    const names = {
      oldest: backupName('events', 20),
      old: backupName('events', 10),
      recent: backupName('events', 3),
      onlyReadDb: backupName('readdb', 30),
    };
    for (const name of Object.values(names)) await putRemote(name);
    await writeFile(join(remote, 'notes.txt'), 'not ours');
    const log = await backup();
    const [dump] = await localDumps();
    expect(log).toContain(`deleted ${names.oldest} from offsite:school/nightly (older than 7 days)`);
    expect(log).toContain(`deleted ${names.old} from offsite:school/nightly (older than 7 days)`);
    const left = await remoteFiles();
    expect(left).toEqual(
      [dump!, names.recent, names.onlyReadDb].flatMap((name) => [name, `${name}.sha256`]).concat('notes.txt').sort(),
    );
  });

  it('retention never deletes the newest copy that passed the check, even when it is old and tonight\'s copy failed', async () => {
    const names = { oldest: backupName('events', 20), newestGood: backupName('events', 10), damaged: backupName('events', 9) };
    await putRemote(names.oldest);
    await putRemote(names.newestGood);
    await putRemote(names.damaged);
    await writeFile(join(remote, names.damaged), 'damaged since');
    const log = await backup({ RCLONE: await damagingRclone() });
    expect(log).toContain('off-site copy FAILED');
    expect(log).toContain(`WARNING: off-site copy ${names.damaged} fails its sha256 check`);
    expect(log).toContain(`deleted ${names.oldest} from offsite:school/nightly`);
    expect(log).toContain(`deleted ${names.damaged} from offsite:school/nightly`);
    const left = await remoteFiles();
    expect(left).toContain(names.newestGood);
    expect(left).toContain(`${names.newestGood}.sha256`);
    expect(left).not.toContain(names.oldest);
  });

  it('does nothing off-site when BACKUP_OFFSITE_REMOTE is unset', async () => {
    const calls = join(dir, 'rclone-calls.log');
    const logging = join(dir, 'rclone-logging');
    await writeFile(logging, `#!/bin/sh\necho "$*" >> ${calls}\nexec rclone "$@"\n`, { mode: 0o755 });
    const log = await backup({ BACKUP_OFFSITE_REMOTE: '', RCLONE: logging });
    expect(log).toContain('backup done');
    expect(log).not.toMatch(/off-site/);
    await expect(stat(calls)).rejects.toThrow();
    expect(await readdir(backups)).not.toContain('schoolbot_backup_offsite.prom');
    expect(await remoteFiles()).toEqual([]);
    const refused = await run(backupScript, ['--offsite-only'], { env: { ...env, BACKUP_OFFSITE_REMOTE: '' } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('BACKUP_OFFSITE_REMOTE is not set');
  });

  it('keeps credentials off the command line: refuses a readable rclone config and a connection string with parameters', async () => {
    await chmod(env.RCLONE_CONFIG!, 0o644);
    const readable = await backup();
    expect(readable).toMatch(/the rclone config \S+ holds credentials and is readable by others \(mode 644\): chmod 600/);
    expect(readable).toContain('off-site copy FAILED');
    expect(await localDumps()).toHaveLength(1);
    expect(await remoteFiles()).toEqual([]);

    await chmod(env.RCLONE_CONFIG!, 0o600);
    const connection = await run(backupScript, ['--offsite-only'], {
      env: { ...env, BACKUP_OFFSITE_REMOTE: ':sftp,host=backup.example,pass=SECRET:school' },
    });
    expect(connection.code).toBe(1);
    expect(connection.stderr).toContain('an rclone connection string with parameters: they would be visible in ps');
  });
});
