// tickets_rated_total{rating} is read from the tickets read model at each scrape: right after a restart or a
// rebuild, every rating 1–5 present (0 when none), and a rating changed within its day moves between labels.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerProjectionGauges } from '../../projections/gauges.js';

describe('tickets_rated_total', () => {
  it('reports each rating 1–5 as the read model counts it at the scrape', async () => {
    let counts: Record<number, number> = { 2: 1, 5: 3 };
    const registry = new Registry();
    const figures = { ticketsOpen: 0, tasksTotal: 0, tasksDone: 0, tasksOverdue: 0 };
    registerProjectionGauges(registry, { gaugeFigures: () => Promise.resolve(figures), ratingCounts: () => Promise.resolve(counts) }, { now: () => new Date() });
    const first = await registry.metrics();
    expect(first).toMatch(/^tickets_rated_total\{rating="1"\} 0$/m);
    expect(first).toMatch(/^tickets_rated_total\{rating="2"\} 1$/m);
    expect(first).toMatch(/^tickets_rated_total\{rating="5"\} 3$/m);
    expect(first).toMatch(/^# HELP tickets_rated_total .*gauge despite its counter-like name/m);
    counts = { 4: 1, 5: 3 };
    const second = await registry.metrics();
    expect(second).toMatch(/^tickets_rated_total\{rating="2"\} 0$/m);
    expect(second).toMatch(/^tickets_rated_total\{rating="4"\} 1$/m);
  });

  it('is not exported by a read side that cannot count ratings', async () => {
    const registry = new Registry();
    const figures = { ticketsOpen: 0, tasksTotal: 0, tasksDone: 0, tasksOverdue: 0 };
    registerProjectionGauges(registry, { gaugeFigures: () => Promise.resolve(figures) }, { now: () => new Date() });
    expect(await registry.metrics()).not.toMatch(/tickets_rated_total/);
  });
});
