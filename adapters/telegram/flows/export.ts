// /export: managers and auditors pick a kind (tickets, tasks, KPI) and a period with buttons, and get an XLSX
// document back. Both buttons are stateless (xk:<kind>, xr:<kind>:<period>) and re-authorized on every press.
// The file is built while the update is handled, so the bot sends only what fits Telegram: over
// EXPORT_ROW_LIMIT rows (or over Telegram's 50 MB) the person is pointed to `schoolbot export` with the
// arguments of what they asked for.
import { Writable } from 'node:stream';
import { mayExport } from '../../../application/authorization.js';
import { EXPORT_KINDS, type ExportKind } from '../../../application/ports/export.js';
import { PERIOD_PRESETS, periodOfDays, presetDays, type PeriodPreset } from '../../../application/exportPeriods.js';
import { encodeCallback } from '../callbackData.js';
import { texts } from '../texts.js';
import { button, type Flow, type Turn } from '../turn.js';
import { requireActive } from './common.js';

/** The most rows the bot builds and sends in a chat; a longer export is the CLI's. */
export const EXPORT_ROW_LIMIT = 20_000;
/** Telegram takes documents up to 50 MB from a bot. */
export const TELEGRAM_DOCUMENT_MAX_BYTES = 50 * 1024 * 1024;

const t = texts.export;
const isKind = (value: string | undefined): value is ExportKind => (EXPORT_KINDS as readonly string[]).includes(value ?? '');
const isPreset = (value: string | undefined): value is PeriodPreset => (PERIOD_PRESETS as readonly string[]).includes(value ?? '');
const kindLabel = (kind: ExportKind) => t.kinds[kind] ?? kind;
/** `2026-11-30` → `30.11.2026`. */
const shownDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/** The command an operator runs for the same export on the server. */
export const cliCommandFor = (kind: ExportKind, from: string, to: string) =>
  `schoolbot export --kind ${kind} --from ${from} --to ${to} --format xlsx --out ${kind}_${from}_${to}.xlsx`;

/** Anyone active who may export, with an exporter wired in; the others are told why not. */
function mayGoOn(turn: Turn): boolean {
  if (!requireActive(turn)) return false;
  if (!mayExport(turn.person)) {
    turn.reply(t.notAllowed);
    return false;
  }
  if (!turn.deps.exports) {
    turn.reply(t.unavailable);
    return false;
  }
  return true;
}

class TooHeavyError extends Error {}

/** What `write` wrote, in memory; gives up past `maxBytes` (the file could not be sent anyway). */
async function collectBytes(write: (out: Writable) => Promise<unknown>, maxBytes: number): Promise<Buffer | 'too-heavy'> {
  const chunks: Buffer[] = [];
  let size = 0;
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooHeavyError(`over ${maxBytes} bytes`));
      chunks.push(chunk);
      done();
    },
  });
  try {
    await write(out);
  } catch (error) {
    if (error instanceof TooHeavyError || size > maxBytes) return 'too-heavy';
    throw error;
  }
  return size > maxBytes ? 'too-heavy' : Buffer.concat(chunks, size);
}

async function runExport(turn: Turn, kind: ExportKind, preset: PeriodPreset): Promise<void> {
  const exports = turn.deps.exports!;
  const days = presetDays(preset, turn.now, turn.deps.zone);
  const period = periodOfDays(days, turn.deps.zone);
  if (!period) return turn.reply(texts.common.staleButton);
  const command = cliCommandFor(kind, days.from, days.to);
  const rows = await exports.rowCount(kind, period, turn.now);
  if (rows > EXPORT_ROW_LIMIT) return turn.reply(t.tooLarge(rows, EXPORT_ROW_LIMIT, command));
  const [from, to] = [shownDate(days.from), shownDate(days.to)];
  if (rows === 0) return turn.reply(t.empty(kindLabel(kind), from, to));
  const bytes = await collectBytes((out) => exports.write({ kind, format: 'xlsx', period, now: turn.now }, out), TELEGRAM_DOCUMENT_MAX_BYTES);
  if (bytes === 'too-heavy') return turn.reply(t.tooHeavy(Math.ceil(TELEGRAM_DOCUMENT_MAX_BYTES / 1_048_576), command));
  // Always to the person's private chat: a button pressed where others read (a forwarded card in a group)
  // must not hand the school's data to them.
  turn.send({
    chatId: turn.userId,
    lane: 'reply',
    text: t.caption(kindLabel(kind), from, to, rows),
    document: { bytes, filename: `${kind}_${days.from}_${days.to}.xlsx` },
  });
}

export const exportFlow: Flow = {
  commands: {
    export: async (turn) => {
      if (!mayGoOn(turn)) return;
      turn.reply(
        t.chooseKind,
        EXPORT_KINDS.map((kind) => [button(kindLabel(kind), encodeCallback('exportKind', kind))]),
      );
    },
  },
  callbacks: {
    exportKind: async (turn, [kind]) => {
      if (!isKind(kind)) return turn.reply(texts.common.staleButton);
      if (!mayGoOn(turn)) return;
      turn.reply(
        t.choosePeriod(kindLabel(kind)),
        PERIOD_PRESETS.map((preset) => [button(t.periods[preset] ?? preset, encodeCallback('exportRun', kind, preset))]),
      );
    },
    exportRun: async (turn, [kind, preset]) => {
      if (!isKind(kind) || !isPreset(preset)) return turn.reply(texts.common.staleButton);
      if (!mayGoOn(turn)) return;
      await runExport(turn, kind, preset);
    },
  },
};
