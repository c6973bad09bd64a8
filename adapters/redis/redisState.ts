// The conversation state in Redis (ioredis): drafts with a TTL, update de-duplication with SET NX, and a
// per-chat lock. Calls fail fast when Redis is down (no offline queue, one retry, a short command timeout),
// surfacing as StateUnavailableError so the caller can fall back (application/conversationFallback.ts). A
// frozen Redis (accepting connections, answering nothing) costs one timeout: for BREAKER_MS after a failure
// calls fail at once instead of each waiting out its own timeout.
import { randomUUID } from 'node:crypto';
import { StateUnavailableError, type ConversationState } from '../../application/ports/conversationState.js';
import { connectRedis } from './connect.js';

const DAY_SECONDS = 86_400;
/**
 * The chat lock's lease. It is renewed every third of it while the work runs, so it lasts as long as a live
 * handler (up to UPDATE_HANDLER_TIMEOUT_MS) and never lapses under one; a crashed holder's lapses within LOCK_MS.
 */
const LOCK_MS = 10_000;
/** Extends the lock only while it is still ours. */
const RENEW_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const LOCK_WAIT_MS = 8_000;
/** Backoff while another replica holds a chat's lock: doubling from the first step up to the longest. */
const LOCK_RETRY_FIRST_MS = 20;
const LOCK_RETRY_MAX_MS = 250;
/** Redis answers in well under a millisecond here; one that has not answered in this time is not answering. */
const COMMAND_TIMEOUT_MS = 500;
/** After a failed call, how long calls fail at once before Redis is tried again. */
const BREAKER_MS = 3_000;
/** Claims a free update id, or says who has it: 'claimed', or the value found ('running' / 'done'). */
const CLAIM_UPDATE = "if redis.call('set', KEYS[1], 'running', 'EX', ARGV[1], 'NX') then return 'claimed' else return redis.call('get', KEYS[1]) end";
/** Extends a running claim only; a completed one keeps its day. */
const RENEW_UPDATE = "if redis.call('get', KEYS[1]) == 'running' then return redis.call('expire', KEYS[1], ARGV[1]) else return 0 end";
const RELEASE_LOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface RedisStateOptions {
  url: string;
  /** Every key starts with it (tests use a unique one). */
  keyPrefix?: string;
  /** The chat lock's lease (default LOCK_MS); renewed at a third of it. */
  lockLeaseMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function createRedisState(options: RedisStateOptions): Promise<ConversationState> {
  const redis = await connectRedis(options.url, COMMAND_TIMEOUT_MS);
  const prefix = options.keyPrefix ?? 'schoolbot:';
  const lockMs = options.lockLeaseMs ?? LOCK_MS;
  let unansweredUntil = 0;
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    if (Date.now() < unansweredUntil) throw new StateUnavailableError(new Error('redis did not answer a moment ago'));
    try {
      return await call();
    } catch (error) {
      unansweredUntil = Date.now() + BREAKER_MS;
      throw new StateUnavailableError(error);
    }
  };

  return {
    kind: 'redis',
    get: <T>(key: string) =>
      guarded(async () => {
        const raw = await redis.get(`${prefix}state:${key}`);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      }),
    set: (key, value, ttlSeconds) =>
      guarded(async () => {
        await redis.set(`${prefix}state:${key}`, JSON.stringify(value), 'EX', ttlSeconds);
      }),
    delete: (key) =>
      guarded(async () => {
        await redis.del(`${prefix}state:${key}`);
      }),
    claim: (updateId, leaseSeconds) =>
      guarded(async () => {
        const found = await redis.eval(CLAIM_UPDATE, 1, `${prefix}update:${updateId}`, String(leaseSeconds));
        return found === 'done' ? 'done' : found === 'claimed' ? 'claimed' : 'running';
      }),
    renew: (updateId, leaseSeconds) =>
      guarded(async () => {
        await redis.eval(RENEW_UPDATE, 1, `${prefix}update:${updateId}`, String(leaseSeconds));
      }),
    complete: (updateId) =>
      guarded(async () => {
        await redis.set(`${prefix}update:${updateId}`, 'done', 'EX', DAY_SECONDS);
      }),
    release: (updateId) =>
      guarded(async () => {
        await redis.del(`${prefix}update:${updateId}`);
      }),
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      const lockKey = `${prefix}lock:${key}`;
      const token = randomUUID();
      const started = Date.now();
      for (let attempt = 0; ; attempt += 1) {
        const acquired = await guarded(() => redis.set(lockKey, token, 'PX', lockMs, 'NX'));
        if (acquired === 'OK') break;
        // Another replica is handling this chat; a crashed holder's lock expires after its lease.
        if (Date.now() - started > LOCK_WAIT_MS) throw new StateUnavailableError(new Error(`lock ${key} is busy`));
        await sleep(Math.min(LOCK_RETRY_FIRST_MS * 2 ** attempt, LOCK_RETRY_MAX_MS));
      }
      const renewal = setInterval(() => void redis.eval(RENEW_LOCK, 1, lockKey, token, String(lockMs)).catch(() => {}), lockMs / 3);
      renewal.unref();
      try {
        return await work();
      } finally {
        clearInterval(renewal);
        await redis.eval(RELEASE_LOCK, 1, lockKey, token).catch(() => {});
      }
    },
    ping: async () => {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {
      redis.disconnect();
      await Promise.resolve();
    },
  };
}
