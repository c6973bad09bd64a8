// One process at a time on an embedded data directory: two PGlite instances writing the same files corrupt
// them. The lock is a file beside the directory (`<dir>.lock`) created exclusively, holding the holder's pid,
// host and command. A lock left by a process that is gone is taken over: on the same host when its pid no
// longer runs; from another host (a shared volume, a recreated container) when its holder has stopped
// touching it for STALE_AFTER_MS.
import { readFileSync, unlinkSync, utimesSync, writeFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';

export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_MS = 60_000;

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

/** The data directory is open in another process; the message names it and says what to do. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(
      holder
        ? `the embedded database ${lockFile.replace(/\.lock$/, '')} is in use by pid ${holder.pid} on ${holder.host} (since ${holder.since}: ${holder.command}). Fix: stop that process, or set DATA_DIR to another directory; if it is surely gone, delete ${lockFile}`
        : `the embedded database ${lockFile.replace(/\.lock$/, '')} is locked by ${lockFile}, which cannot be read. Fix: stop the other schoolbot process; if none runs, delete ${lockFile}`,
    );
  }
}

export interface DataDirLock {
  release(): void;
}

/** Lock files this process holds (a restarted container may get the same pid and host as its predecessor). */
const heldHere = new Set<string>();

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '?'), command: String(parsed.command ?? '?') };
  } catch {
    return undefined;
  }
}

function isStale(lockFile: string, holder: LockHolder | undefined, now: number): boolean {
  let age: number;
  try {
    age = now - statSync(lockFile).mtimeMs;
  } catch {
    return true; // gone meanwhile
  }
  if (holder && holder.host === hostname()) {
    if (holder.pid === process.pid) return !heldHere.has(lockFile); // our predecessor under the same pid
    return !running(holder.pid);
  }
  // Another host, or a file that cannot be read (perhaps being written): only its age tells.
  return age > STALE_AFTER_MS;
}

/** Takes the lock for `dataDir` or throws DataDirLockedError naming the holder. */
export function lockDataDir(dataDir: string, command = process.argv.slice(1).join(' ')): DataDirLock {
  const lockFile = `${dataDir.replace(/\/+$/, '')}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: command.slice(0, 200) };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(lockFile, `${JSON.stringify(me)}\n`, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockFile);
      if (!isStale(lockFile, holder, Date.now())) throw new DataDirLockedError(lockFile, holder);
      try {
        unlinkSync(lockFile);
      } catch {
        // another process took it over first; try again
      }
      continue;
    }
    heldHere.add(lockFile);
    // Touch it now and then, so a process on another host can tell a live holder from a dead one.
    const heartbeat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(lockFile, now, now);
      } catch {
        // the file was removed by hand: nothing to keep fresh
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const onExit = () => release();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      process.off('exit', onExit);
      heldHere.delete(lockFile);
      if (readHolder(lockFile)?.pid === me.pid) {
        try {
          unlinkSync(lockFile);
        } catch {
          // already gone
        }
      }
    };
    process.on('exit', onExit);
    return { release };
  }
  throw new DataDirLockedError(lockFile, readHolder(lockFile));
}
