// The `schoolbot` executable: one program, several commands. Each command builds only what it needs.
import { Command, Option } from 'commander';
import { startApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { hostname } from 'node:os';

function configOrExit(overrides: Partial<Record<string, string>> = {}): Config {
  try {
    return loadConfig({ ...process.env, ...overrides }, hostname());
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const line of error.problems) console.error(line);
      console.error('schoolbot: fix the variables above (see env.example) and start again.');
      process.exit(2);
    }
    throw error;
  }
}

const program = new Command('schoolbot').description('SchoolBot: school helpdesk and task tracker in Telegram');

program
  .command('start')
  .description('run the bot and/or the worker')
  .addOption(new Option('--role <role>', 'bot, worker or all').choices(['bot', 'worker', 'all']))
  .action(async (options: { role?: string }) => {
    const config = configOrExit(options.role ? { BOT_ROLE: options.role } : {});
    await startApp(config);
  });

await program.parseAsync(process.argv);
