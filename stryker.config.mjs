// Mutation testing of the domain: `npm run mutation`. A dev tool, not part of `npm test` or CI: it mutates
// domain/ and runs only the domain's unit specs and properties (vitest.mutation.config.ts) against each
// mutant. Two workers at most: the machine's two cores are shared. Incremental: a re-run tests only the
// mutants whose code or covering tests changed. The sandbox and the incremental file live in .tmp/ (ignored
// by git, ESLint and the default vitest include); the HTML report in reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['domain/**/*.ts', '!domain/index.ts', '!domain/*/commands.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: '.tmp/stryker/incremental.json',
  tempDirName: '.tmp/stryker/sandbox',
  // Not copied into the sandbox: local data and what earlier runs left.
  ignorePatterns: ['/.tmp', '/data', '/backups', '/coverage', '/dist', '/reports'],
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/domain.html' },
  thresholds: { high: 95, low: 90, break: null },
  timeoutMS: 30_000,
};
