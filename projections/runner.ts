// Runs every projector live: makes sure its table exists, rebuilds it first when its version changed (or a
// rebuild was interrupted), then follows the log from its checkpoint, one checkpointed consumer each.
import type { EventStore, Position } from '../application/ports/eventStore.js';
import type { SqlExecutor } from '../application/ports/sql.js';
import type { CheckpointStore } from '../application/ports/checkpoints.js';
import type { ConsumerLog, RunningConsumer } from '../application/consumers/checkpointedConsumer.js';
import { silentLog, startConsumer } from '../application/consumers/checkpointedConsumer.js';
import type { RowProjector } from './projector.js';
import { applyBatch, createTableSql } from './projector.js';
import type { RebuildProgress } from './rebuild.js';
import { rebuildProjections } from './rebuild.js';

/** Events per live transaction: large enough that a catch-up after downtime is a few multi-row upserts. */
const LIVE_BATCH = 2_000;

export interface ProjectionRunnerOptions {
  store: EventStore;
  sql: SqlExecutor;
  checkpoints: CheckpointStore;
  projectors: readonly RowProjector[];
  log?: ConsumerLog;
  batchSize?: number;
  retryDelayMs?: number;
  onRebuildProgress?(progress: RebuildProgress): void;
  /** After each committed batch: the projector, the events it applied and its new checkpoint. */
  onCommitted?(projector: string, applied: number, position: Position): void;
}

export interface RunningProjections {
  readonly consumers: readonly RunningConsumer[];
  stop(): Promise<void>;
}

/** Projectors whose stored version differs from the code's, or whose rebuild did not finish. */
async function projectorsNeedingRebuild(
  sql: SqlExecutor,
  checkpoints: CheckpointStore,
  projectors: readonly RowProjector[],
): Promise<RowProjector[]> {
  const unfinished = await sql.query<{ name: string }>(`SELECT name FROM projection_rebuilds`);
  const interrupted = new Set(unfinished.rows.map((row) => row.name));
  const stale: RowProjector[] = [];
  for (const projector of projectors) {
    const checkpoint = await checkpoints.get(projector.name);
    const changed = checkpoint !== undefined && checkpoint.position !== undefined && checkpoint.version !== projector.version;
    if (changed || interrupted.has(projector.name)) stale.push(projector);
  }
  return stale;
}

export async function startProjections(options: ProjectionRunnerOptions): Promise<RunningProjections> {
  const log = options.log ?? silentLog;
  const { sql, checkpoints } = options;
  for (const projector of options.projectors) {
    for (const statement of createTableSql(projector, projector.table)) await sql.query(statement);
  }
  const stale = await projectorsNeedingRebuild(sql, checkpoints, options.projectors);
  if (stale.length > 0) {
    log.info({ projectors: stale.map((p) => p.name) }, 'rebuilding projections whose version changed');
    await rebuildProjections({ ...options, projectors: stale, onProgress: options.onRebuildProgress });
  }
  const consumers: RunningConsumer[] = [];
  for (const projector of options.projectors) {
    await checkpoints.ensure(projector.name, projector.version);
    consumers.push(
      startConsumer({
        name: projector.name,
        store: options.store,
        checkpoints,
        eventTypes: projector.eventTypes,
        batchSize: options.batchSize ?? LIVE_BATCH,
        log,
        retryDelayMs: options.retryDelayMs,
        apply: async ({ tx }, events) => {
          await applyBatch(tx, projector, projector.table, events);
        },
        onCommitted: (position, applied) => options.onCommitted?.(projector.name, applied, position),
        // The log was rewound under the checkpoint (an event-store restore): the rows hold lost events.
        onPositionNotInLog: async (error) => {
          log.warn({ projector: projector.name, from: error.position }, `the log was rewound under ${projector.name}; rebuilding it`);
          await rebuildProjections({ ...options, projectors: [projector], onProgress: options.onRebuildProgress });
        },
      }),
    );
  }
  return {
    consumers,
    async stop() {
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    },
  };
}
