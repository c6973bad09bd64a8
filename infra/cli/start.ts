import { Option, type Command } from 'commander';
import { configOrExit } from './configOrExit.js';
import { preferSmallHeap } from '../heapPolicy.js';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the bot and/or the worker')
    .addOption(new Option('--role <role>', 'bot, worker or all').choices(['bot', 'worker', 'all']))
    .action(async (options: { role?: string }) => {
      const config = configOrExit(options.role ? { BOT_ROLE: options.role } : {});
      // A long-running process: smaller steps of heap growth (infra/heapPolicy.ts).
      preferSmallHeap();
      // Loaded here, not at the top: the bot's modules (Telegram, HTTP, Sentry, PDF…) take about a second of
      // CPU to load, which every other command (status, history, migrate…) would otherwise pay too.
      const { startApp } = await import('../app.js');
      await startApp(config);
    });
}
