// The Exporter port: tickets and tasks of a period read a page at a time (ExportQueries) and written as they
// come, and KPI from the very queries `/kpi` uses (KpiQueries: the school, then each person), so the file and
// the bot never disagree on a figure.
import type { Writable } from 'node:stream';
import { pagesByNumber, type Exporter, type ExportKind, type ExportPeriod, type ExportQueries, type ExportRequest } from '../../../application/ports/export.js';
import type { KpiQueries } from '../../../application/ports/readModels.js';
import { slaByTechnician, slaFigures, type SlaQueries } from '../../../application/sla/slaFigures.js';
import type { SchoolCalendar } from '../../../domain/calendar/index.js';
import { kpiColumns, SHEET_NAMES, taskColumns, ticketColumns, type Column, type ExportLabels, type KpiRow } from './columns.js';
import { writeCsv } from './csv.js';
import { writeXlsx } from './xlsx.js';

export { KPI_COLUMNS, SLA_COLUMNS, SHEET_NAMES, type ExportLabels } from './columns.js';
export { CSV_DELIMITER } from './csv.js';

export interface ExporterDependencies {
  queries: ExportQueries;
  kpi: Pick<KpiQueries, 'kpiOverall' | 'kpiByPerson'>;
  labels: ExportLabels;
  /** SCHOOL_TIMEZONE: dates are shown on its wall clock. */
  zone: string;
  /** Rows per read (default 1,000). */
  pageSize?: number;
  /** The SLA figures of `/kpi` (school time on the school's calendar); omitted: the KPI export has no SLA columns' values. */
  sla?: { queries: SlaQueries; calendar: SchoolCalendar };
}

async function* kpiRows(deps: ExporterDependencies, period: ExportPeriod, now: Date): AsyncGenerator<KpiRow> {
  const [overall, people, tickets] = await Promise.all([
    deps.kpi.kpiOverall(now, period),
    deps.kpi.kpiByPerson(now, period),
    deps.sla?.queries.slaTickets(period),
  ]);
  const calendar = deps.sla?.calendar;
  const perTechnician = calendar && tickets ? slaByTechnician(calendar, tickets) : new Map();
  yield { name: deps.labels.wholeSchool, figures: overall, ...(calendar && tickets ? { sla: slaFigures(calendar, tickets) } : {}) };
  for (const person of people) {
    const sla = perTechnician.get(person.telegramId);
    yield { name: person.fullName ?? person.telegramId, figures: person, ...(sla ? { sla } : {}) };
  }
}

export function createExporter(deps: ExporterDependencies): Exporter {
  const pageSize = deps.pageSize ?? 1_000;
  const write = <Row>(request: ExportRequest, out: Writable, columns: Column<Row>[], rows: AsyncIterable<Row>, onRows?: (rows: number) => void) =>
    request.format === 'xlsx'
      ? writeXlsx(out, SHEET_NAMES[request.kind], columns, rows, deps.zone, onRows)
      : writeCsv(out, columns, rows, deps.zone, onRows);
  return {
    async rowCount(kind: ExportKind, period, now) {
      if (kind === 'tickets') return deps.queries.countTickets(period);
      if (kind === 'tasks') return deps.queries.countTasks(period);
      return 1 + (await deps.kpi.kpiByPerson(now, period)).length;
    },
    async write(request, out, onRows) {
      const { period, now } = request;
      let rows: number;
      switch (request.kind) {
        case 'tickets':
          rows = await write(request, out, ticketColumns(deps.labels), pagesByNumber((after, limit) => deps.queries.ticketPage(period, now, after, limit), pageSize), onRows);
          break;
        case 'tasks':
          rows = await write(request, out, taskColumns(deps.labels), pagesByNumber((after, limit) => deps.queries.taskPage(period, now, after, limit), pageSize), onRows);
          break;
        case 'kpi':
          rows = await write(request, out, kpiColumns(), kpiRows(deps, period, now), onRows);
          break;
        default: {
          const unknown: never = request.kind;
          throw new Error(`unknown export kind ${String(unknown)}`);
        }
      }
      return { rows };
    },
  };
}
