// The bot and the worker as their own processes: `schoolbot start --role bot|worker`, the compiled entry point
// (compiled once per soak, as the test suite's global setup does), each with its output in a log file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../ops/support.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RoleProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: WriteStream;
  /** Each SIGKILL this process got: when it was sent, and when the exit was seen. */
  readonly kills: Array<{ at: number; exitedAt: number }> = [];
  /** Exits nobody asked for (a crash): logged, counted, and the process is started again. */
  readonly crashes: string[] = [];
  starts = 0;
  private expectingExit = false;

  constructor(
    readonly role: 'bot' | 'worker',
    private readonly compiledDir: string,
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number,
    logDir: string,
  ) {
    this.log = createWriteStream(join(logDir, `${role}.log`), { flags: 'a' });
  }

  start(): void {
    this.starts += 1;
    this.log.write(`\n===== start ${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [join(this.compiledDir, 'infra/main.js'), 'start', '--role', this.role], {
      cwd: repoRoot,
      env: { ...this.env, HTTP_PORT: String(this.port), BOT_INSTANCE_ID: `soak-${this.role}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    this.expectingExit = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve();
        if (this.expectingExit) return;
        this.crashes.push(`${new Date().toISOString()}: exited by itself (${String(code ?? signal)})`);
        this.log.write(`\n===== exited by itself (${String(code ?? signal)}); starting again\n`);
        setTimeout(() => this.start(), 1_000);
      }),
    );
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until /healthz answers 200; throws when the process died or the time ran out. */
  async healthy(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the ${this.role} exited (${String(this.child?.exitCode ?? this.child?.signalCode)}); see its log`);
      const ok = await fetch(`http://127.0.0.1:${this.port}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await sleep(250);
    }
    throw new Error(`the ${this.role} was not healthy within ${timeoutMs} ms`);
  }

  /** kill -9, resolved once it is gone. */
  async kill(): Promise<void> {
    if (this.running) {
      this.expectingExit = true;
      const kill = { at: Date.now(), exitedAt: Number.POSITIVE_INFINITY };
      this.kills.push(kill);
      this.log.write(`\n===== SIGKILL at ${new Date().toISOString()}\n`);
      this.child!.kill('SIGKILL');
      await this.exited;
      kill.exitedAt = Date.now();
    }
    await this.exited;
  }

  /** An orderly stop at the end (SIGTERM, SIGKILL after `timeoutMs`). */
  async stop(timeoutMs = 20_000): Promise<void> {
    this.expectingExit = true;
    if (this.running) {
      this.child!.kill('SIGTERM');
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.log.end();
  }

  /** Synchronous last resort (an exit handler cannot wait). */
  killNow(): void {
    this.expectingExit = true;
    if (this.running) this.child!.kill('SIGKILL');
  }
}

/** `schoolbot <args>` run to its end (e.g. `audit verify`): exit code and output. */
export function runCli(compiledDir: string, env: NodeJS.ProcessEnv, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(compiledDir, 'infra/main.js'), ...args], { cwd: repoRoot, env, encoding: 'utf8', timeout: 300_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
