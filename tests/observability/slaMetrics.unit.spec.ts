// The SLA metrics read the tickets read model at scrape time, in school time: a ticket opened on Friday 17:50
// and taken on Monday 08:30 waited 40 minutes of school time, not 62 hours; a second scrape gives the same
// numbers (nothing accumulates across scrapes, restarts or rebuilds).
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { schoolCalendar } from '../../domain/calendar/index.js';
import type { SlaTicketFacts } from '../../application/sla/slaFigures.js';
import { registerSlaMetrics } from '../../projections/slaMetrics.js';

const calendar = schoolCalendar({ zone: 'Europe/Moscow', week: 5, hours: { open: 480, close: 1080 } });
const NOW = new Date('2026-12-09T12:00:00Z');

const ticket = (over: Partial<SlaTicketFacts>): SlaTicketFacts => ({
  number: 1,
  priority: 'normal',
  status: 'open',
  technicianId: null,
  openedAt: new Date('2026-12-04T14:50:00Z'), // Friday 17:50 MSK
  respondBy: new Date('2026-12-07T14:50:00Z'),
  firstResponseAt: null,
  dueAt: new Date('2026-12-09T14:50:00Z'),
  resolvedAt: null,
  ...over,
});

const TICKETS: SlaTicketFacts[] = [
  // Taken Monday 08:30 (40 min of school time), resolved Monday 12:00 (4 h 10 min): met both.
  ticket({ number: 1, status: 'closed', technicianId: '9', firstResponseAt: new Date('2026-12-07T05:30:00Z'), resolvedAt: new Date('2026-12-07T09:00:00Z') }),
  // Nobody on it at Wednesday 15:00 MSK: the first response is missed, the resolution not yet.
  ticket({ number: 2 }),
  // Urgent, taken late and resolved late.
  ticket({
    number: 3,
    priority: 'urgent',
    status: 'resolved',
    technicianId: '9',
    openedAt: new Date('2026-12-08T06:00:00Z'),
    respondBy: new Date('2026-12-08T06:30:00Z'),
    firstResponseAt: new Date('2026-12-08T07:00:00Z'),
    dueAt: new Date('2026-12-08T10:00:00Z'),
    resolvedAt: new Date('2026-12-08T11:00:00Z'),
  }),
];

async function scrape(registry: Registry) {
  const text = await registry.metrics();
  const value = (line: string) => {
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found === undefined ? undefined : Number(found.slice(line.length + 1));
  };
  return { text, value };
}

describe('SLA metrics', () => {
  it('measure first response and resolution in school time, count breaches by priority and target, and give the met ratio', async () => {
    const registry = new Registry();
    registerSlaMetrics(registry, { slaTickets: () => Promise.resolve(TICKETS) }, { now: () => NOW }, calendar);
    for (let i = 0; i < 2; i += 1) {
      const { value } = await scrape(registry);
      // Ticket 1: 10 min on Friday + 30 min on Monday = 2400 s (in the 2400 ≤ 3600 bucket, not in 1800).
      expect(value('tickets_first_response_seconds_count{priority="normal"}')).toBe(1);
      expect(value('tickets_first_response_seconds_sum{priority="normal"}')).toBe(2400);
      expect(value('tickets_first_response_seconds_bucket{le="1800",priority="normal"}')).toBe(0);
      expect(value('tickets_first_response_seconds_bucket{le="3600",priority="normal"}')).toBe(1);
      expect(value('tickets_first_response_seconds_sum{priority="urgent"}')).toBe(3600);
      // Ticket 1: 10 min + 4 h = 4 h 10 min; ticket 2 is not resolved.
      expect(value('tickets_resolution_seconds_count{priority="normal"}')).toBe(1);
      expect(value('tickets_resolution_seconds_sum{priority="normal"}')).toBe(15_000);
      expect(value('tickets_resolution_seconds_sum{priority="urgent"}')).toBe(5 * 3600);
      expect(value('tickets_sla_breached_total{priority="normal",target="first_response"}')).toBe(1);
      expect(value('tickets_sla_breached_total{priority="normal",target="resolution"}')).toBe(0);
      expect(value('tickets_sla_breached_total{priority="urgent",target="first_response"}')).toBe(1);
      expect(value('tickets_sla_breached_total{priority="urgent",target="resolution"}')).toBe(1);
      expect(value('tickets_sla_breached_total{priority="low",target="resolution"}')).toBe(0);
      // Of the two resolved tickets, one met both targets.
      expect(value('tickets_sla_met_ratio')).toBe(0.5);
    }
  });

  it('measure a ticket again when it changes between scrapes, and forget a ticket no longer read', async () => {
    const registry = new Registry();
    let now = NOW.getTime();
    let tickets = TICKETS;
    registerSlaMetrics(registry, { slaTickets: () => Promise.resolve(tickets) }, { now: () => new Date(now) }, calendar);
    expect((await scrape(registry)).value('tickets_first_response_seconds_count{priority="normal"}')).toBe(1);
    // Ticket 2 is taken on Monday 09:00 (1 h 10 min of school time after Friday 17:50); ticket 3 is cancelled.
    tickets = [TICKETS[0]!, { ...TICKETS[1]!, status: 'in_progress', firstResponseAt: new Date('2026-12-07T06:00:00Z') }];
    now += 10_000;
    const { value } = await scrape(registry);
    expect(value('tickets_first_response_seconds_count{priority="normal"}')).toBe(2);
    expect(value('tickets_first_response_seconds_sum{priority="normal"}')).toBe(2400 + 4200);
    expect(value('tickets_first_response_seconds_count{priority="urgent"}')).toBeUndefined();
    expect(value('tickets_sla_met_ratio')).toBe(1);
  });
});
