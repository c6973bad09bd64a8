// Reactions: process managers that react to events (notifications, the deadline watcher's and auto-close's
// schedules). Each has its own checkpoint; its effects in the read-model database (outbox rows, schedules)
// commit in the transaction that advances that checkpoint, so it is effectively-once. Effects elsewhere
// (appending to the event store) must be idempotent: a deterministic event id and an expected revision.
import type { EventStore, RecordedEvent } from '../ports/eventStore.js';
import type { Clock } from '../ports/clock.js';
import type { SqlQueryable } from '../ports/sql.js';
import type { CheckpointStore } from '../ports/checkpoints.js';
import { startConsumer, type ConsumerLog, type RunningConsumer } from '../consumers/checkpointedConsumer.js';
import type { OutboxWriter } from '../ports/outbox.js';

export interface ReactionContext {
  /** The transaction that will advance the reaction's checkpoint. */
  tx: SqlQueryable;
  /** An outbox bound to `tx`. */
  outbox: OutboxWriter;
  now: Date;
}

export interface Reaction {
  /** Unique; the checkpoint is kept under `reaction:<name>`. */
  readonly name: string;
  readonly eventTypes: readonly string[];
  /** Called for each event in log order, inside the checkpoint's transaction. Throwing rolls the batch back. */
  handle(event: RecordedEvent, context: ReactionContext): Promise<void>;
}

export interface ReactionDependencies {
  store: EventStore;
  checkpoints: CheckpointStore;
  /** Binds an outbox writer to a transaction (adapters/postgres/readModels/outbox.ts). */
  outboxFor(tx: SqlQueryable): OutboxWriter;
  clock: Clock;
  log?: ConsumerLog;
  batchSize?: number;
  retryDelayMs?: number;
}

/** Reactions write a row or two per event: small batches keep their transactions short. */
const REACTION_BATCH = 200;

const reactionCheckpointName = (reaction: Pick<Reaction, 'name'>) => `reaction:${reaction.name}`;

export function startReaction(reaction: Reaction, deps: ReactionDependencies): RunningConsumer {
  return startConsumer({
    name: reactionCheckpointName(reaction),
    store: deps.store,
    checkpoints: deps.checkpoints,
    eventTypes: reaction.eventTypes,
    batchSize: deps.batchSize ?? REACTION_BATCH,
    log: deps.log,
    retryDelayMs: deps.retryDelayMs,
    async apply({ tx }, events) {
      const context: ReactionContext = { tx, outbox: deps.outboxFor(tx), now: deps.clock.now() };
      for (const event of events) await reaction.handle(event, context);
    },
  });
}
