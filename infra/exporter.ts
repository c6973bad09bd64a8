// The exporter as the bot and `schoolbot export` use it: the export's reads and the KPI queries over the
// read-model database, the bot's own Russian labels for statuses, priorities and categories.
import type { Exporter } from '../application/ports/export.js';
import type { SqlQueryable } from '../application/ports/sql.js';
import { createExporter, type ExportLabels } from '../adapters/files/export/index.js';
import { sqlExportQueries } from '../adapters/postgres/readModels/exportQueries.js';
import { sqlKpiQueries } from '../adapters/postgres/readModels/kpiQueries.js';
import { sqlSlaQueries } from '../adapters/postgres/readModels/slaQueries.js';
import type { SchoolCalendar } from '../domain/calendar/index.js';
import { categoryName, texts } from '../adapters/telegram/texts.js';

export const exportLabels: ExportLabels = {
  ticketStatus: (status) => texts.ticketStatuses[status] ?? status,
  taskStatus: (status) => texts.taskStatuses[status] ?? status,
  priority: (priority) => texts.priorities[priority] ?? priority,
  category: categoryName,
  yes: texts.export.yes,
  no: texts.export.no,
  wholeSchool: texts.export.wholeSchool,
};

/** `calendar`: the school's, so the KPI export's SLA figures are those `/kpi` shows (school time). */
export function schoolExporter(sql: SqlQueryable, zone: string, calendar: SchoolCalendar, pageSize?: number): Exporter {
  return createExporter({
    queries: sqlExportQueries(sql),
    kpi: sqlKpiQueries(sql),
    sla: { queries: sqlSlaQueries(sql), calendar },
    labels: exportLabels,
    zone,
    ...(pageSize !== undefined ? { pageSize } : {}),
  });
}
