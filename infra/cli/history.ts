// `schoolbot history ticket|task <number> [--as-of <time>] [--json]`: the auditor's timeline, replayed from
// the event store. Times are shown and read in the school's time zone.
import { Argument, type Command } from 'commander';
import { DateTime } from 'luxon';
import type { History } from '../../application/history.js';
import { historyJson, replayHistory } from '../../application/history.js';
import { historyLinesIn } from '../../adapters/telegram/historyLines.js';
import { cutToUnits } from '../../domain/index.js';
import { openStores } from '../openStores.js';
import { configOrExit } from './configOrExit.js';
import { formatTable } from './projections.js';

/** How much of the words typed into an event the table shows. */
const DETAIL_SHOWN_MAX = 200;

/** An ISO instant with an offset, or a local date-time (`2026-11-20 15:00`, `2026-11-20`) in the school's zone. */
export function parseMoment(text: string, zone: string): Date | undefined {
  const trimmed = text.trim();
  const withZone = DateTime.fromISO(trimmed.replace(' ', 'T'), { zone, setZone: false });
  if (withZone.isValid) return withZone.toJSDate();
  const local = DateTime.fromFormat(trimmed, 'dd.MM.yyyy HH:mm', { zone });
  return local.isValid ? local.toJSDate() : undefined;
}

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');

function stateLine(history: History, zone: string): string {
  const state = history.state as Record<string, unknown>;
  if (state.status === 'none') return 'state: did not exist yet';
  const pick = (keys: string[]) =>
    keys
      .filter((key) => state[key] !== undefined && state[key] !== null)
      .map((key) => {
        const value = state[key];
        return `${key} ${typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? local(value, zone) : JSON.stringify(value)}`;
      })
      .join(', ');
  return history.kind === 'ticket'
    ? `state: ${pick(['status', 'priority', 'category', 'authorId', 'assigneeId', 'dueAt', 'resolvedAt', 'closedAt', 'reopenCount', 'commentCount'])}`
    : `state: ${pick(['status', 'issuerId', 'assigneeId', 'deadline', 'missedDeadlines', 'completedAt'])}`;
}

export function formatHistory(history: History, zone: string): string {
  // What each entry means, in the Russian of the bot's /history card (and of the audit API's summary).
  const describe = historyLinesIn(zone);
  const title = `${history.kind === 'ticket' ? 'Ticket' : 'Task'} №${history.number} (stream ${history.stream}), replayed from the event store`;
  const asOf = history.asOf ? `, as of ${local(history.asOf, zone)} ${zone}` : '';
  const rows = history.entries.map((entry) => ({
    when: local(entry.at, zone),
    who: `${entry.actorName}${entry.actorName !== entry.actorId ? ` (${entry.actorId})` : ''}`,
    what: entry.detail ? `${describe(entry)}: «${cutToUnits(entry.detail.replace(/\s+/g, ' '), DETAIL_SHOWN_MAX)}»` : describe(entry),
  }));
  return [
    `${title}${asOf}`,
    '',
    formatTable(rows, [
      ['when', `WHEN (${zone})`],
      ['who', 'WHO'],
      ['what', 'WHAT'],
    ]),
    '',
    stateLine(history, zone),
  ].join('\n');
}

export function registerHistoryCommand(program: Command): void {
  program
    .command('history')
    .description('the full timeline of one ticket or task, replayed from the event store')
    .addArgument(new Argument('<kind>', 'ticket or task').choices(['ticket', 'task']))
    .argument('<number>', 'its number (№)')
    .option('--as-of <time>', 'show the state as of this moment (ISO, or "YYYY-MM-DD HH:mm" in SCHOOL_TIMEZONE)')
    .option('--json', 'print JSON (the same as the audit API serves)')
    .action(async (kind: 'ticket' | 'task', numberText: string, options: { asOf?: string; json?: boolean }) => {
      const config = configOrExit();
      const number = Number(numberText.replace(/^№/, ''));
      if (!Number.isInteger(number) || number <= 0) {
        console.error(`history: "${numberText}" is not a ${kind} number`);
        process.exitCode = 2;
        return;
      }
      const asOf = options.asOf === undefined ? undefined : parseMoment(options.asOf, config.SCHOOL_TIMEZONE);
      if (options.asOf !== undefined && !asOf) {
        console.error(`history: cannot read the time "${options.asOf}" (use 2026-11-20T15:00:00+03:00 or "2026-11-20 15:00")`);
        process.exitCode = 2;
        return;
      }
      const side = await openStores(config, { migrate: false });
      try {
        const history = await replayHistory(side.store, kind, number, { asOf });
        if (!history) {
          console.error(`history: there is no ${kind} №${number}`);
          process.exitCode = 1;
          return;
        }
        console.log(options.json ? historyJson(history, historyLinesIn(config.SCHOOL_TIMEZONE)) : formatHistory(history, config.SCHOOL_TIMEZONE));
      } finally {
        await side.close();
      }
    });
}
