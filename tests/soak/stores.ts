// The soak's own PostgreSQL cluster and Redis server, on free loopback ports, so that the fault schedule may
// restart them (the machine's shared ones are never touched). PostgreSQL is initdb'ed into a temporary
// directory as the `postgres` user (initdb refuses root) and stopped with `-m immediate` (a crash: no
// checkpoint, WAL replay on start). Redis runs as in docker-compose.yml: append-only file, fsync every second;
// a restart is an orderly stop (what `docker compose restart redis` does) and a start on the same files.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ops/support.js';

/** The newest installed server's binaries (Debian's layout), or SOAK_PG_BIN. */
function pgBin(): string {
  if (process.env.SOAK_PG_BIN) return process.env.SOAK_PG_BIN;
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => existsSync(join(dir, 'initdb')));
  if (!found) throw new Error('no PostgreSQL server binaries (initdb) under /usr/lib/postgresql; set SOAK_PG_BIN');
  return found;
}

/** Runs a command to its end; throws with its output when it fails. */
function run(command: string, args: string[], what: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${what} failed (${String(result.status ?? result.signal)}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** initdb and the server refuse to run as root: as root they run as `postgres`, otherwise as ourselves. */
const runServerTool = (args: string[], what: string) =>
  process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', ...args], what) : run(args[0]!, args.slice(1), what);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PrivatePostgres {
  /** postgres://… of the soak's database. */
  url: string;
  port: number;
  /** Stops the server at once (no checkpoint), keeps it down for `downMs`, starts it again. */
  restart(downMs: number): Promise<void>;
  stop(): void;
}

export async function startPrivatePostgres(database: string): Promise<PrivatePostgres> {
  const root = mkdtempSync(join(tmpdir(), 'schoolbot-soak-pg-'));
  chmodSync(root, 0o777);
  const dataDir = join(root, 'data');
  const port = await freePort();
  const bin = pgBin();
  runServerTool([`${bin}/initdb`, '-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8'], 'initdb');
  // fsync off: the machine never crashes under the soak, only the server does, and the OS keeps what it wrote.
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () => runServerTool([`${bin}/pg_ctl`, '-D', dataDir, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '120', 'start'], 'pg_ctl start');
  const stopNow = () => runServerTool([`${bin}/pg_ctl`, '-D', dataDir, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
  start();
  run(`${bin}/psql`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-q', '-c', `CREATE DATABASE ${database}`], 'createdb');
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    async restart(downMs) {
      stopNow();
      await sleep(downMs);
      start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        stopNow();
      } catch {
        // already down
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface PrivateRedis {
  url: string;
  /** An orderly stop (the append-only file is flushed), `downMs` down, a start on the same files and port. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'schoolbot-soak-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = server;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start within 30 s')), 30_000);
      server.once('error', reject);
      server.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(signal);
    const escalate = setTimeout(() => server.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(escalate);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs) {
      await stopWith('SIGTERM');
      await sleep(downMs);
      await start();
    },
    async stop() {
      await stopWith('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
