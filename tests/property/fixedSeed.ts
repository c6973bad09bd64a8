// Setup for the mutation run (vitest.mutation.config.ts): every property draws the same cases on every run,
// so the mutation score does not move with fast-check's seed (the ordinary run has its own: tests/support/propertySeed.ts).
import fc from 'fast-check';

fc.configureGlobal({ seed: 20261124 });
