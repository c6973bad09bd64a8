// The leader lock of a process that owns its database alone (embedded PGlite): it is always the leader.
import type { LeaderLock } from '../../application/ports/leaderLock.js';

export const soleLeaderLock: LeaderLock = {
  async acquire() {
    return { lost: new Promise<void>(() => {}), release: async () => {} };
  },
  async close() {},
};
