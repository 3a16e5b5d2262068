// Mutation testing of the engine, the invariants and the refinement mapping: `npm run mutation`.
// Slow (hours for all three folders on two shared cores), so CI does not run it; `npm test` stays
// the CI command. One folder: MUTATE=checker npm run mutation (see mutation-scopes.mjs).
// @ts-check
import { mutate, scopeName } from './mutation-scopes.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The folder(s) to mutate and the tests that judge them: MUTATE=checker|invariants|store-mapping.
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate,
  // Each mutant runs only the tests that reach its code.
  coverageAnalysis: 'perTest',
  // A mutant reached outside any test (at module load, or while vitest collects the tests, e.g. a
  // search run in a describe body) would need the whole suite once per mutant: about half of them,
  // days of work on two cores. They are reported as ignored, with their count.
  ignoreStatic: true,
  // The machine has two cores, shared with other work: one mutant at a time (run it under nice).
  concurrency: 1,
  // A rerun only tests the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: scopeName === 'all' ? 'reports/stryker-incremental.json' : `reports/stryker-incremental-${scopeName}.json`,
  // A mutant that turns a search infinite is a timeout (counted as killed), not a hang.
  timeoutMS: 30_000,
  timeoutFactor: 2,
  // The first run of every test, to learn which tests reach which mutant, on a shared machine.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${scopeName}.html` },
  jsonReporter: { fileName: `reports/mutation/${scopeName}.json` },
  clearTextReporter: { allowColor: false, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
