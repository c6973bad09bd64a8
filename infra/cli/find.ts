// `schoolbot find <words...> [--kind tickets|tasks] [--as <telegramId>]`: the search /find runs (docs/search.md),
// for an operator. Without --as it sees what an auditor sees (everything); with --as, only what that person may
// open in Telegram. The phrase is read as in the bot (Russian words, «№124», «каб. 204», «за октябрь»…).
import { Option, type Command } from 'commander';
import { DateTime } from 'luxon';
import type { SearchViewer } from '../../application/ports/readModels.js';
import { resolvePerson } from '../../application/people.js';
import { sqlSearchQueries } from '../../adapters/postgres/readModels/searchQueries.js';
import { parseSearchPhrase } from '../../adapters/telegram/searchPhrase.js';
import { openStores } from '../openStores.js';
import { configOrExit } from './configOrExit.js';
import { formatTable } from './projections.js';

/** Whom the operator searches as without --as: an overseer who may read every card and comment. */
const OPERATOR: SearchViewer = { telegramId: 'cli', role: 'auditor', status: 'active' };

interface FindOptions {
  kind?: 'tickets' | 'tasks';
  as?: string;
  limit: string;
  page: string;
}

export function registerFindCommand(program: Command): void {
  program
    .command('find')
    .description('search tickets and tasks by words (Russian stemming), number, room, person, status and period')
    .argument('<words...>', 'what to look for, as in /find: e.g. проектор 204, №124, открытые за октябрь')
    .addOption(new Option('--kind <kind>', 'only tickets or only tasks').choices(['tickets', 'tasks']))
    .option('--as <telegramId>', 'show only what this person may see in Telegram')
    .option('--limit <n>', 'results per page', '20')
    .option('--page <n>', 'which page', '1')
    .action(async (words: string[], options: FindOptions) => {
      const config = configOrExit();
      const zone = config.SCHOOL_TIMEZONE;
      const query = words.join(' ');
      const limit = Number(options.limit);
      const page = Number(options.page);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(page) || page < 1) {
        console.error('find: --limit must be 1–1000 and --page 1 or more');
        process.exitCode = 2;
        return;
      }
      const now = new Date();
      const parsed = parseSearchPhrase(query, now, zone);
      if (!parsed.ok) {
        console.error(parsed.reason === 'date' ? `find: a date in "${query}" does not exist (write 1.10 or 01.10.2026)` : 'find: nothing to look for');
        process.exitCode = 2;
        return;
      }
      const side = await openStores(config, { migrate: false });
      try {
        let viewer = OPERATOR;
        if (options.as !== undefined) {
          const person = await resolvePerson(side.store, options.as, config.ADMIN_TELEGRAM_IDS.map(String));
          viewer = { telegramId: person.telegramId, role: person.role, status: person.status };
          if (person.status !== 'active') console.error(`find: ${options.as} is not an active staff member (${person.status}): they see nothing`);
        }
        const { terms, statuses, from, to } = parsed.phrase;
        const kind = options.kind === 'tickets' ? 'ticket' : options.kind === 'tasks' ? 'task' : parsed.phrase.kind;
        const result = await sqlSearchQueries(side.sql).search(
          { viewer, terms, statuses, ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}), limit, offset: (page - 1) * limit },
          now,
        );
        const pages = Math.max(1, Math.ceil(result.total / limit));
        const who = options.as === undefined ? 'as an auditor (everything)' : `as ${options.as}`;
        console.log(`${result.more ? 'more than ' : ''}${result.total} found for "${query}" ${who}; page ${Math.min(page, pages)} of ${pages}`);
        if (result.items.length === 0) return;
        const rows = result.items.map((hit) => ({
          number: `${hit.kind === 'ticket' ? '№' : 'п'}${hit.number}`,
          kind: hit.kind,
          status: `${hit.status}${hit.overdue ? ' (overdue)' : ''}`,
          opened: DateTime.fromJSDate(hit.openedAt, { zone }).toFormat('yyyy-MM-dd HH:mm'),
          place: hit.location,
          title: hit.title,
        }));
        console.log(
          formatTable(rows, [
            ['number', 'NUMBER'],
            ['kind', 'KIND'],
            ['status', 'STATUS'],
            ['opened', `OPENED (${zone})`],
            ['place', 'PLACE'],
            ['title', 'TITLE'],
          ]),
        );
      } finally {
        await side.close();
      }
    });
}
