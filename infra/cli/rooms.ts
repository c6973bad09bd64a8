// `schoolbot rooms import <file.csv>`, `rooms list` and `rooms qr --out rooms.pdf`: the school's rooms and the
// QR posters for their doors. Rooms are events (room-<number> streams); the bot reads them from the rooms read
// model. These commands read the log itself, so they are right even before a worker has projected the import
// (on the embedded store the CLI and the bot never run at once).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Telegram } from 'telegraf';
import { createSchoolCommands } from '../../application/commands/schoolCommands.js';
import { systemClock } from '../../application/ports/clock.js';
import type { EventStore } from '../../application/ports/eventStore.js';
import { randomIds } from '../../application/ports/ids.js';
import type { RoomView } from '../../application/ports/readModels.js';
import { ROOM_EVENT_TYPES, compareRooms } from '../../domain/index.js';
import { categoryName, texts } from '../../adapters/telegram/texts.js';
import { logSettled } from '../../projections/lag.js';
import { readTail } from '../../projections/rebuild.js';
import type { RoomRow } from '../../projections/rooms.js';
import { roomsProjector } from '../../projections/rooms.js';
import type { Config } from '../config.js';
import { schoolPolicyOf } from '../config.js';
import { openStores } from '../openStores.js';
import { configOrExit } from './configOrExit.js';
import { OperatorError } from './failure.js';
import { formatTable } from './projections.js';
import { BOT_USERNAME, shortRoomLink } from './roomLinks.js';

/** How long a command reading the log waits for events held back by a running transaction (logSettled). */
const SETTLE_MS = 15_000;

/**
 * Every room as the log has it now: the rooms projector's own fold, run in memory. What was committed before the
 * command started is in it, even while a transaction elsewhere on the server holds readers back a moment.
 */
export async function roomsFromLog(store: EventStore): Promise<RoomView[]> {
  await logSettled(store, SETTLE_MS);
  const { events } = await readTail(store, ROOM_EVENT_TYPES, undefined);
  const rows = new Map<string, RoomRow>();
  for (const event of events) {
    const key = String(roomsProjector.keyOf(event));
    const row = roomsProjector.evolve(rows.get(key), event);
    if (row) rows.set(key, row);
  }
  return [...rows.values()]
    .map((row) => ({ number: row.number, name: row.name, floor: row.floor, category: row.category }))
    .sort(compareRooms);
}

export interface ImportSummary {
  defined: number;
  changed: number;
  unchanged: number;
}

/** Checks the whole file first; imports only when every row is good. Returns the problems, or what changed. */
export async function importRooms(
  config: Config,
  content: string,
): Promise<{ ok: false; problems: string[] } | { ok: true; summary: ImportSummary }> {
  const policy = schoolPolicyOf(config);
  // Loaded here, not at start: `schoolbot start` never needs the CSV parser (nor the PDF code below).
  const { readRoomsCsv } = await import('./roomsCsv.js');
  const { rooms, problems } = readRoomsCsv(content, policy.categories);
  if (problems.length > 0) return { ok: false, problems };
  const side = await openStores(config);
  try {
    const school = createSchoolCommands({ eventStore: side.store, clock: systemClock, ids: randomIds, policy, adminIds: config.ADMIN_TELEGRAM_IDS });
    const summary: ImportSummary = { defined: 0, changed: 0, unchanged: 0 };
    for (const room of rooms) {
      const result = await school.importRoom(room);
      if (!result.ok) throw new OperatorError(`room ${room.number} was refused: ${result.refusal.message}`);
      const type = result.replayed ? undefined : result.events[0]?.type;
      if (type === 'RoomDefined') summary.defined += 1;
      else if (type === 'RoomChanged') summary.changed += 1;
      else summary.unchanged += 1;
    }
    return { ok: true, summary };
  } finally {
    await side.close();
  }
}

