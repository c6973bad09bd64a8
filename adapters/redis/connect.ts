// One way to open Redis for the bot: calls fail fast while it is down (no offline queue, one retry) so the
// caller can answer or fall back, and the client keeps reconnecting in the background (capped) to recover.
import { Redis } from 'ioredis';

const CONNECT_TIMEOUT_MS = 2_000;
const RECONNECT_STEP_MS = 200;
const RECONNECT_MAX_MS = 2_000;

export async function connectRedis(url: string, commandTimeoutMs: number): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (times) => Math.min(times * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
  });
  // Errors surface on the calls; without a listener ioredis would log every reconnect failure as unhandled.
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}
