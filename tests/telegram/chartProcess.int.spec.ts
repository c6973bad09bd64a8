// The chart process: pages are drawn in a child (so resvg's memory leaves with it), one child serves a burst
// of requests, it ends once idle, and a child that dies mid-render fails only what it had — the next chart
// starts a new one.
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_CHILD_IDLE_MS, chartChildPid, childExecArgv, renderChartPages } from '../../adapters/telegram/chartProcess.js';
import type { ChartPage } from '../../adapters/telegram/kpiChart.js';
import { restoreEnv } from '../support/env.js';

const page = (title: string): ChartPage => ({
  title,
  subtitle: 'Всего: 1',
  bars: [{ name: 'Петров О. И.', onTime: 3, late: 1, overdue: 2, open: 1 }],
  scaleMax: 7,
});
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
}

afterEach(async () => {
  // Leave no child behind for the next file in this worker.
  await until(() => chartChildPid() === undefined, CHART_CHILD_IDLE_MS + 5_000);
});

describe('the chart process', () => {
  it('draws in a child of its own, one child for a burst, and lets it go once idle', async () => {
    const burst = await Promise.all([renderChartPages([page('А'), page('Б')]), renderChartPages([page('В')]), renderChartPages([page('Г')])]);
    expect(burst.map((images) => images.length)).toEqual([2, 1, 1]);
    for (const png of burst.flat()) expect(png.subarray(0, 4)).toEqual(PNG);
    // Different pages, different pictures: each answer went to its own request.
    expect(burst[0]![0]!.equals(burst[0]![1]!)).toBe(false);
    const pid = chartChildPid();
    expect(pid).toBeDefined();
    expect(pid).not.toBe(process.pid);
    // Another request while it lives is served by the same child.
    await renderChartPages([page('Д')]);
    expect(chartChildPid()).toBe(pid);
    expect(await until(() => chartChildPid() === undefined && !alive(pid!), CHART_CHILD_IDLE_MS + 5_000)).toBe(true);
  });

  it('fails what a killed child had, and the next chart starts a new child', async () => {
    const pending = renderChartPages([page('А')]);
    const pid = chartChildPid()!;
    process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toThrow(/chart process/);
    const [png] = await renderChartPages([page('Б')]);
    expect(png!.subarray(0, 4)).toEqual(PNG);
    expect(chartChildPid()).not.toBe(pid);
  });

  it('serves a request that comes while the idle child is ending with a new child, unharmed by the old one', async () => {
    await renderChartPages([page('А')]);
    const old = chartChildPid()!;
    // Caught within a millisecond of the idle let-go, before the old child has exited.
    const end = Date.now() + CHART_CHILD_IDLE_MS + 5_000;
    while (chartChildPid() !== undefined && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(chartChildPid()).toBeUndefined();
    const next = renderChartPages([page('Б')]);
    expect(chartChildPid()).not.toBe(old);
    const [png] = await next;
    expect(png!.subarray(0, 4)).toEqual(PNG);
    expect(await until(() => !alive(old), 5_000)).toBe(true);
  });

  it('answers a page it cannot draw with an error, and goes on serving', async () => {
    await expect(renderChartPages([{ ...page('А'), bars: undefined as unknown as ChartPage['bars'] }])).rejects.toThrow(/chart rendering failed/);
    const pid = chartChildPid();
    const [png] = await renderChartPages([page('Б')]);
    expect(png!.subarray(0, 4)).toEqual(PNG);
    expect(chartChildPid()).toBe(pid);
  });

  it('answers nothing with nothing, starting no child', async () => {
    expect(await renderChartPages([])).toEqual([]);
    expect(chartChildPid()).toBeUndefined();
  });

  it('refuses to start a chart process from inside one', async () => {
    const saved = { ...process.env };
    process.env.SCHOOLBOT_CHART_CHILD = '1';
    try {
      await expect(renderChartPages([page('А')])).rejects.toThrow(/may not start another/);
      expect(chartChildPid()).toBeUndefined();
    } finally {
      restoreEnv(saved);
    }
  });
});

describe("the chart process's node flags", () => {
  it("keeps the parent's module loaders and heap sizes, never its script, debugger or test runner", () => {
    const parent = ['-e', 'fork()', '--inspect=9229', '--import', 'file:///x/tsx/loader.mjs', '--require=/x/preflight.cjs', '--max-semi-space-size=4', '--test', '-p', '1'];
    expect(childExecArgv(parent, '/app/dist/chartChild.js')).toEqual(['--import', 'file:///x/tsx/loader.mjs', '--require=/x/preflight.cjs', '--max-semi-space-size=4']);
  });

  it('adds tsx when the child is TypeScript and no loader came along', () => {
    const flags = childExecArgv(['--eval', 'x'], '/src/chartChild.ts');
    expect(flags).toHaveLength(2);
    expect(flags[0]).toBe('--import');
    expect(flags[1]).toMatch(/^file:\/\/.*tsx.*\.mjs$/);
    expect(childExecArgv([], '/app/dist/chartChild.js')).toEqual([]);
  });
});
