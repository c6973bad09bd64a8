// The conversation state in this process's memory: used when REDIS_URL is unset (one instance, state lost on
// restart, which for 15-minute wizard drafts is acceptable).
import type { ConversationState } from '../../application/ports/conversationState.js';

const DAY_SECONDS = 86_400;

export function createInProcessConversationState(clock: () => number = Date.now): ConversationState {
  const values = new Map<string, { value: string; expiresAt: number }>();
  const updates = new Map<number, { done: boolean; expiresAt: number }>();
  const locks = new Map<string, Promise<unknown>>();
  let lastSweep = clock();

  // Expired entries are swept now and then, so memory stays bounded by a day's updates.
  const sweep = () => {
    const now = clock();
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, entry] of values) if (entry.expiresAt <= now) values.delete(key);
    for (const [key, entry] of updates) if (entry.expiresAt <= now) updates.delete(key);
  };

  return {
    kind: 'in-process',
    get<T>(key: string) {
      const entry = values.get(key);
      if (!entry || entry.expiresAt <= clock()) return Promise.resolve(undefined);
      return Promise.resolve(JSON.parse(entry.value) as T);
    },
    set(key, value, ttlSeconds) {
      sweep();
      values.set(key, { value: JSON.stringify(value), expiresAt: clock() + ttlSeconds * 1000 });
      return Promise.resolve();
    },
    delete(key) {
      values.delete(key);
      return Promise.resolve();
    },
    claim(updateId, leaseSeconds) {
      sweep();
      const existing = updates.get(updateId);
      if (existing && existing.expiresAt > clock()) return Promise.resolve(existing.done ? 'done' : 'running');
      updates.set(updateId, { done: false, expiresAt: clock() + leaseSeconds * 1000 });
      return Promise.resolve('claimed');
    },
    renew(updateId, leaseSeconds) {
      const existing = updates.get(updateId);
      if (existing && !existing.done) existing.expiresAt = clock() + leaseSeconds * 1000;
      return Promise.resolve();
    },
    complete(updateId) {
      updates.set(updateId, { done: true, expiresAt: clock() + DAY_SECONDS * 1000 });
      return Promise.resolve();
    },
    release(updateId) {
      updates.delete(updateId);
      return Promise.resolve();
    },
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = locks.get(key) ?? Promise.resolve();
      const run = previous.catch(() => {}).then(work);
      const tail = run.catch(() => {});
      locks.set(key, tail);
      try {
        return await run;
      } finally {
        if (locks.get(key) === tail) locks.delete(key);
      }
    },
    ping: () => Promise.resolve(true),
    close: () => Promise.resolve(),
  };
}
