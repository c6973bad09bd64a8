// The SLA metrics: tickets_first_response_seconds and tickets_resolution_seconds (histograms, school time) and
// tickets_sla_breached_total{priority,target}. Like the projection gauges, each is computed from the tickets read
// model when Prometheus scrapes, not incremented as events pass: a projector replaying the log on a rebuild
// would count every ticket again, and a restart would lose what a process had counted. So every instance
// exports the same values (aggregate with max, not sum), right after a restart or a rebuild. The price: the
// "counter" is the number of tickets that missed a target, so it may drop when a rebuild corrects the read
// model, or when a ticket reopened after a late resolution gets a new target ahead — rare, and Prometheus
// treats a drop as a counter reset.
import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Clock } from '../application/ports/clock.js';
import type { SchoolCalendar } from '../domain/calendar/index.js';
import type { SlaQueries, SlaTicketFacts } from '../application/sla/slaFigures.js';
import { breachedTargets, firstResponseMs, resolutionMs, slaMetRate } from '../application/sla/slaFigures.js';

/** One read serves the four metrics of a scrape. */
const SHARE_MS = 5_000;
/** School time: 5 and 15 minutes, half an hour, 1, 2 and 4 hours, a 10-hour school day, 2, 3, 5 and 10 days. */
export const SLA_BUCKETS_SECONDS = [300, 900, 1800, 3600, 7200, 14_400, 36_000, 72_000, 108_000, 180_000, 360_000];

/** A ticket's school-time durations, and the instants they were measured from (a change measures again). */
interface Measured {
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  firstResponseMs: number | null;
  resolutionMs: number | null;
}

interface Scrape {
  tickets: readonly SlaTicketFacts[];
  measured: readonly Measured[];
}

/**
 * Each ticket's school time is measured once and remembered by its number until one of its instants changes:
 * a school with 10,000 tickets would otherwise walk the calendar day by day 40,000 times at every scrape (over a
 * second of CPU each time, measured with `npm run bench -- footprint`). The memory is one small entry per ticket.
 */
function sharedScrape(queries: SlaQueries, clock: Clock, calendar: SchoolCalendar): () => Promise<Scrape> {
  const remembered = new Map<number, Measured>();
  const measure = (t: SlaTicketFacts): Measured => {
    const openedAt = t.openedAt.getTime();
    const firstResponseAt = t.firstResponseAt?.getTime() ?? null;
    const resolvedAt = t.resolvedAt?.getTime() ?? null;
    const known = remembered.get(t.number);
    if (known && known.openedAt === openedAt && known.firstResponseAt === firstResponseAt && known.resolvedAt === resolvedAt) return known;
    const fresh = { openedAt, firstResponseAt, resolvedAt, firstResponseMs: firstResponseMs(calendar, t), resolutionMs: resolutionMs(calendar, t) };
    remembered.set(t.number, fresh);
    return fresh;
  };
  let cached: { at: number; scrape: Promise<Scrape> } | undefined;
  return () => {
    const now = clock.now().getTime();
    if (!cached || Math.abs(now - cached.at) > SHARE_MS) {
      const pending = queries.slaTickets().then((tickets) => {
        const measured = tickets.map(measure);
        // Forget tickets no longer read (cancelled since, or a rebuilt read model).
        if (remembered.size > tickets.length) {
          const current = new Set(tickets.map((t) => t.number));
          for (const number of remembered.keys()) if (!current.has(number)) remembered.delete(number);
        }
        return { tickets, measured };
      });
      const entry = { at: now, scrape: pending };
      cached = entry;
      pending.catch(() => {
        cached = undefined;
      });
      // Let go of the scrape's tickets once its metrics have read them: kept until the next scrape, the list
      // (about 6.6 MB at 10,000 tickets) would stay on the heap between scrapes for nothing.
      setTimeout(() => {
        if (cached === entry) cached = undefined;
      }, SHARE_MS).unref();
    }
    return cached.scrape;
  };
}

export function registerSlaMetrics(registry: Registry, queries: SlaQueries, clock: Clock, calendar: SchoolCalendar): void {
  const scrape = sharedScrape(queries, clock, calendar);
  new Histogram({
    name: 'tickets_first_response_seconds',
    help: 'School time from opening until somebody was on the ticket (taken or assigned), per ticket; from the read model.',
    labelNames: ['priority'],
    buckets: SLA_BUCKETS_SECONDS,
    registers: [registry],
    async collect() {
      const { tickets, measured } = await scrape();
      this.reset();
      tickets.forEach((t, i) => {
        const ms = measured[i]!.firstResponseMs;
        if (ms !== null) this.observe({ priority: t.priority }, ms / 1000);
      });
    },
  });
  new Histogram({
    name: 'tickets_resolution_seconds',
    help: 'School time from opening to resolution, per resolved ticket; from the read model.',
    labelNames: ['priority'],
    buckets: SLA_BUCKETS_SECONDS,
    registers: [registry],
    async collect() {
      const { tickets, measured } = await scrape();
      this.reset();
      tickets.forEach((t, i) => {
        const ms = t.status === 'resolved' || t.status === 'closed' ? measured[i]!.resolutionMs : null;
        if (ms !== null) this.observe({ priority: t.priority }, ms / 1000);
      });
    },
  });
  new Gauge({
    name: 'tickets_sla_met_ratio',
    help: 'Resolved tickets that met both SLA targets / resolved tickets (NaN: none resolved); from the read model.',
    registers: [registry],
    async collect() {
      this.set(slaMetRate((await scrape()).tickets) ?? Number.NaN);
    },
  });
  new Counter({
    name: 'tickets_sla_breached_total',
    help: 'Tickets that missed an SLA target (first_response: nobody on it in time; resolution: not resolved in time), at scrape time; from the read model.',
    labelNames: ['priority', 'target'],
    registers: [registry],
    async collect() {
      const { tickets } = await scrape();
      const now = clock.now();
      this.reset();
      for (const priority of ['urgent', 'high', 'normal', 'low']) for (const target of ['first_response', 'resolution']) this.inc({ priority, target }, 0);
      for (const t of tickets) for (const target of breachedTargets(t, now)) this.inc({ priority: t.priority, target });
    },
  });
}
