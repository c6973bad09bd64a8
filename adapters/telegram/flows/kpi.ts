// /kpi: the school's figures and one line per person with a chart; staff without oversight see their own.
import { HOUR_MS } from '../../../domain/index.js';
import type { KpiFigures, PersonKpi } from '../../../application/ports/readModels.js';
import { hasRole, isManager, nameOf } from '../cards.js';
import { drawKpiChart } from '../kpiChart.js';
import { texts } from '../texts.js';
import type { Flow } from '../turn.js';
import { requireActive } from './common.js';

const CHART_PEOPLE = 20;

export const kpiLines = (figures: KpiFigures) =>
  texts.kpi.lines({ ...figures, medianResolveHours: figures.medianResolveMs === null ? null : figures.medianResolveMs / HOUR_MS });

/** One bar per person, in the order of the lines beside the chart. */
export function kpiChartOf(people: readonly PersonKpi[]): Uint8Array {
  return drawKpiChart(
    people.slice(0, CHART_PEOPLE).map((p) => ({
      onTime: p.tasksDoneOnTime,
      late: Math.max(0, p.tasksDone - p.tasksDoneOnTime),
      overdue: p.tasksOverdue,
      open: Math.max(0, p.tasksOpen - p.tasksOverdue),
    })),
  );
}

export const kpiFlow: Flow = {
  commands: {
    kpi: async (turn) => {
      if (!requireActive(turn)) return;
      const { read } = turn.deps;
      if (!isManager(turn.person) && !hasRole(turn.person, 'auditor')) {
        const mine = await read.kpiForPerson(turn.userId, turn.now);
        return turn.reply(`${texts.kpi.person(nameOf(turn.person))}\n${kpiLines(mine)}`);
      }
      const [overall, people] = await Promise.all([read.kpiOverall(turn.now), read.kpiByPerson(turn.now)]);
      turn.reply(`${texts.kpi.title}\n\n${texts.kpi.overall}\n${kpiLines(overall)}`);
      if (people.length === 0) return;
      const lines = people.slice(0, CHART_PEOPLE).map((p, i) => `${i + 1}. ${p.fullName ?? p.telegramId}: ${p.tasksDoneOnTime}/${p.tasksTotal}`);
      turn.send({ text: `${texts.kpi.chartCaption}\n${lines.join('\n')}`, photo: { png: kpiChartOf(people), filename: 'kpi.png' } });
    },
  },
};
