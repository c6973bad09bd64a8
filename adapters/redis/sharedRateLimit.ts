// Telegram's sending budget is per bot token, not per process: with several replicas the limits must be
// shared. One Lua call reserves a send atomically: the chat's spacing (a key that lives for its interval)
// and a one-second window of the bot's overall budget (an album of N photos takes N of it; a refused
// reservation gives its share back). It answers 0 (go) or how long to wait.
import type { SharedRateLimit } from '../../application/ports/sharedRateLimit.js';
import { connectRedis } from './connect.js';

// A reservation is on the hot path of every send: give up sooner than the conversation state does.
const COMMAND_TIMEOUT_MS = 1_000;

const RESERVE = `
local wait = redis.call('PTTL', KEYS[2])
if wait > 0 then return wait end
local weight = tonumber(ARGV[3])
local used = redis.call('INCRBY', KEYS[1], weight)
if used == weight then redis.call('PEXPIRE', KEYS[1], 1000) end
if used > tonumber(ARGV[1]) then
  redis.call('DECRBY', KEYS[1], weight)
  local left = redis.call('PTTL', KEYS[1])
  if left < 1 then left = 1 end
  return left
end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return 0`;

export interface RedisRateLimitOptions {
  url: string;
  keyPrefix?: string;
  /** Messages a second for the whole bot (all replicas together). */
  globalPerSecond?: number;
}

export async function createRedisRateLimit(options: RedisRateLimitOptions): Promise<SharedRateLimit & { close(): void }> {
  const redis = await connectRedis(options.url, COMMAND_TIMEOUT_MS);
  const prefix = options.keyPrefix ?? 'schoolbot:';
  const limit = String(options.globalPerSecond ?? 30);
  return {
    async reserve(chatId, intervalMs, weight = 1) {
      // Never more than the whole budget, or a large album could never leave.
      const share = String(Math.max(1, Math.min(weight, Number(limit))));
      const wait = await redis.eval(RESERVE, 2, `${prefix}rate:global`, `${prefix}rate:chat:${chatId}`, limit, String(intervalMs), share);
      return Number(wait);
    },
    close: () => redis.disconnect(),
  };
}
