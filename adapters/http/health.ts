import type { FastifyInstance } from 'fastify';

export interface ReadinessCheck {
  /** Shown to operators: "event_store", "read_db", "redis". */
  name: string;
  /** Whether this instance cannot serve without it (503 when down). */
  required: boolean;
  check(): Promise<void>;
}

/** `/healthz` says the process is alive; `/readyz` names every dependency and its state. */
export function registerHealthRoutes(app: FastifyInstance, checks: () => readonly ReadinessCheck[]): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      checks().map(async (dependency) => {
        try {
          await withTimeout(dependency.check(), 2_000);
          return { name: dependency.name, required: dependency.required, state: 'up' as const };
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
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', dependencies: results });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
