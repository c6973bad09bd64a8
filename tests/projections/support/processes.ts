// Spawning the worker script as a real process and waiting for the facts it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { nodeArgsFor } from '../../support/compiledCli.js';

export interface WorkerProcess {
  child: ChildProcess;
  facts: Record<string, unknown>[];
  waitFor(predicate: (fact: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const root = resolve(import.meta.dirname, '../../..');

export function spawnWorker(mode: 'worker' | 'rebuild', env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [...nodeArgsFor('tests/projections/support/workerProcess.ts'), mode], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const facts: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      try {
        facts.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a fact
      }
    }
    for (const waiter of waiters) waiter();
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    facts,
    waitFor(predicate, timeoutMs = 60_000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const found = facts.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolvePromise(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`worker ${child.pid} did not report in ${timeoutMs} ms; facts: ${JSON.stringify(facts.slice(-5))}; stderr: ${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => setTimeout(check, 10));
        check();
      });
    },
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await exited;
      }
    },
  };
}
