// `schoolbot export --kind tickets|tasks|kpi --from YYYY-MM-DD --to YYYY-MM-DD [--format xlsx|csv] --out FILE`:
// the export the bot sends in Telegram, for any size. Days are whole days in SCHOOL_TIMEZONE (both inclusive).
// Rows are read a page at a time and streamed into FILE.part, renamed to FILE once complete (a failed export
// leaves no half file behind). It only reads: with migrations pending it stops and says so.
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { once } from 'node:events';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, EXPORT_KINDS, type ExportFormat, type ExportKind } from '../../application/ports/export.js';
import { periodOfDays } from '../../application/exportPeriods.js';
import { isIsoDate } from '../../domain/calendar/index.js';
import { systemClock } from '../../application/ports/clock.js';
import type { Config } from '../config.js';
import { schoolExporter } from '../exporter.js';
import { openStores } from '../openStores.js';
import { loadConfiguredCalendar } from '../schoolCalendar.js';
import { collectGarbageDuringExports } from '../../adapters/files/export/heap.js';
import { configOrExit } from './configOrExit.js';
import { OperatorError } from './failure.js';

export interface ExportOptions {
  kind: ExportKind;
  from: string;
  to: string;
  format?: ExportFormat;
  out: string;
}

/** The format asked for, or the one the file's extension names (xlsx by default). */
export function formatOf(options: Pick<ExportOptions, 'format' | 'out'>): ExportFormat {
  if (options.format) return options.format;
  return extname(options.out).toLowerCase() === '.csv' ? 'csv' : 'xlsx';
}

function checkDay(flag: string, value: string): void {
  if (!isIsoDate(value)) throw new OperatorError(`export: ${flag} "${value}" is not a day. Fix: write it as YYYY-MM-DD, e.g. ${flag} 2026-09-01`);
}

interface Progress {
  update(rows: number): void;
  stop(): void;
}

/** A bar with rows/s and ETA on a terminal; nothing otherwise (the summary line follows). */
function progressFor(total: number, label: string, out: NodeJS.WriteStream): Progress {
  if (!out.isTTY || total === 0) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} rows | ETA {eta_formatted}`, stream: out, hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (rows) => bar.update(Math.min(rows, total)), stop: () => bar.stop() };
}

/** Runs the export into `options.out`; returns the rows written and the file's size. */
export async function runExport(
  config: Config,
  options: ExportOptions,
  progressOut: NodeJS.WriteStream = process.stderr,
  onRows?: (rows: number) => void,
): Promise<{ rows: number; bytes: number }> {
  checkDay('--from', options.from);
  checkDay('--to', options.to);
  const period = periodOfDays({ from: options.from, to: options.to }, config.SCHOOL_TIMEZONE);
  if (!period) throw new OperatorError(`export: --to ${options.to} is before --from ${options.from}. Fix: swap them`);
  const format = formatOf(options);
  const calendar = await loadConfiguredCalendar(config);
  const side = await openStores(config, { migrate: false, applicationName: 'schoolbot-export' });
  const partial = `${options.out}.part`;
  try {
    collectGarbageDuringExports();
    const exporter = schoolExporter(side.sql, config.SCHOOL_TIMEZONE, calendar);
    const now = systemClock.now();
    const total = await exporter.rowCount(options.kind, period, now);
    const progress = progressFor(total, `export ${options.kind}`, progressOut);
    const file = createWriteStream(partial);
    await once(file, 'open').catch((error: unknown) => {
      throw new OperatorError(`export: cannot write ${options.out} (${error instanceof Error ? error.message : String(error)}). Fix: a folder that exists and that you may write to`);
    });
    try {
      const { rows } = await exporter.write({ kind: options.kind, format, period, now }, file, (rows) => {
        progress.update(rows);
        onRows?.(rows);
      });
      if (!file.writableFinished) await once(file, 'finish');
      await new Promise<void>((resolve, reject) => file.close((error) => (error ? reject(error) : resolve())));
      await rename(partial, options.out);
      return { rows, bytes: (await stat(options.out)).size };
    } finally {
      progress.stop();
      file.destroy();
    }
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await side.close();
  }
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('tickets, tasks or KPI of a period as XLSX or CSV (UTF-8 with BOM, ";" between fields) for Excel')
    .addOption(new Option('--kind <kind>', 'what to export').choices([...EXPORT_KINDS]).makeOptionMandatory())
    .requiredOption('--from <date>', 'the first day, YYYY-MM-DD in SCHOOL_TIMEZONE (tickets opened / tasks assigned from then)')
    .requiredOption('--to <date>', 'the last day, YYYY-MM-DD, inclusive')
    .addOption(new Option('--format <format>', 'xlsx or csv (default: by the extension of --out, else xlsx)').choices([...EXPORT_FORMATS]))
    .requiredOption('--out <file>', 'the file to write (replaced when it exists)')
    .action(async (options: ExportOptions) => {
      const config = configOrExit();
      const started = Date.now();
      const { rows, bytes } = await runExport(config, options);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`export: ${rows} ${options.kind} row(s), ${options.from} to ${options.to} (${config.SCHOOL_TIMEZONE}) → ${options.out} (${formatOf(options)}, ${(bytes / 1_048_576).toFixed(1)} MB) in ${seconds} s`);
    });
}
