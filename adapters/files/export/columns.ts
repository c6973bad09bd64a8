// What an export's columns are: a Russian header (the words staff read in the spreadsheet), the kind of
// value (which decides how XLSX formats it and how CSV writes it) and how to take it from a row. Labels of
// statuses, priorities and categories come from the bot's texts through ExportLabels (the wiring passes them),
// so a status reads the same in the file as in the bot.
import type { TaskExportRow, TicketExportRow } from '../../../application/ports/export.js';
import type { KpiFigures, PersonKpi } from '../../../application/ports/readModels.js';
import type { SlaFigures } from '../../../application/sla/slaFigures.js';

/**
 * text; integer; date (an instant, shown in the school's zone); hours (a duration in milliseconds, shown in
 * hours with one decimal); percent (a share 0…1); decimal (a number with two decimals, e.g. an average rating).
 */
export type CellKind = 'text' | 'integer' | 'date' | 'hours' | 'percent' | 'decimal';
export type CellValue = string | number | Date | null;

export interface Column<Row> {
  header: string;
  kind: CellKind;
  /** Width in characters (XLSX). */
  width: number;
  value(row: Row): CellValue;
}

export interface ExportLabels {
  ticketStatus(status: string): string;
  taskStatus(status: string): string;
  priority(priority: string): string;
  category(slug: string): string;
  yes: string;
  no: string;
  /** The first line of a KPI export: the whole school. */
  wholeSchool: string;
}

/** The sheet (and CSV file) names per kind. */
export const SHEET_NAMES = { tickets: 'Заявки', tasks: 'Поручения', kpi: 'Показатели' } as const;

const durationMs = (from: Date, to: Date | null): number | null => (to ? Math.max(0, to.getTime() - from.getTime()) : null);

export function ticketColumns(labels: ExportLabels): Column<TicketExportRow>[] {
  const yesNo = (value: boolean) => (value ? labels.yes : labels.no);
  return [
    { header: 'Номер', kind: 'integer', width: 8, value: (t) => t.number },
    { header: 'Заявка', kind: 'text', width: 40, value: (t) => t.title },
    { header: 'Описание', kind: 'text', width: 50, value: (t) => t.description },
    { header: 'Категория', kind: 'text', width: 20, value: (t) => labels.category(t.category) },
    { header: 'Место', kind: 'text', width: 18, value: (t) => t.location },
    { header: 'Приоритет', kind: 'text', width: 12, value: (t) => labels.priority(t.priority) },
    { header: 'Статус', kind: 'text', width: 24, value: (t) => labels.ticketStatus(t.status) },
    { header: 'Автор', kind: 'text', width: 28, value: (t) => t.authorName ?? t.authorId },
    { header: 'Исполнитель', kind: 'text', width: 28, value: (t) => t.assigneeName ?? t.assigneeId },
    { header: 'Открыта', kind: 'date', width: 17, value: (t) => t.openedAt },
    { header: 'Срок', kind: 'date', width: 17, value: (t) => t.dueAt },
    { header: 'Решена', kind: 'date', width: 17, value: (t) => t.resolvedAt },
    { header: 'Закрыта', kind: 'date', width: 17, value: (t) => t.closedAt },
    { header: 'Отменена', kind: 'date', width: 17, value: (t) => t.cancelledAt },
    { header: 'Просрочена', kind: 'text', width: 11, value: (t) => yesNo(t.overdue) },
    { header: 'Время решения, ч', kind: 'hours', width: 12, value: (t) => durationMs(t.openedAt, t.resolvedAt) },
    { header: 'Возвратов в работу', kind: 'integer', width: 11, value: (t) => t.reopenCount },
    { header: 'Комментариев', kind: 'integer', width: 11, value: (t) => t.commentCount },
  ];
}

