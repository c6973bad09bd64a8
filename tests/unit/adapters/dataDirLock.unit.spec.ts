// The embedded data directory's lock: one holder at a time, released on close, taken over from the dead.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../../adapters/sql/dataDirLock.js';

describe('data directory lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schoolbot-lock-'));
  const dataDir = join(dir, 'pglite');
  afterEach(() => rmSync(`${dataDir}.lock`, { force: true }));

  it('writes the holder beside the directory, refuses a second holder by name, and frees it on release', () => {
    const lock = lockDataDir(dataDir, 'schoolbot start');
    const holder = JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')) as { pid: number; host: string; command: string };
    expect(holder).toMatchObject({ pid: process.pid, host: hostname(), command: 'schoolbot start' });
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dataDir)).toThrow(new RegExp(`in use by pid ${process.pid} on ${hostname()}`));
    lock.release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    lockDataDir(dataDir).release();
  });

  it('takes over a lock whose process on this host is gone', () => {
    // A pid above the kernel's maximum never runs.
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), since: 'earlier', command: 'killed' }));
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('respects a fresh lock from another host (a shared volume), naming it', () => {
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 1, host: 'other-host', since: 'now', command: 'schoolbot start' }));
    expect(() => lockDataDir(dataDir)).toThrow(/in use by pid 1 on other-host/);
  });
});
