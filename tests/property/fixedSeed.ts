// Setup for the mutation run (vitest.mutation.config.ts): every property draws the same cases on every run,
// so the mutation score does not move with fast-check's random seed. The ordinary test run keeps a fresh seed.
import fc from 'fast-check';

fc.configureGlobal({ seed: 20261124 });
