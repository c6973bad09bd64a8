// The worker's leader lock: a PostgreSQL session advisory lock held on a dedicated connection. When the
// holder dies, the server ends its session and frees the lock; a standby polling with pg_try_advisory_lock
// takes it within one retry interval. A heartbeat on the connection notices a silently dead server.
import pg from 'pg';
import type { HeldLock, LeaderLock } from '../../../application/ports/leaderLock.js';

/** Arbitrary but fixed: the key every SchoolBot worker competes for. */
const WORKER_LOCK_KEY = 4_171_206_100;

/** A standby asks for the lock this often; the holder checks its connection this often. */
const RETRY_MS = 2_000;
const HEARTBEAT_MS = 5_000;
/** TCP keep-alive on the lock's connection, so a vanished peer is noticed and the lock passes on. */
const KEEP_ALIVE_DELAY_MS = 5_000;

export interface AdvisoryLockOptions {
  connectionString: string;
  retryMs?: number;
  heartbeatMs?: number;
  applicationName?: string;
  key?: number;
}

export function postgresLeaderLock(options: AdvisoryLockOptions): LeaderLock {
  const retryMs = options.retryMs ?? RETRY_MS;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const key = options.key ?? WORKER_LOCK_KEY;
  let closed = false;
  let wake: (() => void) | undefined;
  let current: pg.Client | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const connect = async () => {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? 'schoolbot-worker-lock',
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
    });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  return {
    async acquire() {
      while (!closed) {
        let client: pg.Client | undefined;
        try {
          client = await connect();
          for (;;) {
            if (closed) break;
            const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
            if (result.rows[0]?.locked) {
              current = client;
              return held(client);
            }
            await sleep(retryMs);
          }
        } catch {
          await sleep(retryMs);
        }
        await client?.end().catch(() => undefined);
      }
      return undefined;
    },
    async close() {
      closed = true;
      wake?.();
      await current?.end().catch(() => undefined);
    },
  };

  function held(client: pg.Client): HeldLock {
    let released = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const lost = new Promise<void>((resolve) => {
      const onLost = () => {
        if (heartbeat) clearInterval(heartbeat);
        resolve();
      };
      client.once('error', onLost);
      client.once('end', onLost);
      heartbeat = setInterval(() => {
        client.query('SELECT 1').catch(() => {
          void client.end().catch(() => undefined);
          onLost();
        });
      }, heartbeatMs);
      heartbeat.unref();
    });
    return {
      lost,
      async release() {
        if (released) return;
        released = true;
        if (heartbeat) clearInterval(heartbeat);
        await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }
}
