/** Time comes from here, so tests and the deadline watcher can control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
