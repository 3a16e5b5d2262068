// Mutation testing of the engine, the invariants and the refinement mapping: `npm run mutation`.
// Slow (tens of minutes on two cores), so CI does not run it; `npm test` stays the CI command.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // Leaves out the test files that only drive the CLI in a child process (see that file).
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: ['checker/**/*.ts', 'invariants/**/*.ts', 'store-mapping/**/*.ts'],
  // Each mutant runs only the tests that reach its code.
  coverageAnalysis: 'perTest',
  // A mutant reached outside any test (at module load, or while vitest collects the tests, e.g. a
  // search run in a describe body) would need the whole suite once per mutant: about half of them,
  // days of work on two cores. They are reported as ignored, with their count.
  ignoreStatic: true,
  // The machine has two cores, shared with other work.
  concurrency: 2,
  // A rerun only tests the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // A mutant that turns a search infinite is a timeout (counted as killed), not a hang.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  // The first run of every test, to learn which tests reach which mutant, on a shared machine.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