/** The bot's username: `--bot`, or Telegram's answer to getMe when a token is configured. */
async function botUsername(config: Config, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const bot = given.trim().replace(/^@/, '');
    if (!BOT_USERNAME.test(bot)) throw new OperatorError(`rooms qr: "${given}" is not a bot username (5–32 latin letters, digits and _)`);
    return bot;
  }
  if (!config.TELEGRAM_TOKEN) {
    throw new OperatorError('rooms qr: no TELEGRAM_TOKEN to ask Telegram for the bot\'s username. Fix: pass --bot <username> (as in t.me/<username>)');
  }
  const me = await new Telegram(config.TELEGRAM_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT }).getMe();
  if (!me.username) throw new OperatorError('rooms qr: Telegram named no username for this bot. Fix: pass --bot <username>');
  return me.username;
}

async function readRooms(config: Config): Promise<RoomView[]> {
  const side = await openStores(config, { migrate: false });
  try {
    return await roomsFromLog(side.store);
  } finally {
    await side.close();
  }
}

export function registerRoomsCommand(program: Command): void {
  const rooms = program.command('rooms').description('the school\'s rooms and the QR posters for their doors');

  rooms
    .command('import')
    .description('import rooms from a CSV file (header: number,name,floor,category); nothing is imported if any row is bad')
    .argument('<file>', 'the CSV file')
    .action(async (file: string) => {
      const config = configOrExit();
      const content = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new OperatorError(`rooms import: cannot read ${file} (${error instanceof Error ? error.message : String(error)})`);
      });
      const result = await importRooms(config, content);
      if (!result.ok) {
        for (const problem of result.problems) console.error(`${file}: ${problem}`);
        console.error(`rooms import: nothing imported, ${result.problems.length} problem(s) to fix first`);
        process.exitCode = 1;
        return;
      }
      const { defined, changed, unchanged } = result.summary;
      console.log(`rooms import: ${defined + changed + unchanged} room(s) in ${file}: ${defined} new, ${changed} changed, ${unchanged} unchanged`);
    });

  rooms
    .command('list')
    .description('list the rooms')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = configOrExit();
      const list = await readRooms(config);
      if (options.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      if (list.length === 0) {
        console.log('no rooms yet: schoolbot rooms import rooms.csv');
        return;
      }
      const rows = list.map((room) => ({
        number: room.number,
        name: room.name,
        floor: room.floor === null ? '' : String(room.floor),
        category: `${room.category} (${categoryName(room.category)})`,
      }));
      console.log(formatTable(rows, [['number', 'NUMBER'], ['name', 'NAME'], ['floor', 'FLOOR'], ['category', 'CATEGORY']]));
    });

  rooms
    .command('qr')
    .description('an A4 PDF with one poster per room: its QR code opens the bot with the room filled in')
    .requiredOption('--out <file>', 'the PDF to write')
    .option('--bot <username>', 'the bot\'s username (default: asked from Telegram with TELEGRAM_TOKEN)')
    .option('--room <number...>', 'only these rooms')
    .action(async (options: { out: string; bot?: string; room?: string[] }) => {
      const config = configOrExit();
      const bot = await botUsername(config, options.bot);
      const all = await readRooms(config);
      const wanted = options.room?.map((number) => number.toLowerCase());
      const list = wanted ? all.filter((room) => wanted.includes(room.number)) : all;
      const missing = wanted?.filter((number) => !all.some((room) => room.number === number)) ?? [];
      if (missing.length > 0) throw new OperatorError(`rooms qr: no room ${missing.join(', ')} (schoolbot rooms list shows them)`);
      if (list.length === 0) throw new OperatorError('rooms qr: there are no rooms yet. Fix: schoolbot rooms import rooms.csv');
      const { writeRoomPosters } = await import('./roomPosters.js');
      await writeRoomPosters(options.out, list, bot);
      console.log(`rooms qr: ${list.length} poster(s) in ${options.out}, e.g. ${texts.rooms.posterTitle(list[0]!.number, list[0]!.name)} → ${shortRoomLink(bot, list[0]!.number)}`);
    });
}
