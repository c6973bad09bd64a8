// Receiving updates, in webhook or long-polling mode, and stopping: no new updates, then a bounded wait for
// those in flight (the bot counts them in both modes).
//
// Long polling is our own loop rather than telegraf's: telegraf moves its offset past a batch before handling
// it and only logs a failed update, which would lose it. Here a failed update is retried with backoff, and the
// offset moves past a batch only once every update in it was handled (or given up after MAX_ATTEMPTS, loudly);
// a crash mid-batch means Telegram hands the batch out again, and completed updates are skipped by their claim.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'telegraf/types';
import type { TelegramBot } from './bot.js';

/** Seconds one getUpdates call waits for news (Telegram's long poll). */
const POLL_TIMEOUT_SECONDS = 25;
const POLL_LIMIT = 100;
/** A failing update is tried this many times before the loop moves on (it is logged as lost). */
const MAX_ATTEMPTS = 6;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 15_000;
/** After a failed getUpdates (network, 5xx, a 409 from a second poller), wait this long before the next. */
const POLL_ERROR_PAUSE_MS = 2_000;

export interface Intake {
  /** Handles one update (the webhook route calls this). */
  handle(update: Update): Promise<void>;
  accepting(): boolean;
  /** Long polling (one process per token): getUpdates in a loop until stop. */
  startPolling(onError: (error: unknown) => void, log?: { warn(object: object, message: string): void; error(object: object, message: string): void }): void;
  /** Stops taking updates and waits up to `timeoutMs` for those in flight; true when all finished. */
  stop(timeoutMs: number): Promise<boolean>;
}

export interface IntakeOptions {
  /** Test hook: backoff between attempts of a failing update. */
  retryFirstMs?: number;
}

/** Waits `ms`, or less when stopping (the signal aborts the wait). */
const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => {});

export function createIntake(bot: TelegramBot, options: IntakeOptions = {}): Intake {
  let accepting = true;
  const polling = new AbortController();
  let loop: Promise<void> | undefined;
  const retryFirstMs = options.retryFirstMs ?? RETRY_FIRST_MS;

  return {
    handle: (update) => bot.handleUpdate(update),
    accepting: () => accepting,
    startPolling(onError, log) {
      const telegram = bot.telegraf.telegram;
      const signal = polling.signal;

      /** True when the update is behind us (handled, or given up); false when stopping cut it short. */
      const handleWithRetries = async (update: Update): Promise<boolean> => {
        for (let attempt = 1; ; attempt += 1) {
          try {
            await bot.handleUpdate(update);
            return true;
          } catch (error) {
            // Stopping: the offset will not move past it, so Telegram hands it out again to the next poller.
            if (signal.aborted) return false;
            if (attempt >= MAX_ATTEMPTS) {
              log?.error({ err: error, updateId: update.update_id, attempts: attempt }, 'telegram update given up after retries');
              return true;
            }
            log?.warn({ err: error, updateId: update.update_id, attempt }, 'telegram update failed; retrying');
            await pause(Math.min(retryFirstMs * 2 ** (attempt - 1), RETRY_MAX_MS), signal);
          }
        }
      };

      loop = (async () => {
        // Polling and a webhook exclude each other; pending updates are kept.
        await telegram.deleteWebhook({ drop_pending_updates: false });
        let offset = 0;
        while (!signal.aborted) {
          let updates: Update[];
          try {
            updates = await telegram.callApi(
              'getUpdates',
              { offset, limit: POLL_LIMIT, timeout: POLL_TIMEOUT_SECONDS, allowed_updates: [] },
              // telegraf types the signal as the abort-controller package's; node-fetch takes Node's own.
              { signal: signal as unknown as NonNullable<Parameters<typeof telegram.callApi>[2]>['signal'] },
            );
          } catch (error) {
            if (signal.aborted) break;
            onError(error);
            await pause(POLL_ERROR_PAUSE_MS, signal);
            continue;
          }
          const behind = await Promise.all(updates.map(handleWithRetries));
          const last = updates.at(-1);
          if (last && behind.every(Boolean)) offset = last.update_id + 1;
        }
        // Tell Telegram which updates are behind us (the next getUpdates would otherwise); no long poll.
        if (offset > 0) await telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch(() => {});
      })().catch(onError);
    },
    async stop(timeoutMs) {
      accepting = false;
      polling.abort();
      const idle = await bot.idle(timeoutMs);
      // The loop ends once its batch is handled; a stuck update does not hold the stop past its budget.
      if (idle && loop) await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
      return idle;
    },
  };
}
