// `npm run bench -- metrics-scrape [--tickets N] [--scrapes N]`: how long GET /metrics takes with a large
// read model (default 100,000 tickets and 20,000 tasks on a fresh database of the local PostgreSQL).
// Scrapes are spaced 2.1 s apart so each one runs the dependency probes afresh, as Prometheus' scrapes do
// (one every 15 s). The projection gauges are read from the read model in the background every 5 s
// (infra/observability.ts); that read is timed separately as gauge_read_p50_ms / gauge_read_max_ms.
import { createTestDatabase } from '../support/postgres.js';
import { startObservedApp } from '../monitoring/observedApp.js';
import { sqlReadModels } from '../../adapters/postgres/readModels/index.js';
import { percentile, report, trackPeakRss } from './report.js';

function option(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export default async function metricsScrapeBench(args: readonly string[]): Promise<void> {
  const tickets = option(args, 'tickets', 100_000);
  const tasks = Math.round(tickets / 5);
  const scrapes = option(args, 'scrapes', 25);
  const database = await createTestDatabase('sbbench');
  const app = await startObservedApp({ databaseUrl: database.url });
  try {
    // Rows straight into the read model: the scrape reads the read model, not the log.
    await app.sql.query(
      `INSERT INTO rm_tickets (number, title, description, category, location, priority, status, author_id, assignee_id,
         opened_at, due_at, updated_at, reopen_count, comment_count)
       SELECT n, 'Ticket ' || n, '', (ARRAY['it','maintenance','cleaning'])[1 + n % 3], 'room ' || (n % 300), 'normal',
         (ARRAY['open','in_progress','resolved','closed','closed','cancelled'])[1 + n % 6], 'staff-' || (n % 500),
         CASE WHEN n % 2 = 0 THEN 'tech-' || (n % 20) END,
         now() - (n || ' minutes')::interval, now() + interval '1 day', now(), 0, 0
       FROM generate_series(1, $1::int) AS n`,
      [tickets],
    );
    await app.sql.query(
      `INSERT INTO rm_tasks (number, title, description, issuer_id, assignee_id, status, deadline, assigned_at, updated_at,
         extensions, missed_deadlines, late, on_time)
       SELECT n, 'Task ' || n, '', 'director', 'staff-' || (n % 500),
         (ARRAY['assigned','accepted','completed','approved','cancelled'])[1 + n % 5],
         now() + ((n % 20) - 10 || ' days')::interval, now() - interval '20 days', now(), 0, 0, false, true
       FROM generate_series(1, $1::int) AS n`,
      [tasks],
    );
    await app.sql.query('ANALYZE rm_tickets; ANALYZE rm_tasks');

    const rss = trackPeakRss();
    const latencies: number[] = [];
    let bytes = 0;
    let openTickets = '';
    const started = performance.now();
    let measured = 0;
    for (let index = 0; index <= scrapes; index += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const begin = performance.now();
      const response = await fetch(`${app.baseUrl}/metrics`);
      const body = await response.text();
      const elapsed = performance.now() - begin;
      if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
      if (index === 0) continue; // the first one also warms up the connection pool and JIT
      latencies.push(elapsed);
      measured += elapsed;
      bytes = body.length;
      openTickets = /^bot_tickets_open (\S+)$/m.exec(body)?.[1] ?? '';
    }
    const gaugeReads: number[] = [];
    const readModels = sqlReadModels(app.sql);
    for (let index = 0; index < 10; index += 1) {
      const begin = performance.now();
      await readModels.gaugeFigures(new Date());
      gaugeReads.push(performance.now() - begin);
    }
    gaugeReads.sort((a, b) => a - b);
    report('metrics-scrape', latencies, performance.now() - started, {
      tickets,
      tasks,
      scrapes: latencies.length,
      max_ms: Number(Math.max(...latencies).toFixed(3)),
      mean_ms: Number((measured / latencies.length).toFixed(3)),
      body_bytes: bytes,
      bot_tickets_open: Number(openTickets),
      gauge_read_p50_ms: Number(percentile(gaugeReads, 50).toFixed(3)),
      gauge_read_max_ms: Number(gaugeReads.at(-1)!.toFixed(3)),
    }, rss.stop());
  } finally {
    await app.stop();
    await database.drop();
  }
}
