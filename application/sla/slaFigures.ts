// SLA figures from the tickets read model, in school time: how long until somebody was on a ticket (first
// response) and until it was resolved, and whether both targets were met. One pure computation serves /kpi, the
// director's digest and the Prometheus metrics, so they never disagree.
import type { SchoolCalendar } from '../../domain/calendar/index.js';
import { schoolTimeBetween } from '../../domain/calendar/index.js';
import type { Priority } from '../../domain/shared/values.js';

/** What the SLA figures read of one ticket (the tickets read model's columns). */
export interface SlaTicketFacts {
  number: number;
  priority: Priority;
  status: string;
  /** Who resolved it (else who has it): the technician the KPI credits. */
  technicianId: string | null;
  openedAt: Date;
  respondBy: Date | null;
  firstResponseAt: Date | null;
  dueAt: Date;
  resolvedAt: Date | null;
}

export interface SlaFigures {
  /** Tickets resolved (resolved or closed). */
  resolved: number;
  /** Medians in school time, null when there is nothing to measure. */
  medianFirstResponseMs: number | null;
  medianResolutionMs: number | null;
  /** Resolved tickets that met both targets / resolved tickets that had targets; null when none. */
  slaMetRate: number | null;
}

export interface SlaQueries {
  /** Every ticket not cancelled (opened within the period, when one is given). */
  slaTickets(period?: { from?: Date; to?: Date }): Promise<SlaTicketFacts[]>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** School time until somebody was on it, when somebody was. */
export const firstResponseMs = (calendar: SchoolCalendar, t: SlaTicketFacts): number | null =>
  t.firstResponseAt ? schoolTimeBetween(calendar, t.openedAt.getTime(), t.firstResponseAt.getTime()) : null;

/** School time from opening to resolution, when resolved. */
export const resolutionMs = (calendar: SchoolCalendar, t: SlaTicketFacts): number | null =>
  t.resolvedAt ? schoolTimeBetween(calendar, t.openedAt.getTime(), t.resolvedAt.getTime()) : null;

const isResolved = (t: SlaTicketFacts) => t.resolvedAt !== null && (t.status === 'resolved' || t.status === 'closed');

/** Whether a resolved ticket met its targets (tickets opened before SLA have no first-response target). */
export const metSla = (t: SlaTicketFacts): boolean =>
  t.resolvedAt !== null &&
  t.resolvedAt.getTime() <= t.dueAt.getTime() &&
  (t.respondBy === null || (t.firstResponseAt !== null && t.firstResponseAt.getTime() <= t.respondBy.getTime()));

/** Which targets a ticket has missed by `now` (a target passed with nobody on it, or unresolved). */
export function breachedTargets(t: SlaTicketFacts, now: Date): Array<'first_response' | 'resolution'> {
  const breached: Array<'first_response' | 'resolution'> = [];
  const at = now.getTime();
  if (t.respondBy && (t.firstResponseAt?.getTime() ?? at) > t.respondBy.getTime()) breached.push('first_response');
  if ((t.resolvedAt?.getTime() ?? at) > t.dueAt.getTime()) breached.push('resolution');
  return breached;
}

export function slaFigures(calendar: SchoolCalendar, tickets: readonly SlaTicketFacts[]): SlaFigures {
  const resolved = tickets.filter(isResolved);
  const firsts = tickets.map((t) => firstResponseMs(calendar, t)).filter((ms): ms is number => ms !== null);
  const resolutions = resolved.map((t) => resolutionMs(calendar, t)).filter((ms): ms is number => ms !== null);
  return {
    resolved: resolved.length,
    medianFirstResponseMs: median(firsts),
    medianResolutionMs: median(resolutions),
    slaMetRate: slaMetRate(resolved),
  };
}

/** Resolved tickets that met both targets / resolved tickets; null when none is resolved. Needs no calendar. */
export function slaMetRate(tickets: readonly SlaTicketFacts[]): number | null {
  const resolved = tickets.filter(isResolved);
  return resolved.length === 0 ? null : resolved.filter(metSla).length / resolved.length;
}

/** The same per technician (the one who resolved the ticket, else the one who has it), by telegram id. */
export function slaByTechnician(calendar: SchoolCalendar, tickets: readonly SlaTicketFacts[]): Map<string, SlaFigures> {
  const groups = new Map<string, SlaTicketFacts[]>();
  for (const ticket of tickets) {
    if (!ticket.technicianId) continue;
    groups.set(ticket.technicianId, [...(groups.get(ticket.technicianId) ?? []), ticket]);
  }
  return new Map([...groups].map(([id, group]) => [id, slaFigures(calendar, group)]));
}
