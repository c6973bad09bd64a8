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
import { breachedTargets, firstResponseMs, resolutionMs, slaFigures } from '../application/sla/slaFigures.js';

/** One read serves the three metrics of a scrape. */
const SHARE_MS = 5_000;
/** School time: 5 and 15 minutes, half an hour, 1, 2 and 4 hours, a 10-hour school day, 2, 3, 5 and 10 days. */
export const SLA_BUCKETS_SECONDS = [300, 900, 1800, 3600, 7200, 14_400, 36_000, 72_000, 108_000, 180_000, 360_000];

export function registerSlaMetrics(registry: Registry, queries: SlaQueries, clock: Clock, calendar: SchoolCalendar): void {
  let cached: { at: number; tickets: Promise<SlaTicketFacts[]> } | undefined;
  const tickets = () => {
    const now = clock.now().getTime();
    if (!cached || Math.abs(now - cached.at) > SHARE_MS) {
      const pending = queries.slaTickets();
      cached = { at: now, tickets: pending };
      pending.catch(() => {
        cached = undefined;
      });
    }
    return cached.tickets;
  };
  new Histogram({
    name: 'tickets_first_response_seconds',
    help: 'School time from opening until somebody was on the ticket (taken or assigned), per ticket; from the read model.',
    labelNames: ['priority'],
    buckets: SLA_BUCKETS_SECONDS,
    registers: [registry],
    async collect() {
      const all = await tickets();
      this.reset();
      for (const t of all) {
        const ms = firstResponseMs(calendar, t);
        if (ms !== null) this.observe({ priority: t.priority }, ms / 1000);
      }
    },
  });
  new Histogram({
    name: 'tickets_resolution_seconds',
    help: 'School time from opening to resolution, per resolved ticket; from the read model.',
    labelNames: ['priority'],
    buckets: SLA_BUCKETS_SECONDS,
    registers: [registry],
    async collect() {
      const all = await tickets();
      this.reset();
      for (const t of all) {
        const ms = t.status === 'resolved' || t.status === 'closed' ? resolutionMs(calendar, t) : null;
        if (ms !== null) this.observe({ priority: t.priority }, ms / 1000);
      }
    },
  });
  new Gauge({
    name: 'tickets_sla_met_ratio',
    help: 'Resolved tickets that met both SLA targets / resolved tickets (NaN: none resolved); from the read model.',
    registers: [registry],
    async collect() {
      this.set(slaFigures(calendar, await tickets()).slaMetRate ?? Number.NaN);
    },
  });
  new Counter({
    name: 'tickets_sla_breached_total',
    help: 'Tickets that missed an SLA target (first_response: nobody on it in time; resolution: not resolved in time), at scrape time; from the read model.',
    labelNames: ['priority', 'target'],
    registers: [registry],
    async collect() {
      const all = await tickets();
      const now = clock.now();
      this.reset();
      for (const priority of ['urgent', 'high', 'normal', 'low']) for (const target of ['first_response', 'resolution']) this.inc({ priority, target }, 0);
      for (const t of all) for (const target of breachedTargets(t, now)) this.inc({ priority: t.priority, target });
    },
  });
}
