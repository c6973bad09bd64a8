// SLA settings from the environment (docs/calendar.md): SLA_TARGETS (per priority, first response / resolution),
// ESCALATE_PRIORITIES (which priorities the escalation ladder watches) and TASK_ESCALATE_AFTER (how long after a
// missed task deadline the director hears of it). Spans are school time: `30m`, `2h`, `1d` (a school day, as
// long as SCHOOL_HOURS), or sums such as `1d4h`.
import type { SchoolSpan, SlaTarget } from '../domain/shared/policy.js';
import { DEFAULT_SLA } from '../domain/shared/policy.js';
import type { Priority } from '../domain/shared/values.js';

const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
const UNIT_MS = { m: 60_000, h: 3_600_000 } as const;

/** `1d4h30m` → a span, or undefined when it is not one (or is zero). */
export function parseSchoolSpan(text: string): SchoolSpan | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+\s*[dhm]\s*)+$/.test(trimmed)) return undefined;
  let days = 0;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)\s*([dhm])/g)) {
    if (unit === 'd') days += Number(amount);
    else ms += Number(amount) * UNIT_MS[unit as 'm' | 'h'];
  }
  return days + ms > 0 ? { days, ms } : undefined;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** `urgent=30m/4h,high=2h/1d`: priorities not named keep their defaults. */
export function parseSlaTargets(text: string | undefined): Parsed<Readonly<Record<Priority, Omit<SlaTarget, 'escalate'>>>> {
  const targets: Record<Priority, Omit<SlaTarget, 'escalate'>> = { ...DEFAULT_SLA };
  if (text === undefined || text.trim() === '') return { ok: true, value: targets };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z]+)\s*[=:]\s*([^/]+)\/(.+)$/i.exec(entry);
    if (!match) {
      problems.push(`entry "${entry}" must read priority=first-response/resolution (for example normal=1d/3d)`);
      continue;
    }
    const [, name = '', first = '', resolution = ''] = match;
    const priority = name.toLowerCase() as Priority;
    if (!PRIORITIES.includes(priority)) {
      problems.push(`"${name}" is not a priority (urgent, high, normal, low)`);
      continue;
    }
    if (seen.has(priority)) problems.push(`names ${priority} twice`);
    seen.add(priority);
    const firstSpan = parseSchoolSpan(first);
    const resolutionSpan = parseSchoolSpan(resolution);
    if (!firstSpan) problems.push(`${priority}: "${first.trim()}" is not a span of school time (for example 30m, 2h, 1d, 1d4h)`);
    if (!resolutionSpan) problems.push(`${priority}: "${resolution.trim()}" is not a span of school time (for example 4h, 3d)`);
    if (firstSpan && resolutionSpan) targets[priority] = { firstResponse: firstSpan, resolution: resolutionSpan };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: targets };
}

/** `urgent,high` (or `all`, `none`): the priorities the ladder escalates. */
export function parseEscalatePriorities(text: string | undefined): Parsed<readonly Priority[]> {
  const trimmed = (text ?? '').trim().toLowerCase();
  if (trimmed === '' || trimmed === 'all') return { ok: true, value: PRIORITIES };
  if (trimmed === 'none') return { ok: true, value: [] };
  const names = trimmed.split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = names.filter((name) => !PRIORITIES.includes(name as Priority));
  if (unknown.length > 0) return { ok: false, problems: unknown.map((name) => `"${name}" is not a priority (urgent, high, normal, low; or all, none)`) };
  return { ok: true, value: [...new Set(names)] as Priority[] };
}

/** The policy's SLA table from the parsed settings. */
export const slaTable = (
  targets: Readonly<Record<Priority, Omit<SlaTarget, 'escalate'>>>,
  escalated: readonly Priority[],
): Readonly<Record<Priority, SlaTarget>> =>
  Object.fromEntries(PRIORITIES.map((p) => [p, { ...targets[p], escalate: escalated.includes(p) }])) as Record<Priority, SlaTarget>;
