// Receiving updates, in webhook or long-polling mode, and stopping: no new updates, then a bounded wait for
// those in flight (the bot counts them in both modes).
import type { Update } from 'telegraf/types';
import type { TelegramBot } from './bot.js';

export interface Intake {
  /** Handles one update (the webhook route calls this). */
  handle(update: Update): Promise<void>;
  accepting(): boolean;
  /** Long polling (one process per token): getUpdates in a loop until stop. */
  startPolling(onError: (error: unknown) => void): void;
  /** Stops taking updates and waits up to `timeoutMs` for those in flight; true when all finished. */
  stop(timeoutMs: number): Promise<boolean>;
}

export function createIntake(bot: TelegramBot): Intake {
  let accepting = true;
  let polling = false;
  return {
    handle: (update) => bot.handleUpdate(update),
    accepting: () => accepting,
    startPolling(onError) {
      polling = true;
      // launch() deletes a webhook (polling and a webhook exclude each other) and resolves only when
      // polling stops; pending updates are kept.
      bot.telegraf.launch({ dropPendingUpdates: false }).catch(onError);
    },
    async stop(timeoutMs) {
      accepting = false;
      if (polling) {
        polling = false;
        try {
          bot.telegraf.stop('SIGTERM');
        } catch {
          // Telegraf throws when polling had not started yet or had already stopped.
        }
      }
      return bot.idle(timeoutMs);
    },
  };
}
