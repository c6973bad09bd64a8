// `schoolbot demo`: fills an empty school with the demo school (staff, rooms, tickets in every state, tasks due
// around today) through the school's own commands; refused on a school that has data.
import type { Command } from 'commander';
import { DemoSchoolRefused, demoAdminOf, fillDemoSchool } from '../demo.js';
import { openStores } from '../openStores.js';
import { configOrExit } from './configOrExit.js';
import { formatTable } from './projections.js';

/** A refusal's one line and exit code 1; anything else is a failure for the caller. */
function refusedLine(error: unknown): void {
  if (!(error instanceof DemoSchoolRefused)) throw error;
  console.error(error.cliLine);
  process.exitCode = 1;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('fill an empty school with a demo school: staff, rooms, tickets in every state and tasks due around today')
    .option('--admin <telegramId>', 'the admin to fill it as (default: the first of ADMIN_TELEGRAM_IDS)')
    .action(async (options: { admin?: string }) => {
      const config = configOrExit();
      const fillOptions = options.admin === undefined ? {} : { adminTelegramId: options.admin };
      try {
        demoAdminOf(config, fillOptions); // refused before the database is opened (or created)
      } catch (error) {
        refusedLine(error);
        return;
      }
      const side = await openStores(config);
      try {
        const summary = await fillDemoSchool(config, side.store, fillOptions);
        const rows = summary.people.map((person) => ({ id: person.telegramId, name: person.name, role: person.roleLabel }));
        console.log(formatTable(rows, [['id', 'TELEGRAM ID'], ['name', 'NAME'], ['role', 'ROLE']]));
        console.log(
          `demo: the demo school is filled: ${summary.people.length} people, ${summary.rooms} rooms, ${summary.tickets} tickets, ${summary.tasks} tasks (a running worker projects them; else schoolbot projections rebuild)`,
        );
      } catch (error) {
        refusedLine(error);
      } finally {
        await side.close();
      }
    });
}
