import type { FastifyInstance } from 'fastify';
import type { EventStore } from '../../application/ports/eventStore.js';
import type { SqlQueryable } from '../../application/ports/sql.js';

export interface ReadinessCheck {
  /** Shown to operators: "event_store", "read_db", "redis". */
  name: string;
  /** Whether this instance cannot serve without it (503 when down). */
  required: boolean;
  check(): Promise<void>;
}

/** A dependency that has not answered by then counts as down (a probe must answer before it times out). */
const READINESS_TIMEOUT_MS = 2_000;

/**
 * `/healthz` says the process is alive; `/readyz` names every dependency and its state: `ready`, `degraded` (200:
 * serving without an optional one) or `not_ready` (503).
 */
export function registerHealthRoutes(app: FastifyInstance, checks: () => readonly ReadinessCheck[]): void {
  // Probes call these every few seconds: their requests are logged only at warn and above (errors).
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const results = await Promise.all(
      checks().map(async (dependency) => {
        try {
          const started = performance.now();
          await withTimeout(dependency.check(), READINESS_TIMEOUT_MS);
          const ms = Math.round(performance.now() - started);
          return { name: dependency.name, required: dependency.required, state: 'up' as const, ms };
        } catch (error) {
          return {
            name: dependency.name,
            required: dependency.required,
            state: 'down' as const,
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    const ready = results.every((result) => result.state === 'up' || !result.required);
    // Ready, but an optional dependency is down (Redis: this process stands in for it): still serving, so 200.
    const status = !ready ? 'not_ready' : results.every((result) => result.state === 'up') ? 'ready' : 'degraded';
    return reply.code(ready ? 200 : 503).send({ status, dependencies: results });
  });
}

/** The event store answers when it can tell where its log ends. */
export function eventStoreCheck(store: Pick<EventStore, 'headPosition'>, required = true): ReadinessCheck {
  return { name: 'event_store', required, check: async () => void (await store.headPosition()) };
}

/** The read database answers a trivial query (a new connection from the pool when the old ones died). */
export function readDatabaseCheck(db: SqlQueryable, required = true): ReadinessCheck {
  return { name: 'read_db', required, check: async () => void (await db.query('SELECT 1')) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
