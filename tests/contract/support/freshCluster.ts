// A throwaway PostgreSQL cluster (initdb + pg_ctl in a temp directory) — the only faithful way to test a
// restore into "a fresh cluster", whose transaction counter starts low again. Needs root (to run the server
// as the postgres user) and the server binaries; otherwise `freshClusterUnavailable()` says why.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FreshCluster {
  url(database: string): string;
  stop(): Promise<void>;
}

function binDir(): string | undefined {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

export function freshClusterUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to start a throwaway PostgreSQL cluster as the postgres user';
  const bin = binDir();
  if (!bin || !existsSync(join(bin, 'initdb'))) return 'initdb/pg_ctl not found (pg_config --bindir)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startFreshCluster(): Promise<FreshCluster> {
  const bin = binDir()!;
  const dir = mkdtempSync(join(tmpdir(), 'schoolbot-cluster-'));
  const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
  chownSync(dir, uid, gid);
  const asPostgres = (command: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe', timeout: 120_000 });
  const data = join(dir, 'data');
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  asPostgres('pg_ctl', [
    '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
  ]);
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
