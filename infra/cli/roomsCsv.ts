// The school's room list as a CSV file (`schoolbot rooms import rooms.csv`): a header row naming the columns
// number, name, floor, category (in any order; Russian headers and `;` as the separator, as a spreadsheet in a
// Russian locale saves it, are read too), then one room per row. Every row is checked before anything is
// imported; each problem is one line naming the file's line and what is wrong.
import { parse } from 'csv-parse/sync';
import type { RoomValues } from '../../domain/index.js';
import { FLOOR_MAX, FLOOR_MIN, NAME_MAX, ROOM_NUMBER_MAX, roomNumberSchema } from '../../domain/index.js';
import { texts } from '../../adapters/telegram/texts.js';

export const ROOM_COLUMNS = ['number', 'name', 'floor', 'category'] as const;
type Column = (typeof ROOM_COLUMNS)[number];

const HEADER_NAMES: Readonly<Record<string, Column>> = {
  number: 'number',
  'номер': 'number',
  'кабинет': 'number',
  name: 'name',
  'название': 'name',
  floor: 'floor',
  'этаж': 'floor',
  category: 'category',
  'категория': 'category',
};

export interface RoomsCsv {
  readonly rooms: RoomValues[];
  /** One line per problem: "line 3: floor «второй» is not a whole number". Empty when every row is good. */
  readonly problems: string[];
}

class HeaderProblem extends Error {}

/** A category by its slug (`it`) or by the name the bot shows for it (`ИТ и компьютеры`), in any case. */
function categoryOf(value: string, categories: readonly string[]): string | undefined {
  const wanted = value.trim().toLowerCase();
  return categories.find((slug) => slug === wanted || (texts.categories[slug] ?? '').toLowerCase() === wanted);
}

function checkRow(row: Partial<Record<Column, string>>, categories: readonly string[]): { room?: RoomValues; problems: string[] } {
  const problems: string[] = [];
  const number = (row.number ?? '').trim().toLowerCase();
  if (number === '') problems.push('number is empty');
  else if (!roomNumberSchema.safeParse(number).success) {
    problems.push(`number «${row.number ?? ''}» may hold only latin letters, digits, - and _ (at most ${ROOM_NUMBER_MAX}): it goes into a Telegram link`);
  }
  const name = (row.name ?? '').trim().replace(/\s+/g, ' ');
  if (name.length > NAME_MAX) problems.push(`name is longer than ${NAME_MAX} characters`);
  const floorText = (row.floor ?? '').trim();
  let floor: number | null = null;
  if (floorText !== '') {
    floor = /^-?\d+$/.test(floorText) ? Number(floorText) : Number.NaN;
    if (!Number.isInteger(floor) || floor < FLOOR_MIN || floor > FLOOR_MAX) {
      problems.push(`floor «${floorText}» is not a whole number from ${FLOOR_MIN} to ${FLOOR_MAX} (or empty)`);
    }
  }
  const categoryText = (row.category ?? '').trim();
  const category = categoryOf(categoryText, categories);
  if (categoryText === '') problems.push(`category is empty (one of: ${categories.join(', ')})`);
  else if (!category) problems.push(`category «${categoryText}» is not one of: ${categories.join(', ')}`);
  if (problems.length > 0 || !category) return { problems };
  return { room: { number, name, floor, category }, problems };
}

/** Reads and checks the whole file; `rooms` is complete only when `problems` is empty. */
export function readRoomsCsv(content: string, categories: readonly string[]): RoomsCsv {
  let records: { record: Partial<Record<Column, string>>; info: { lines: number } }[];
  try {
    records = parse(content, {
      bom: true,
      delimiter: [',', ';'],
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        const named = header.map((title) => HEADER_NAMES[title.trim().toLowerCase()]);
        const missing = ROOM_COLUMNS.filter((column) => !named.includes(column));
        if (missing.length > 0) {
          throw new HeaderProblem(
            `line 1: the header row must name the columns ${ROOM_COLUMNS.join(', ')} (missing: ${missing.join(', ')}; found: ${header.join(', ')})`,
          );
        }
        // An unknown column is left out (false), so a spreadsheet's extra notes do no harm.
        return named.map((column) => column ?? false);
      },
    }) as typeof records;
  } catch (error) {
    if (error instanceof HeaderProblem) return { rooms: [], problems: [error.message] };
    const where = (error as { lines?: number }).lines;
    return { rooms: [], problems: [`${where ? `line ${where}: ` : ''}${error instanceof Error ? error.message : String(error)}`] };
  }
  const rooms: RoomValues[] = [];
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  if (records.length === 0) problems.push('the file names no rooms (a header row, then one room per line)');
  for (const { record, info } of records) {
    const checked = checkRow(record, categories);
    for (const problem of checked.problems) problems.push(`line ${info.lines}: ${problem}`);
    if (!checked.room) continue;
    const earlier = firstLine.get(checked.room.number);
    if (earlier !== undefined) {
      problems.push(`line ${info.lines}: room ${checked.room.number} is already on line ${earlier}`);
      continue;
    }
    firstLine.set(checked.room.number, info.lines);
    rooms.push(checked.room);
  }
  return { rooms: problems.length === 0 ? rooms : [], problems };
}
