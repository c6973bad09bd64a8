// The projection gauges. Each reads the shared read model when Prometheus scrapes (`collect`), so the value
// is right straight after a restart or a rebuild and identical on every instance (alert on max, not sum).
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import type { Clock } from '../application/ports/clock.js';
import type { GaugeFigures, GaugeQueries } from '../application/ports/readModels.js';

/** One read per scrape serves all four gauges (their collects run back to back). */
const SHARE_MS = 1_000;

export function registerProjectionGauges(registry: Registry, queries: GaugeQueries, clock: Clock): void {
  let cached: { at: number; figures: Promise<GaugeFigures> } | undefined;
  const figures = () => {
    const now = clock.now();
    if (!cached || Math.abs(now.getTime() - cached.at) > SHARE_MS) {
      const pending = queries.gaugeFigures(now);
      cached = { at: now.getTime(), figures: pending };
      pending.catch(() => {
        cached = undefined;
      });
    }
    return cached.figures;
  };
  const gauge = (name: string, help: string, pick: (f: GaugeFigures) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await figures()));
      },
    });
  gauge('bot_tickets_open', 'Tickets neither closed nor cancelled (from the read model).', (f) => f.ticketsOpen);
  gauge(
    'kpi_tasks_total',
    'Tasks ever assigned. A gauge despite its counter-like name: it is read from the read model and may drop after a correcting rebuild.',
    (f) => f.tasksTotal,
  );
  gauge('kpi_tasks_done', 'Tasks completed and approved (from the read model).', (f) => f.tasksDone);
  gauge('kpi_tasks_overdue', 'Tasks not completed whose deadline has passed, at scrape time.', (f) => f.tasksOverdue);
  const ratingCounts = queries.ratingCounts?.bind(queries);
  if (ratingCounts) {
    new Gauge({
      name: 'tickets_rated_total',
      help:
        'Tickets rated by their author, by rating (1–5; issue 14). A gauge despite its counter-like name: read from the read model at scrape, so it is right after a restart or a rebuild; a rating changed within its day moves between labels.',
      labelNames: ['rating'],
      registers: [registry],
      async collect() {
        const counts = await ratingCounts();
        for (const rating of [1, 2, 3, 4, 5]) this.set({ rating: String(rating) }, counts[rating] ?? 0);
      },
    });
  }
}
