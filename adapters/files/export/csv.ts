// CSV for Excel with Russian regional settings: UTF-8 with a byte-order mark (without it Excel reads the
// file as Windows-1251 and the Cyrillic turns to mojibake), `;` between fields (Excel splits a CSV it opens
// by the list separator of the system, which is `;` where the decimal separator is a comma, as in Russia),
// a decimal comma, dates as `dd.MM.yyyy HH:mm` in the school's zone (Excel reads them as dates), CRLF line
// ends. Quoting is csv-stringify's. A text that Excel would take for a formula (=, +, -, @ first) gets a
// leading apostrophe, so a title like "=HYPERLINK(…)" stays text.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { CellKind, CellValue, Column } from './columns.js';
import { collectGarbage } from './heap.js';
import { offsetsOf, wallClockDate } from './wallClock.js';

export const CSV_DELIMITER = ';';
const HOUR_MS = 3_600_000;
const FORMULA_START = /^[=+\-@\t\r]/;

const decimal = (value: number, digits: number) => value.toFixed(digits).replace('.', ',');

const two = (n: number) => String(n).padStart(2, '0');

/** `dd.MM.yyyy HH:mm` on the school's wall clock. */
function shownDate(instant: Date, zone: string, offsetAt: (ms: number) => number): string {
  const wall = wallClockDate(instant, zone, offsetAt);
  return `${two(wall.getUTCDate())}.${two(wall.getUTCMonth() + 1)}.${wall.getUTCFullYear()} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
}

export function csvCell(kind: CellKind, value: CellValue, zone: string, offsetAt: (ms: number) => number = offsetsOf(zone)): string {
  if (value === null) return '';
  if (value instanceof Date) return shownDate(value, zone, offsetAt);
  if (typeof value === 'number') {
    switch (kind) {
      case 'hours':
        return decimal(value / HOUR_MS, 1);
      case 'percent':
        return `${decimal(value * 100, 1)}%`;
      case 'decimal':
        return decimal(value, 2);
      default:
        return Number.isInteger(value) ? String(value) : decimal(value, 2);
    }
  }
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export async function writeCsv<Row>(
  out: Writable,
  columns: readonly Column<Row>[],
  rows: AsyncIterable<Row>,
  zone: string,
  onRows?: (rows: number) => void,
): Promise<number> {
  const stringifier = stringify({ bom: true, delimiter: CSV_DELIMITER, record_delimiter: 'windows' });
  const written = pipeline(stringifier, out);
  const put = async (record: string[]) => {
    if (!stringifier.write(record)) await Promise.race([once(stringifier, 'drain'), written]);
  };
  const offsetAt = offsetsOf(zone);
  let count = 0;
  try {
    await put(columns.map((column) => column.header));
    for await (const row of rows) {
      await put(columns.map((column) => csvCell(column.kind, column.value(row), zone, offsetAt)));
      count += 1;
      if (count % 1_000 === 0) onRows?.(count);
      if (count % 10_000 === 0) collectGarbage();
    }
  } catch (error) {
    stringifier.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => {});
    throw error;
  }
  stringifier.end();
  await written;
  onRows?.(count);
  return count;
}
