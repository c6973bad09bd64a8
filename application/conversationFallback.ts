// The conversation state with a stand-in: while the shared store (Redis) does not answer, this process's own
// memory serves drafts, de-duplication and chat locks, so staff keep working instead of being told to try
// again. What the stand-in cannot give: a draft begun before the outage (it is in Redis) is not seen until
// Redis is back, and de-duplication and locks hold within this process only — the event store's expected
// revisions and the commands' ids still keep every action single.
import { StateUnavailableError, type ConversationState } from './ports/conversationState.js';

export interface FallbackLog {
  warn(object: object, message: string): void;
}

/** Once a minute at most: an outage is logged, not every call during it. */
const LOG_EVERY_MS = 60_000;

export function withInProcessFallback(primary: ConversationState, standIn: ConversationState, log?: FallbackLog): ConversationState {
  let lastLogged = 0;
  const fellBack = (error: unknown) => {
    const now = Date.now();
    if (now - lastLogged < LOG_EVERY_MS) return;
    lastLogged = now;
    log?.warn({ err: error }, 'conversation state: redis does not answer; this process keeps drafts, de-duplication and chat locks in memory meanwhile');
  };
  const either = async <T>(first: () => Promise<T>, second: () => Promise<T>): Promise<T> => {
    try {
      return await first();
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) throw error;
      fellBack(error);
      return second();
    }
  };
  return {
    kind: primary.kind,
    get: <T>(key: string) => either(() => primary.get<T>(key), () => standIn.get<T>(key)),
    set: (key, value, ttlSeconds) => either(() => primary.set(key, value, ttlSeconds), () => standIn.set(key, value, ttlSeconds)),
    delete: (key) => either(() => primary.delete(key), () => standIn.delete(key)),
    claim: (updateId, leaseSeconds) => either(() => primary.claim(updateId, leaseSeconds), () => standIn.claim(updateId, leaseSeconds)),
    renew: (updateId, leaseSeconds) => either(() => primary.renew(updateId, leaseSeconds), () => standIn.renew(updateId, leaseSeconds)),
    complete: (updateId) => either(() => primary.complete(updateId), () => standIn.complete(updateId)),
    release: (updateId) => either(() => primary.release(updateId), () => standIn.release(updateId)),
    async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
      // Only a failure to take the lock falls back; an error of the work itself is the work's.
      let started = false;
      const run = () => {
        started = true;
        return work();
      };
      try {
        return await primary.withLock(key, run);
      } catch (error) {
        if (started || !(error instanceof StateUnavailableError)) throw error;
        fellBack(error);
        return standIn.withLock(key, work);
      }
    },
    ping: () => primary.ping(),
    async close() {
      await Promise.all([primary.close(), standIn.close()]);
    },
  };
}
