// The conversation state with a stand-in: while the shared store (Redis) does not answer, this process's own
// memory serves drafts, de-duplication and chat locks, so staff keep working instead of being told to try
// again. The drafts stay one conversation across the outage:
// - what was written (or deleted) during the outage is remembered by key; once Redis answers again, a read of
//   such a key gets the outage's value and carries it into Redis, so a step taken during the outage is not
//   hidden behind the older draft Redis still holds (nor a draft finished during it revived);
// - a read during the outage of a key the stand-in never saw cannot know what Redis holds (a draft begun
//   before the outage): it fails with StateUnavailableError, so the person is told to send it again in a
//   minute rather than having their answer taken for something else and silently dropped.
// De-duplication and locks hold within this process only meanwhile; the event store's expected revisions and
// the commands' ids still keep every action single.
import { StateUnavailableError, type ConversationState } from './ports/conversationState.js';

export interface FallbackLog {
  warn(object: object, message: string): void;
}

/** Once a minute at most: an outage is logged, not every call during it. */
const LOG_EVERY_MS = 60_000;
/** A deletion during the outage is remembered this long (longer than any value Redis could still hold). */
const TOMBSTONE_MS = 86_400_000;

export function withInProcessFallback(primary: ConversationState, standIn: ConversationState, log?: FallbackLog): ConversationState {
  let lastLogged = 0;
  /** Keys written or deleted in the stand-in while Redis did not answer, until when that write matters. */
  const duringOutage = new Map<string, number>();
  const touchedDuringOutage = (key: string) => {
    const until = duringOutage.get(key);
    if (until !== undefined && until <= Date.now()) duringOutage.delete(key);
    return duringOutage.has(key);
  };
  /** Redis answers again: the outage's write of `key` goes there, and the stand-in forgets it. */
  const carryOver = async <T>(key: string): Promise<T | undefined> => {
    const value = await standIn.get<T>(key);
    const remainingSeconds = Math.max(1, Math.ceil(((duringOutage.get(key) ?? 0) - Date.now()) / 1000));
    try {
      if (value === undefined) await primary.delete(key);
      else await primary.set(key, value, remainingSeconds);
      duringOutage.delete(key);
      await standIn.delete(key);
    } catch (error) {
      if (!(error instanceof StateUnavailableError)) throw error;
    }
    return value;
  };
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
    get: <T>(key: string) =>
      either(
        async () => {
          const value = await primary.get<T>(key);
          return touchedDuringOutage(key) ? carryOver<T>(key) : value;
        },
        async () => {
          if (!touchedDuringOutage(key)) throw new StateUnavailableError(new Error(`redis does not answer and ${key} was not written since`));
          return standIn.get<T>(key);
        },
      ),
    set: (key, value, ttlSeconds) =>
      either(
        async () => {
          await primary.set(key, value, ttlSeconds);
          if (duringOutage.delete(key)) await standIn.delete(key);
        },
        async () => {
          await standIn.set(key, value, ttlSeconds);
          duringOutage.set(key, Date.now() + ttlSeconds * 1000);
        },
      ),
    delete: (key) =>
      either(
        async () => {
          await primary.delete(key);
          if (duringOutage.delete(key)) await standIn.delete(key);
        },
        async () => {
          await standIn.delete(key);
          duringOutage.set(key, Date.now() + TOMBSTONE_MS);
        },
      ),
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
