// A checkpointed consumer of the log: catches up from its checkpoint, then follows live (the store's
// subscription wakes it), and applies each delivered batch in the transaction that advances its checkpoint.
// Projectors and reactions both run on it. Events at or before the locked checkpoint are skipped, so a
// second instance, a restart or a rebuild that moved the checkpoint never makes an event apply twice.
import type { EventStore, Position, RecordedEvent } from '../ports/eventStore.js';
import { PositionNotInLogError } from '../ports/eventStore.js';
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
  /**
   * The log was rewound under the checkpoint (a file-copy restore of the event store; PositionNotInLogError).
   * Default, for consumers whose effects are idempotent (reactions): move the checkpoint back to right after
   * the newest event the old log already had, and go on from there. A projector rebuilds instead: its rows
   * hold what the lost events did.
   */
  onPositionNotInLog?(error: PositionNotInLogError): Promise<void>;
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

/**
 * Moves the checkpoint from a position the log no longer has to where the store says to resume (unless another
 * instance moved it meanwhile). False when the store found no such place: the consumer fails, visibly.
 */
async function resumeAfterRewind(
  options: Pick<ConsumerOptions, 'name' | 'checkpoints'>,
  error: PositionNotInLogError,
  log: ConsumerLog,
): Promise<boolean> {
  const { resumeAfter } = error;
  if (resumeAfter === undefined) return false;
  const moved = await options.checkpoints.withCheckpoint(options.name, async ({ position }) =>
    position === error.position ? { position: resumeAfter, result: true } : { result: false },
  );
  if (moved) {
    log.warn(
      { consumer: options.name, from: error.position, to: resumeAfter },
      `consumer ${options.name}: the log was rewound under its checkpoint (a restore?); resuming after ${resumeAfter}`,
    );
  }
  return true;
}

export function startConsumer(options: ConsumerOptions): RunningConsumer {
  const log = options.log ?? silentLog;
  const signal = { stopped: false };
  let current: { stop(): Promise<void> } | undefined;

  const run = async () => {
    // The position of the last rewind handled: the same one again means handling it did not help.
    let rewoundFrom: Position | undefined;
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
      } catch (caught) {
        if (signal.stopped) break;
        let error = caught;
        if (error instanceof PositionNotInLogError && error.position !== rewoundFrom) {
          rewoundFrom = error.position;
          try {
            if (options.onPositionNotInLog) {
              await options.onPositionNotInLog(error);
              continue;
            }
            if (await resumeAfterRewind(options, error, log)) continue;
          } catch (failed) {
            error = failed;
          }
        }
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
