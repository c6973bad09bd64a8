// Helpers for the operations tests: run real tools and scripts, find free ports, wait for conditions.
import { spawn } from 'node:child_process';
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/** Runs a command to completion; never rejects on a non-zero exit (the tests assert on `code`). */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A command that exits without reading its input closes the pipe: that is not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a truthy value or the deadline passes (generous: the machine is shared). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
}

/** The environment the scripts see in tests: no Telegram notices, no .env from the checkout. */
export function scriptEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  return { ...env, ENV_FILE: '/nonexistent/.env', NOTIFY_TELEGRAM: 'false', ...extra };
}

/**
 * Our nginx.conf for a loopback test: written into `dir` with the upstream servers and the listen port replaced
 * and every path inside `dir`; returns nginx's arguments (to run it in the foreground, or with -t / -s reload).
 */
export async function loopbackNginxConfig(dir: string, listenPort: number, upstreamPorts: number[]): Promise<string[]> {
  const conf = (await readFile(join(repoRoot, 'nginx', 'nginx.conf'), 'utf8'))
    .replace(/server bot:8080([^;]*);/, (_line, options: string) =>
      upstreamPorts.map((port) => `server 127.0.0.1:${port}${options};`).join('\n    '),
    )
    .replace('listen 80 default_server;', `listen 127.0.0.1:${listenPort} default_server;`)
    .replace(
      'http {',
      [
        'http {',
        `access_log ${dir}/access.log;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/${kind};`),
      ].join('\n  '),
    );
  await writeFile(join(dir, 'nginx.conf'), conf);
  await copyFile(join(repoRoot, 'nginx', 'webhook.conf'), join(dir, 'webhook.conf'));
  await chmod(dir, 0o755); // nginx's workers may run as nobody
  return [
    '-p',
    dir,
    '-c',
    join(dir, 'nginx.conf'),
    '-e',
    join(dir, 'error.log'),
    '-g',
    `daemon off; pid ${dir}/nginx.pid;`,
  ];
}
