import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './tests/support/sequencer.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts', '{domain,application,adapters,projections,infra}/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two workers per core, at most four: many files mostly wait (for a spawned bot, a lease, Prometheus, the
    // browser), and with two workers on two cores the CPU was idle a third of the run (vmstat). On this 2-core
    // machine: 2 workers 305 s, 3 workers 244 s, 4 workers 223 s (CPU then 95% busy). More than four would only
    // add contention for the shared PostgreSQL.
    maxWorkers: Math.min(4, 2 * availableParallelism()),
    // The test files share their worker's process (one per worker for the whole run) instead of a new process
    // each: starting node and importing PGlite, fastify, telegraf and the rest again cost ~80 s of CPU per run.
    // Modules are loaded once per worker, so a file must leave no global behind: it restores process.env in
    // place (tests/support/env.ts), stops its timers, servers and processes in its hooks.
    isolate: false,
    // Longest files first (durations measured and committed), so both workers finish together.
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default'],
    // Checks PostgreSQL and Redis once, and ends the run with one line naming every missing tool (tests/support/tools.ts).
    globalSetup: ['tests/support/globalSetup.ts'],
    // fast-check's seed, fixed unless FC_SEED=random (tests/support/propertySeed.ts).
    setupFiles: ['tests/support/propertySeed.ts'],
  },
});
