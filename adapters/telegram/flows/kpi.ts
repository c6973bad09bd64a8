// /kpi: the school's figures and the chart of everyone's tasks, a page per CHART_PAGE_SIZE people, each with
// its lines (the same numbers, for screen readers); staff without oversight see their own figures.
import { DateTime } from 'luxon';
import { HOUR_MS } from '../../../domain/index.js';
import type { KpiFigures, PersonKpi, ReadModels } from '../../../application/ports/readModels.js';
import type { SchoolCalendar } from '../../../domain/calendar/index.js';
import type { SlaFigures } from '../../../application/sla/slaFigures.js';
import { slaByTechnician, slaFigures } from '../../../application/sla/slaFigures.js';
import { hasRole, isManager, nameOf } from '../cards.js';
import { drawKpiCharts, type ChartBar } from '../kpiChart.js';
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { requireActive } from './common.js';

export const kpiLines = (figures: KpiFigures) =>
  [
    texts.kpi.lines({ ...figures, medianResolveHours: figures.medianResolveMs === null ? null : figures.medianResolveMs / HOUR_MS }),
    // The authors' ratings of resolutions (issue 14, item 6), when the figures carry them.
    ...(figures.ratingsCount === undefined ? [] : [texts.rating.kpiLine(figures.ratingAverage ?? null, figures.ratingsCount)]),
  ].join('\n');

/** Each person whose resolutions were rated, best first: "Алексеев И. П.: 4,5 из 5 (оценок: 2)"; empty when none. */
export function kpiRatingLines(people: readonly PersonKpi[]): string {
  const rated = people.filter((p) => (p.ratingsCount ?? 0) > 0 && p.ratingAverage !== null && p.ratingAverage !== undefined);
  if (rated.length === 0) return '';
  const lines = [...rated]
    .sort((a, b) => (b.ratingAverage ?? 0) - (a.ratingAverage ?? 0) || byName.compare(nameOfKpi(a), nameOfKpi(b)))
    .map((p) => texts.rating.personLine(p.fullName ? chartName(p.fullName) : p.telegramId, p.ratingAverage ?? 0, p.ratingsCount ?? 0));
  return [texts.rating.byPerson, ...lines].join('\n');
}

const byName = new Intl.Collator('ru');

const slaLine = (f: SlaFigures) =>
  texts.sla.kpiLine(f.resolved, texts.sla.duration(f.medianFirstResponseMs), texts.sla.duration(f.medianResolutionMs), texts.sla.percent(f.slaMetRate));

/** The SLA block of /kpi and the digest: the school's figures, then each technician's (by name). */
export async function slaKpiLines(read: Pick<ReadModels, 'slaTickets' | 'staffNames'>, calendar: SchoolCalendar): Promise<string[]> {
  const tickets = await read.slaTickets();
  const perTechnician = slaByTechnician(calendar, tickets);
  const names = await read.staffNames([...perTechnician.keys()]);
  const technicians = [...perTechnician]
    .map(([id, figures]) => ({ name: names.get(id) ?? id, figures }))
    .sort((a, b) => byName.compare(a.name, b.name));
  return [
    texts.sla.kpiTitle,
    slaLine(slaFigures(calendar, tickets)),
    ...(technicians.length > 0 ? [texts.sla.kpiTechnicians, ...technicians.map((t) => texts.sla.kpiTechnician(t.name, slaLine(t.figures)))] : []),
  ];
}
const nameOfKpi = (p: PersonKpi) => p.fullName ?? p.telegramId;

/** People with overdue tasks first (most overdue first), then the busiest, then by name. */
export function chartOrder(people: readonly PersonKpi[]): PersonKpi[] {
  return [...people].sort(
    (a, b) =>
      b.tasksOverdue - a.tasksOverdue || b.tasksTotal - a.tasksTotal || b.tasksDone - a.tasksDone || byName.compare(nameOfKpi(a), nameOfKpi(b)),
  );
}

/** "Петров Олег Иванович" → "Петров О. И." (initials apart, as the chart's name column reads best). */
export function chartName(fullName: string): string {
  const [surname, ...given] = fullName.trim().split(/\s+/);
  if (!surname) return fullName;
  return [surname, ...given.map((word) => `${word.charAt(0).toLocaleUpperCase('ru')}.`)].join(' ');
}

/** A person's bar: the open tasks that are overdue are counted once, as overdue. */
export const barOf = (p: PersonKpi): ChartBar => ({
  name: p.fullName ? chartName(p.fullName) : p.telegramId,
  onTime: p.tasksDoneOnTime,
  late: Math.max(0, p.tasksDone - p.tasksDoneOnTime),
  overdue: p.tasksOverdue,
  open: Math.max(0, p.tasksOpen - p.tasksOverdue),
});

export interface KpiChartPage {
  png: Buffer;
  /** The page's heading and one line per person on it, in the order of the bars. */
  text: string;
}

/** Everyone with a task or a ticket, in chart order, CHART_PAGE_SIZE to a page, dated in the school's zone. */
export async function kpiChartPages(people: readonly PersonKpi[], now: Date, zone: string): Promise<KpiChartPage[]> {
  const date = DateTime.fromJSDate(now, { zone }).setLocale('ru').toFormat('d MMMM yyyy');
  const bars = chartOrder(people).map(barOf);
  const { images, pages } = await drawKpiCharts(bars, { title: texts.kpi.chartTitle(date), subtitle: texts.kpi.chartSubtitle });
  let shown = 0;
  return images.map((png, i) => {
    const page = pages[i]!;
    const first = shown + 1;
    shown += page.length;
    const lines = page.map((bar, j) => texts.kpi.chartLine(first + j, bar.name, bar));
    return { png, text: [texts.kpi.chartPageCaption(i + 1, pages.length, first, shown, bars.length), ...lines].join('\n') };
  });
}

export const kpiFlow: Flow = {
  commands: {
    kpi: async (turn) => {
      if (!requireActive(turn)) return;
      const { read } = turn.deps;
      if (!isManager(turn.person) && !hasRole(turn.person, 'auditor')) {
        const mine = await read.kpiForPerson(turn.userId, turn.now);
        // A technician also sees their own SLA figures (the tickets they resolved or have).
        const ownSla = hasRole(turn.person, 'technician') ? slaByTechnician(turn.deps.calendar, await read.slaTickets()).get(turn.userId) : undefined;
        const sla = ownSla ? `\n\n${texts.sla.kpiTitle}\n${slaLine(ownSla)}` : '';
        return turn.reply(`${texts.kpi.person(nameOf(turn.person))}\n${kpiLines(mine)}${sla}`);
      }
      const [overall, people] = await Promise.all([read.kpiOverall(turn.now), read.kpiByPerson(turn.now)]);
      const ratings = kpiRatingLines(people);
      const sla = await slaKpiLines(read, turn.deps.calendar);
      turn.reply(`${texts.kpi.title}\n\n${texts.kpi.overall}\n${kpiLines(overall)}\n\n${sla.join('\n')}${ratings ? `\n\n${ratings}` : ''}`);
      // Successive photos, one per page, in order (the chat queue keeps a chat's messages in order).
      for (const [i, page] of (await kpiChartPages(people, turn.now, turn.deps.zone)).entries()) {
        turn.send({ text: page.text, photo: { png: page.png, filename: `kpi-${i + 1}.png` } });
      }
    },
  },
};
