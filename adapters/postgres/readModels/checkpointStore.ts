// Checkpoints in the read-model database: the row is locked for the length of a batch's transaction, so two
// instances can never apply the same batch (the second waits, then skips what the first committed).
import type { Position } from '../../../application/ports/eventStore.js';
import type { SqlExecutor } from '../../../application/ports/sql.js';
import type {
  CheckpointInfo,
  CheckpointStore,
  ConsumerState,
} from '../../../application/ports/checkpoints.js';

interface CheckpointRow {
  name: string;
  version: number;
  position: string | null;
  state: string;
  last_error: string | null;
  events_applied: string | number;
  updated_at: string | Date;
}

const toInfo = (row: CheckpointRow): CheckpointInfo => ({
  name: row.name,
  version: Number(row.version),
  position: (row.position ?? undefined) as Position | undefined,
  state: row.state as ConsumerState,
  lastError: row.last_error,
  eventsApplied: Number(row.events_applied),
  updatedAt: new Date(row.updated_at),
});

export function sqlCheckpointStore(sql: SqlExecutor): CheckpointStore {
  return {
    async withCheckpoint(name, work) {
      return sql.transaction(async (tx) => {
        const lock = () => tx.query<CheckpointRow>(`SELECT * FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [name]);
        let locked = await lock();
        if (!locked.rows[0]) {
          // First use: create it (another instance may race us to it; then we wait for its row).
          await tx.query(`INSERT INTO projection_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [name]);
          locked = await lock();
        }
        const current = toInfo(locked.rows[0]!);
        const outcome = await work({ tx, position: current.position, version: current.version });
        if (outcome.position !== undefined || outcome.version !== undefined) {
          await tx.query(
            `UPDATE projection_checkpoints
                SET position = COALESCE($2, position), version = COALESCE($3, version),
                    events_applied = events_applied + $4, updated_at = now()
              WHERE name = $1`,
            [name, outcome.position ?? null, outcome.version ?? null, outcome.applied ?? 0],
          );
        }
        return outcome.result;
      });
    },
    async ensure(name, version) {
      await sql.query(
        `INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
        [name, version],
      );
      return (await this.get(name))!;
    },
    async get(name) {
      const result = await sql.query<CheckpointRow>(`SELECT * FROM projection_checkpoints WHERE name = $1`, [name]);
      return result.rows[0] ? toInfo(result.rows[0]) : undefined;
    },
    async list() {
      const result = await sql.query<CheckpointRow>(`SELECT * FROM projection_checkpoints ORDER BY name`);
      return result.rows.map(toInfo);
    },
    async setState(name, state, lastError) {
      await sql.query(
        `INSERT INTO projection_checkpoints (name, state, last_error) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE
           SET state = EXCLUDED.state,
               last_error = CASE WHEN $4 THEN EXCLUDED.last_error ELSE projection_checkpoints.last_error END,
               updated_at = now()`,
        [name, state, lastError ?? null, lastError !== undefined],
      );
    },
  };
}
