// XLSX through exceljs' streaming writer: each row is committed (turned into XML and handed to the zip
// stream) as it is added, so memory holds a few rows, not the sheet. Dates are real Excel dates showing the
// school's wall clock (Excel dates have no zone: the instant is shifted by the zone's offset at that moment),
// numbers are numbers with a format, the header row is bold and frozen, and the autofilter covers the table.
import { once, type EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
// Loaded at the first export, not at start: exceljs and its zip stack take a second of CPU to load.
import type ExcelJS from 'exceljs';
import type { CellKind, CellValue, Column } from './columns.js';
import { collectGarbage } from './heap.js';
import { offsetsOf, wallClockDate } from './wallClock.js';

// Integers need no format (General shows them as they are): every formatted cell costs the writer a style lookup.
const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  integer: undefined,
  date: 'dd.mm.yyyy hh:mm',
  hours: '0.0',
  percent: '0.0%',
  decimal: '0.00',
};

const HOUR_MS = 3_600_000;

function cellOf(kind: CellKind, value: CellValue, zone: string, offsetAt: (ms: number) => number): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === 'date' && value instanceof Date) return wallClockDate(value, zone, offsetAt);
  if (kind === 'hours' && typeof value === 'number') return Math.round((value / HOUR_MS) * 10) / 10;
  return value;
}

const ROWS_PER_CHECK = 100;
/** A full collection this often keeps the heap near the live rows (./heap.ts). */
const ROWS_PER_COLLECTION = 10_000;
const ROWS_PER_REPORT = 500;

interface PipeState {
  _writableState?: { needDrain?: boolean };
}

/**
 * Backpressure exceljs does not apply: a committed row goes into the sheet's zip entry (a PassThrough that
 * zlib reads) without waiting, so rows produced faster than they are compressed would pile up there, tens of
 * megabytes for a big sheet. Waits until that entry drained (exceljs 4's internals: the sheet's stream and its
 * pipes; if they are not there, it only lets the event loop turn).
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes)) return new Promise<void>((resolve) => setImmediate(resolve));
  for (const pipe of pipes as Array<PipeState & EventEmitter>) {
    if (pipe._writableState?.needDrain) await once(pipe, 'drain');
  }
}

export async function writeXlsx<Row>(
  out: Writable,
  sheetName: string,
  columns: readonly Column<Row>[],
  rows: AsyncIterable<Row>,
  zone: string,
  onRows?: (rows: number) => void,
): Promise<number> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'SchoolBot';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  sheet.columns = columns.map((column, i) => ({ key: `c${i}`, width: column.width }));
  // One style object per column, shared by its cells: exceljs remembers a style object's id, so a shared one
  // is looked up once, where a style per cell would be serialized and compared for every cell.
  const styles = columns.map((column): Partial<ExcelJS.Style> => {
    const numFmt = NUMBER_FORMATS[column.kind];
    return numFmt ? { numFmt } : {};
  });
  const header = sheet.addRow(columns.map((column) => column.header));
  const headerStyle: Partial<ExcelJS.Style> = { font: { bold: true }, alignment: { vertical: 'middle', wrapText: true } };
  header.eachCell((cell) => (cell.style = headerStyle));
  header.commit();
  const offsetAt = offsetsOf(zone);
  let count = 0;
  for await (const row of rows) {
    const added = sheet.addRow(columns.map((column) => cellOf(column.kind, column.value(row), zone, offsetAt)));
    styles.forEach((style, i) => (added.getCell(i + 1).style = style));
    added.commit();
    count += 1;
    if (count % ROWS_PER_CHECK === 0) await zipCaughtUp(sheet);
    if (count % ROWS_PER_REPORT === 0) onRows?.(count);
    if (count % ROWS_PER_COLLECTION === 0) collectGarbage();
  }
  // Written when the sheet is committed, so it can name the last row.
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, count + 1), column: columns.length } };
  sheet.commit();
  await workbook.commit();
  onRows?.(count);
  return count;
}
