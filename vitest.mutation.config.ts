// Only the domain's own specifications, for `npm run mutation` (StrykerJS): the unit specs and the three
// decider properties. Everything else in the suite tests other layers and would only slow each mutant down.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/unit/domain/**/*.spec.ts',
      'tests/property/{ticket,task,staff}.property.spec.ts',
    ],
    // A fixed fast-check seed: a mutant is killed or survives the same way on every run. Fewer runs per
    // property than CI's 1,000, since they run again for every mutant (fewer can only let more survive).
    setupFiles: ['tests/support/propertySeed.ts'],
    env: { PROPERTY_RUNS: '200' },
    reporters: ['default'],
  },
});
