// Draws chart pages in a child process rather than in the bot's. resvg's native memory for a morning digest
// (fonts loaded per image, pixmaps, its threads' allocator arenas; ~50 MB measured) stays with a long-running
// process after the images are sent — malloc keeps it — while a process that ends gives it all back. One
// child serves every request that comes while it lives (their pages drawn side by side, as before) and is
// let go CHART_CHILD_IDLE_MS after its last answer, so a burst of /kpi starts node once, not once per person.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChartPage } from './kpiChart.js';
import type { ChartRequest, ChartResponse } from './chartChild.js';

export const CHART_CHILD_IDLE_MS = 2_000;
const IN_CHART_CHILD = 'SCHOOLBOT_CHART_CHILD';

const here = fileURLToPath(import.meta.url);
/** chartChild.js beside this file when compiled, chartChild.ts when run from the sources. */
const childScript = here.replace(/chartProcess(\.[cm]?[jt]s)$/, 'chartChild$1');

/** Node flags that take their value as the next argument and that the child needs: how modules load. */
const LOADER_FLAGS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C']);

/**
 * The child's node flags: the parent's module loaders (tsx's, when run from the sources) and V8 heap sizes,
 * and nothing else — a parent run as `node -e …` or `--inspect` must not hand its script or its debugger port
 * to the child. tsx's loader is added when the child is TypeScript and no loader came along.
 */
export function childExecArgv(parent: readonly string[] = process.execArgv, script = childScript): string[] {
  const flags: string[] = [];
  for (let i = 0; i < parent.length; i += 1) {
    const flag = parent[i]!;
    const name = flag.split('=')[0]!;
    if (LOADER_FLAGS.has(name)) {
      if (flag.includes('=')) flags.push(flag);
      else if (i + 1 < parent.length) flags.push(flag, parent[++i]!);
    } else if (/^--(max|min)-(old|semi)-space-size=|^--heap-growing-percent=/.test(flag)) {
      flags.push(flag);
    }
  }
  if (script.endsWith('.ts') && !flags.some((flag) => flag.includes('tsx'))) {
    flags.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  }
  return flags;
}

interface Waiting {
  resolve: (images: Buffer[]) => void;
  reject: (error: Error) => void;
}

/** A chart process and the requests it has not answered yet (its own: an old child's end fails only those). */
interface ChartChild {
  process: ChildProcess;
  waiting: Map<number, Waiting>;
}

let child: ChartChild | undefined;
let nextId = 1;
let idleTimer: NodeJS.Timeout | undefined;

function startChild(): ChartChild {
  const started: ChartChild = {
    process: fork(childScript, [], {
      execArgv: childExecArgv(),
      // Marks the child, so that nothing it runs can start a chart process of its own.
      env: { ...process.env, [IN_CHART_CHILD]: '1' },
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
    waiting: new Map(),
  };
  const { process: running, waiting } = started;
  running.on('message', (response: ChartResponse) => {
    const entry = waiting.get(response.id);
    if (!entry) return;
    waiting.delete(response.id);
    if ('error' in response) entry.reject(new Error(`chart rendering failed: ${response.error}`));
    else entry.resolve(response.images.map((image) => Buffer.from(image.buffer, image.byteOffset, image.byteLength)));
    if (waiting.size === 0) {
      running.channel?.unref();
      if (child === started) letGoLater();
    }
  });
  const lost = (reason: string) => {
    if (child === started) child = undefined;
    for (const entry of waiting.values()) entry.reject(new Error(`chart process ${reason}`));
    waiting.clear();
  };
  running.on('error', (error) => lost(`could not run: ${error.message}`));
  running.on('exit', (code, signal) => lost(`ended (${signal ?? `exit code ${code}`})`));
  // An idle child must never keep the bot (or a test) alive; a busy one holds the loop until it answers.
  running.unref();
  running.channel?.unref();
  return started;
}

function letGoLater(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (!child || child.waiting.size > 0) return;
    const idle = child;
    child = undefined;
    idle.process.disconnect();
  }, CHART_CHILD_IDLE_MS);
  idleTimer.unref();
}

/** The chart process's pid while it lives (the tests watch it come and go). */
export const chartChildPid = (): number | undefined => child?.process.pid;

/** The PNG of each page, in order, drawn in the chart process. */
export function renderChartPages(pages: readonly ChartPage[]): Promise<Buffer[]> {
  if (pages.length === 0) return Promise.resolve([]);
  if (process.env[IN_CHART_CHILD] === '1') return Promise.reject(new Error('a chart process may not start another'));
  clearTimeout(idleTimer);
  const serving = (child ??= startChild());
  serving.process.channel?.ref();
  const id = nextId++;
  const request: ChartRequest = { id, pages: [...pages] };
  return new Promise<Buffer[]>((resolve, reject) => {
    serving.waiting.set(id, { resolve, reject });
    serving.process.send(request, (error) => {
      if (!error || !serving.waiting.delete(id)) return;
      reject(new Error(`chart process unreachable: ${error.message}`));
    });
  });
}
