// XLSX through exceljs' streaming writer: each row is committed (turned into XML and handed to the zip
// stream) as it is added, so memory holds a few rows, not the sheet. Dates are real Excel dates showing the
// school's wall clock (Excel dates have no zone: the instant is shifted by the zone's offset at that moment),
// numbers are numbers with a format, the header row is bold and frozen, and the autofilter covers the table.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { CellKind, CellValue, Column } from './columns.js';

const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  integer: '0',
  date: 'dd.mm.yyyy hh:mm',
  hours: '0.0',
  percent: '0.0%',
  decimal: '0.00',
};

const HOUR_MS = 3_600_000;

/** An instant as the Date whose UTC fields are the school's wall clock (what Excel will show). */
export function wallClockDate(instant: Date, zone: string): Date {
  const offsetMinutes = DateTime.fromJSDate(instant, { zone }).offset;
  return new Date(instant.getTime() + offsetMinutes * 60_000);
}

function cellOf(kind: CellKind, value: CellValue, zone: string): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === 'date' && value instanceof Date) return wallClockDate(value, zone);
  if (kind === 'hours' && typeof value === 'number') return Math.round((value / HOUR_MS) * 10) / 10;
  return value;
}

/** Lets the zip stream compress what was committed before more rows come (rows are produced faster). */
const yieldToStreams = () => new Promise<void>((resolve) => setImmediate(resolve));
const ROWS_PER_YIELD = 500;

export async function writeXlsx<Row>(
  out: Writable,
  sheetName: string,
  columns: readonly Column<Row>[],
  rows: AsyncIterable<Row>,
  zone: string,
  onRows?: (rows: number) => void,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'SchoolBot';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  sheet.columns = columns.map((column, i) => {
    const numFmt = NUMBER_FORMATS[column.kind];
    return { key: `c${i}`, width: column.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = sheet.addRow(columns.map((column) => column.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.numFmt = 'General';
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  header.commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(columns.map((column) => cellOf(column.kind, column.value(row), zone))).commit();
    count += 1;
    if (count % ROWS_PER_YIELD === 0) {
      onRows?.(count);
      await yieldToStreams();
    }
  }
  // Written when the sheet is committed, so it can name the last row.
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, count + 1), column: columns.length } };
  sheet.commit();
  await workbook.commit();
  onRows?.(count);
  return count;
}
