// The CLI as a person meets it: a failure is one line with the fix, a read-only command leaves the schema
// alone, and a second process on the same embedded data directory is refused with the holder's name.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteExecutor } from '../../adapters/sql/pgliteExecutor.js';
import { createTestDatabase } from '../support/postgres.js';
import { requirePostgres, titled } from '../support/tools.js';
import { schoolbotArgs } from '../support/compiledCli.js';
import { freePort } from './support.js';

const root = resolve(import.meta.dirname, '../..');
const exec = promisify(execFile);

async function schoolbot(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await exec(process.execPath, schoolbotArgs(...args), {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'INFO', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('CLI failures', () => {
  it('says in one line that the database is unreachable and how to fix it; --verbose adds the stack', async () => {
    const env = { DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/school`, EVENT_STORE: 'postgres' };
    const failed = await schoolbot(['projections', 'status'], env);
    expect(failed.code).toBe(1);
    expect(lines(failed.stderr)).toEqual([expect.stringMatching(/^schoolbot: cannot reach the database at 127\.0\.0\.1:\d+\/school \(ECONNREFUSED\)\. Fix: .*DATABASE_URL.* \(--verbose for the stack\)$/)]);
    expect(failed.stderr).not.toContain('hunter2');
    const verbose = await schoolbot(['projections', 'status', '--verbose'], env);
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  }, 120_000);
});

describe('the embedded data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'schoolbot-door-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second process with one line naming the holder, and lets it in once the holder is gone', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', EVENT_STORE: '' };
    const holder = await createPgliteExecutor({ dataDir: join(dataDir, 'pglite') });
    try {
      const refused = await schoolbot(['migrate'], env);
      expect(refused.code).toBe(1);
      expect(lines(refused.stderr)).toEqual([expect.stringContaining(`is in use by pid ${process.pid} on ${hostname()}`)]);
    } finally {
      await holder.close();
    }
    const admitted = await schoolbot(['migrate'], env);
    expect(admitted.stderr).toBe('');
    expect(admitted.code).toBe(0);
  }, 180_000);
});

const noPostgres = requirePostgres();

describe.skipIf(noPostgres !== undefined)(titled('read-only commands', noPostgres), () => {
  it('never migrate: on an empty database they name the pending migrations and leave the schema as it was', async () => {
    const database = await createTestDatabase('sbdoor');
    try {
      const env = { DATABASE_URL: database.url, EVENT_STORE: 'postgres' };
      for (const args of [['projections', 'status'], ['history', 'ticket', '1'], ['audit', 'verify']]) {
        const result = await schoolbot(args, env);
        expect(result.code, args.join(' ')).toBe(1);
        expect(lines(result.stderr), args.join(' ')).toEqual([expect.stringMatching(/schema is behind this build: \d+ migration\(s\) pending .* Fix: schoolbot migrate/)]);
      }
      const listed = await schoolbot(['migrations'], env);
      expect(listed.stdout).toMatch(/pending/);
      expect(listed.code).toBe(0);
      // deploy.sh's smoke test: --check fails while any is pending.
      const checked = await schoolbot(['migrations', '--check'], env);
      expect(checked.code).toBe(1);
      expect(checked.stderr).toMatch(/is pending.*run `schoolbot migrate`/);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const tables = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
        expect(tables.rows[0]).toEqual({ n: 0 });
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  }, 180_000);
});
