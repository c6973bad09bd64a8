// The timer behind the scheduled reactions (the deadline watcher, auto-close). A reaction keeps a schedule in
// the read-model database; this timer, reading the Clock, acts on what has come due even when no event
// arrives. It sleeps until the next known moment (at most `checkEveryMs`), and acts on each due item through
// the command handler with an id derived from the item, so a repeated or concurrent check appends nothing new.
import type { Clock } from '../ports/clock.js';
import type { ConsumerLog } from '../consumers/checkpointedConsumer.js';
import { silentLog } from '../consumers/checkpointedConsumer.js';

const DEFAULT_CHECK_EVERY_MS = 30_000;
/** Items handled per check; the next check (soon after) takes the rest. */
const DUE_PER_CHECK = 500;
/** Never sleep less than this, so a schedule the reaction has not caught up with cannot spin the timer. */
const MIN_SLEEP_MS = 200;
/** Wake a little after the next moment, so that it has strictly passed by the Clock. */
const WAKE_MARGIN_MS = 50;

export interface ScheduleTimerOptions<Item> {
  /** Names the timer in its log lines (as the `timer` field, which error reporting reads). */
  name: string;
  clock: Clock;
  /** Items due at `now`, earliest first. */
  due(now: Date, limit: number): Promise<readonly Item[]>;
  /** The next moment something comes due after `now`, if any. */
  nextDueAt(now: Date): Promise<Date | undefined>;
  /** Acts on one due item (idempotently: see above). A throw is logged and the item retried next check. */
  act(item: Item, now: Date): Promise<void>;
  /** What to log about an item that failed. */
  describe(item: Item): object;
  /** The longest sleep between checks. */
  checkEveryMs?: number;
  log?: ConsumerLog;
}

export interface RunningTimer {
  /** Checks once now (tests and the timer call it). Resolves with how many due items it acted on. */
  checkNow(): Promise<number>;
  stop(): Promise<void>;
}

export function startScheduleTimer<Item>(options: ScheduleTimerOptions<Item>): RunningTimer {
  const log = options.log ?? silentLog;
  const maxSleep = options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);

  const check = async (): Promise<number> => {
    const now = options.clock.now();
    let acted = 0;
    for (const item of await options.due(now, DUE_PER_CHECK)) {
      if (stopped) break;
      try {
        await options.act(item, now);
        acted += 1;
      } catch (error) {
        log.warn({ timer: options.name, ...options.describe(item), err: error }, `${options.name}: failed on a due item; will retry`);
      }
    }
    return acted;
  };

  const sleepUntilNext = async () => {
    if (stopped) return;
    let sleep = maxSleep;
    try {
      const now = options.clock.now();
      const next = await options.nextDueAt(now);
      if (next) sleep = Math.max(MIN_SLEEP_MS, Math.min(maxSleep, next.getTime() - now.getTime() + WAKE_MARGIN_MS));
    } catch (error) {
      log.warn({ timer: options.name, err: error }, `${options.name}: could not read its schedule`);
    }
    if (stopped) return;
    timer = setTimeout(() => {
      running = check().catch((error: unknown) => {
        log.warn({ timer: options.name, err: error }, `${options.name}: check failed`);
        return 0;
      });
      void running.then(sleepUntilNext);
    }, sleep);
  };

  running = check().catch(() => 0);
  void running.then(sleepUntilNext);
  return {
    checkNow() {
      running = running.then(check, check);
      return running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => {});
    },
  };
}
