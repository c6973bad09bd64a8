import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.spec.ts', '{domain,application,adapters,projections,infra}/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only add contention for the shared PostgreSQL.
    maxWorkers: 2,
    reporters: ['default'],
    // Checks PostgreSQL and Redis once, and ends the run with one line naming every missing tool (tests/support/tools.ts).
    globalSetup: ['tests/support/globalSetup.ts'],
  },
});
