// A checkpointed consumer of the log: catches up from its checkpoint, then follows live (the store's
// subscription wakes it), and applies each delivered batch in the transaction that advances its checkpoint.
// Projectors and reactions both run on it. Events at or before the locked checkpoint are skipped, so a
// second instance, a restart or a rebuild that moved the checkpoint never makes an event apply twice.
import type { EventStore, Position, RecordedEvent } from '../ports/eventStore.js';
import type { CheckpointStore, CheckpointTransaction } from '../ports/checkpoints.js';

export interface ConsumerLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export const silentLog: ConsumerLog = { info: () => {}, warn: () => {} };

const RETRY_DELAY_MS = 5_000;
/** How often a pause checks whether the consumer was stopped meanwhile. */
const STOP_POLL_MS = 100;

export interface ConsumerOptions {
  name: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  eventTypes: readonly string[];
  /** Events applied per transaction (projectors and reactions each choose theirs). */
  batchSize: number;
  /** Applies events (all after the checkpoint, in log order) inside the checkpoint's transaction. */
  apply(checkpoint: CheckpointTransaction, events: readonly RecordedEvent[]): Promise<void>;
  log?: ConsumerLog;
  /** Pause before resubscribing after a failure. */
  retryDelayMs?: number;
  /** Called after every committed batch (tests and metrics watch progress with it). */
  onCommitted?(position: Position, applied: number): void;
}

export interface RunningConsumer {
  readonly name: string;
  stop(): Promise<void>;
  /** Resolves once stopped. */
  readonly done: Promise<void>;
}

const delay = (ms: number, signal: { stopped: boolean }) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const poll = setInterval(() => {
      if (signal.stopped) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    }, STOP_POLL_MS);
    timer.unref?.();
    setTimeout(() => clearInterval(poll), ms).unref?.();
  });

/** Applies one delivered batch: the effects and the new checkpoint commit together, or not at all. */
async function applyDelivered(
  options: Pick<ConsumerOptions, 'name' | 'store' | 'checkpoints' | 'apply'>,
  events: readonly RecordedEvent[],
  deliveredUpTo: Position,
): Promise<{ position: Position | undefined; applied: number }> {
  const { store } = options;
  return options.checkpoints.withCheckpoint(options.name, async (checkpoint) => {
    const after = checkpoint.position;
    const fresh = after === undefined ? events : events.filter((e) => store.comparePositions(e.position, after) > 0);
    if (fresh.length > 0) await options.apply(checkpoint, fresh);
    const advances = after === undefined || store.comparePositions(deliveredUpTo, after) > 0;
    const position = advances ? deliveredUpTo : after;
    return { position: advances ? deliveredUpTo : undefined, applied: fresh.length, result: { position, applied: fresh.length } };
  });
}

export function startConsumer(options: ConsumerOptions): RunningConsumer {
  const log = options.log ?? silentLog;
  const signal = { stopped: false };
  let current: { stop(): Promise<void> } | undefined;

  const run = async () => {
    while (!signal.stopped) {
      try {
        const saved = await options.checkpoints.get(options.name);
        await options.checkpoints.setState(options.name, 'running', null);
        const subscription = options.store.subscribe(
          { after: saved?.position, filter: { eventTypes: options.eventTypes }, batchSize: options.batchSize },
          async (events, checkpoint) => {
            const { position, applied } = await applyDelivered(options, events, checkpoint);
            if (position !== undefined) options.onCommitted?.(position, applied);
            // An embedded database answers without leaving the microtask queue: let timers and requests in
            // between batches, or a long catch-up starves the rest of the process.
            await new Promise<void>((resolve) => setImmediate(resolve));
          },
        );
        current = subscription;
        if (signal.stopped) await subscription.stop();
        await subscription.done;
        if (signal.stopped) break;
        throw new Error('the subscription ended by itself');
      } catch (error) {
        if (signal.stopped) break;
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ consumer: options.name, err: error }, `consumer ${options.name} failed; retrying`);
        await options.checkpoints.setState(options.name, 'failed', message).catch(() => {});
        await delay(options.retryDelayMs ?? RETRY_DELAY_MS, signal);
      }
    }
    await options.checkpoints.setState(options.name, 'stopped').catch(() => {});
  };

  const done = run();
  return {
    name: options.name,
    done,
    async stop() {
      signal.stopped = true;
      await current?.stop().catch(() => {});
      await done;
    },
  };
}
