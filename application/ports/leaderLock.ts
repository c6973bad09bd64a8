// One active worker: whoever holds the leader lock runs the projectors and reactions; the others wait and
// take over when it is released or its holder dies. Correctness never depends on it (checkpoints are locked
// per batch); it keeps the work in one place and reactions from racing.

export interface HeldLock {
  /** Resolves when the lock is lost (its connection broke). */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface LeaderLock {
  /** Waits until this instance holds the lock; undefined when `close` was called meanwhile. */
  acquire(): Promise<HeldLock | undefined>;
  close(): Promise<void>;
}
