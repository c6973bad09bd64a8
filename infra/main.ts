// The `schoolbot` executable: one program, several commands. Each command lives in infra/cli/ and builds
// only what it needs.
import { Command } from 'commander';
import { registerStartCommand } from './cli/start.js';
import { registerDoctorCommand } from './cli/doctor.js';
import { registerProjectionsCommand } from './cli/projections.js';
import { registerHistoryCommand } from './cli/history.js';
import { registerAuditCommand } from './cli/audit.js';
import { registerMigrateCommands } from './cli/migrate.js';

const program = new Command('schoolbot')
  .description('SchoolBot: school helpdesk and task tracker in Telegram')
  .showHelpAfterError();

registerStartCommand(program);
registerDoctorCommand(program);
registerProjectionsCommand(program);
registerHistoryCommand(program);
registerAuditCommand(program);
registerMigrateCommands(program);

await program.parseAsync(process.argv);
