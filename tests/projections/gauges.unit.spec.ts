// The projection gauges read the read model at scrape time: right after a restart or a rebuild, and the same
// on every instance, because nothing is kept in the process.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { GaugeFigures } from '../../application/ports/readModels.js';
import { registerProjectionGauges } from '../../projections/gauges.js';

describe('projection gauges', () => {
  it('report the read model as it is at each scrape, on any registry', async () => {
    let figures: GaugeFigures = { ticketsOpen: 3, tasksTotal: 10, tasksDone: 4, tasksOverdue: 2 };
    let reads = 0;
    const registry = new Registry();
    let now = Date.parse('2026-11-24T08:00:00Z');
    registerProjectionGauges(registry, { gaugeFigures: async () => (reads++, figures) }, { now: () => new Date(now) });
    const first = await registry.metrics();
    expect(first).toMatch(/^bot_tickets_open 3$/m);
    expect(first).toMatch(/^kpi_tasks_total 10$/m);
    expect(first).toMatch(/^kpi_tasks_done 4$/m);
    expect(first).toMatch(/^kpi_tasks_overdue 2$/m);
    expect(first).toMatch(/^# TYPE kpi_tasks_total gauge$/m);
    expect(first).toMatch(/^# HELP kpi_tasks_total .*gauge despite its counter-like name/m);
    expect(reads).toBe(1);

    figures = { ticketsOpen: 0, tasksTotal: 10, tasksDone: 10, tasksOverdue: 0 };
    now += 15_000;
    const second = await registry.metrics();
    expect(second).toMatch(/^bot_tickets_open 0$/m);
    expect(second).toMatch(/^kpi_tasks_done 10$/m);
    expect(reads).toBe(2);
  });
});
