import { Option, type Command } from 'commander';
import { startApp } from '../app.js';
import { configOrExit } from './configOrExit.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the bot and/or the worker')
    .addOption(new Option('--role <role>', 'bot, worker or all').choices(['bot', 'worker', 'all']))
    .action(async (options: { role?: string }) => {
      const config = configOrExit(options.role ? { BOT_ROLE: options.role } : {});
      await startApp(config);
    });
}
