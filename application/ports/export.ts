// Export of the read side for people outside the bot (a spreadsheet for the district, a file for an
// inspection): tickets, tasks or KPI for a period, as XLSX or CSV. The rows are read a page at a time by key
// (never the whole period in memory) and written as they come; the writers live in adapters/files/export/.
import type { Writable } from 'node:stream';
import type { TaskView, TicketView } from './readModels.js';

export const EXPORT_KINDS = ['tickets', 'tasks', 'kpi'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Tickets opened, tasks assigned at or after `from` and before `to` (the period KpiQueries counts too, so a
 * KPI export and `/kpi` for the same period agree).
 */
export interface ExportPeriod {
  from: Date;
  to: Date;
}

/** A ticket as an export row: the view and the names of the people on it (null: not in the staff directory). */
export interface TicketExportRow extends TicketView {
  authorName: string | null;
  assigneeName: string | null;
}

export interface TaskExportRow extends TaskView {
  issuerName: string | null;
  assigneeName: string | null;
}

/** The read side an export needs: counts, and pages in number order after a key (keyset, not OFFSET). */
export interface ExportQueries {
  countTickets(period: ExportPeriod): Promise<number>;
  /** Up to `limit` tickets of the period with a number above `afterNumber`, by number. */
  ticketPage(period: ExportPeriod, now: Date, afterNumber: number, limit: number): Promise<TicketExportRow[]>;
  countTasks(period: ExportPeriod): Promise<number>;
  taskPage(period: ExportPeriod, now: Date, afterNumber: number, limit: number): Promise<TaskExportRow[]>;
}

export interface ExportRequest {
  kind: ExportKind;
  format: ExportFormat;
  period: ExportPeriod;
  /** Overdue and KPI figures are as of this moment (the caller's clock). */
  now: Date;
}

export interface ExportResult {
  /** Data rows written (without the header). */
  rows: number;
}

export interface Exporter {
  /** How many data rows the export would have (a KPI export: the school plus one per person). */
  rowCount(kind: ExportKind, period: ExportPeriod, now: Date): Promise<number>;
  /** Writes the whole file to `out` and ends it; `onRows` hears the running count now and then. */
  write(request: ExportRequest, out: Writable, onRows?: (rows: number) => void): Promise<ExportResult>;
}

/**
 * Reads every row of the period a page at a time by number, holding at most two pages: the next one is asked
 * for while the rows of this one are written, so the database and the writer work at once.
 */
export async function* pagesByNumber<Row extends { number: number }>(
  page: (afterNumber: number, limit: number) => Promise<Row[]>,
  pageSize = 1_000,
): AsyncGenerator<Row> {
  let next: Promise<Row[]> | undefined = page(0, pageSize);
  while (next) {
    const rows: Row[] = await next;
    const last = rows.at(-1);
    next = rows.length === pageSize && last ? page(last.number, pageSize) : undefined;
    // A page asked for ahead must not reject unheard if the writer stops first.
    next?.catch(() => {});
    for (const row of rows) yield row;
  }
}
