// The `schoolbot` executable: one program, several commands. Each command lives in infra/cli/ and builds
// only what it needs.
import { Command } from 'commander';
import { registerStartCommand } from './cli/start.js';
import { registerDoctorCommand } from './cli/doctor.js';
import { registerProjectionsCommand } from './cli/projections.js';
import { registerHistoryCommand } from './cli/history.js';
import { registerAuditCommand } from './cli/audit.js';
import { registerMigrateCommands } from './cli/migrate.js';
import { registerRoomsCommand } from './cli/rooms.js';
import { registerCalendarCommand } from './cli/calendar.js';
import { registerExportCommand } from './cli/export.js';
import { registerFindCommand } from './cli/find.js';
import { registerDemoCommand } from './cli/demo.js';
import { reportFailure } from './cli/failure.js';

const program = new Command('schoolbot')
  .description('SchoolBot: school helpdesk and task tracker in Telegram')
  .option('--verbose', 'on failure, print the stack as well as the one-line reason')
  .showHelpAfterError();

registerStartCommand(program);
registerDoctorCommand(program);
registerProjectionsCommand(program);
registerHistoryCommand(program);
registerAuditCommand(program);
registerMigrateCommands(program);
registerRoomsCommand(program);
registerCalendarCommand(program);
registerExportCommand(program);
registerFindCommand(program);
registerDemoCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One line with the fix, not a stack trace; --verbose (anywhere on the line) adds the stack.
  reportFailure(error, process.argv.includes('--verbose'));
  process.exit(1);
}
