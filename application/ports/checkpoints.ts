// Checkpoints of the log's consumers (projectors and reactions). A consumer's effects and its checkpoint
// are written in one transaction of the read-model database, so a crash neither loses nor repeats an effect.
import type { Position } from '../ports/eventStore.js';
import type { SqlQueryable } from '../ports/sql.js';

export type ConsumerState = 'idle' | 'running' | 'rebuilding' | 'failed' | 'stopped';

export interface CheckpointInfo {
  name: string;
  /** The projector's version the checkpoint belongs to (0 for reactions). */
  version: number;
  position: Position | undefined;
  state: ConsumerState;
  lastError: string | null;
  eventsApplied: number;
  updatedAt: Date;
}

export interface CheckpointTransaction {
  tx: SqlQueryable;
  /** The checkpoint as locked by this transaction (another instance cannot move it meanwhile). */
  position: Position | undefined;
  version: number;
}

export interface CheckpointStore {
  /**
   * Runs `work` in one transaction that holds the consumer's checkpoint row locked (created on first use);
   * when `work` returns a position, the checkpoint moves there in the same transaction. The caller only
   * ever passes a position after the locked one (positions are ordered by the event store, not here).
   */
  withCheckpoint<T>(
    name: string,
    work: (
      checkpoint: CheckpointTransaction,
    ) => Promise<{ position?: Position; applied?: number; version?: number; result: T }>,
  ): Promise<T>;
  /** Creates the checkpoint (at the beginning of the log, with this version) unless it exists. */
  ensure(name: string, version: number): Promise<CheckpointInfo>;
  get(name: string): Promise<CheckpointInfo | undefined>;
  list(): Promise<CheckpointInfo[]>;
  /** Records a state (and the last error, or null to clear it) outside any batch. */
  setState(name: string, state: ConsumerState, lastError?: string | null): Promise<void>;
}