export function taskColumns(labels: ExportLabels): Column<TaskExportRow>[] {
  const yesNo = (value: boolean) => (value ? labels.yes : labels.no);
  return [
    { header: 'Номер', kind: 'integer', width: 8, value: (t) => t.number },
    { header: 'Поручение', kind: 'text', width: 40, value: (t) => t.title },
    { header: 'Подробности', kind: 'text', width: 50, value: (t) => t.description },
    { header: 'Кто выдал', kind: 'text', width: 28, value: (t) => t.issuerName ?? t.issuerId },
    { header: 'Исполнитель', kind: 'text', width: 28, value: (t) => t.assigneeName ?? t.assigneeId },
    { header: 'Статус', kind: 'text', width: 24, value: (t) => labels.taskStatus(t.status) },
    { header: 'Выдано', kind: 'date', width: 17, value: (t) => t.assignedAt },
    { header: 'Срок', kind: 'date', width: 17, value: (t) => t.deadline },
    { header: 'Принято в работу', kind: 'date', width: 17, value: (t) => t.acceptedAt },
    { header: 'Выполнено', kind: 'date', width: 17, value: (t) => t.completedAt },
    { header: 'Работа принята', kind: 'date', width: 17, value: (t) => t.approvedAt },
    { header: 'Отменено', kind: 'date', width: 17, value: (t) => t.cancelledAt },
    { header: 'Просрочено', kind: 'text', width: 11, value: (t) => yesNo(t.overdue) },
    { header: 'С опозданием', kind: 'text', width: 12, value: (t) => yesNo(t.late) },
    { header: 'Выполнено в срок', kind: 'text', width: 12, value: (t) => yesNo(t.doneOnTime) },
    { header: 'Пропущено сроков', kind: 'integer', width: 11, value: (t) => t.missedDeadlines },
  ];
}

/** One figure as a column: the field of the figures it shows (KpiFigures, SlaFigures). */
export interface FigureColumn<Figures> {
  field: keyof Figures;
  header: string;
  kind: Exclude<CellKind, 'text' | 'date'>;
}
export type KpiColumn = FigureColumn<KpiFigures>;

/**
 * The KPI sheet, one column per figure of `/kpi` (KpiQueries), in this order. A new figure in KpiFigures is
 * one more line here: its field, its header, its kind (a duration in ms is `hours`, a share 0…1 `percent`).
 */
export const KPI_COLUMNS: readonly KpiColumn[] = [
  { field: 'tasksTotal', header: 'Поручений всего', kind: 'integer' },
  { field: 'tasksDone', header: 'Поручений выполнено', kind: 'integer' },
  { field: 'tasksDoneOnTime', header: 'Выполнено в срок', kind: 'integer' },
  { field: 'tasksOpen', header: 'Поручений в работе', kind: 'integer' },
  { field: 'tasksOverdue', header: 'Поручений просрочено', kind: 'integer' },
  { field: 'tasksCancelled', header: 'Поручений отменено', kind: 'integer' },
  { field: 'completionRate', header: 'Выполнение', kind: 'percent' },
  { field: 'onTimeRate', header: 'Доля в срок', kind: 'percent' },
  { field: 'ticketsOpened', header: 'Заявок открыто', kind: 'integer' },
  { field: 'ticketsResolved', header: 'Заявок решено', kind: 'integer' },
  { field: 'ticketsOpen', header: 'Заявок не закрыто', kind: 'integer' },
  { field: 'ticketsOverdue', header: 'Заявок просрочено', kind: 'integer' },
  { field: 'medianResolveMs', header: 'Медианное время решения, ч', kind: 'hours' },
  { field: 'ratingAverage', header: 'Средняя оценка решений', kind: 'decimal' },
  { field: 'ratingsCount', header: 'Оценок', kind: 'integer' },
];

/** The SLA block of `/kpi` («Сроки заявок», school time), after the KPI figures, in the order of its line. */
export const SLA_COLUMNS: readonly FigureColumn<SlaFigures>[] = [
  { field: 'resolved', header: 'Решено заявок (сроки)', kind: 'integer' },
  { field: 'medianFirstResponseMs', header: 'Медиана до взятия в работу, ч', kind: 'hours' },
  { field: 'medianResolutionMs', header: 'Медиана до решения (рабочее время), ч', kind: 'hours' },
  { field: 'slaMetRate', header: 'Решено в срок', kind: 'percent' },
];

/** A KPI line: the whole school (no id) or one person; `sla` for the school and each technician with tickets. */
export type KpiRow = { name: string; figures: KpiFigures | PersonKpi; sla?: SlaFigures };

/** A figure as a cell: a number, or empty when there is none (a median of nothing). */
const figureOf = <Figures extends object>(figures: Figures | undefined, field: keyof Figures): number | null => {
  const value: unknown = figures?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** The columns of one block of figures, read from each row by `figures`. */
const figureColumns = <Figures extends object>(columns: readonly FigureColumn<Figures>[], figures: (row: KpiRow) => Figures | undefined) =>
  columns.map((column): Column<KpiRow> => ({
    header: column.header,
    kind: column.kind,
    width: Math.max(10, Math.min(18, column.header.length)),
    value: (row) => figureOf(figures(row), column.field),
  }));

export function kpiColumns(): Column<KpiRow>[] {
  return [
    { header: 'Сотрудник', kind: 'text', width: 34, value: (row) => row.name },
    ...figureColumns(KPI_COLUMNS, (row) => row.figures),
    ...figureColumns(SLA_COLUMNS, (row) => row.sla),
  ];
}
