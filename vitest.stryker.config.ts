// The vitest run that StrykerJS uses to judge each mutant (`npm run mutation`), not the CI run:
// the test files of the folder being mutated (see mutation-scopes.mjs).
import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain ES module without type declarations
import { skippedTests, testFiles } from './mutation-scopes.mjs';

export default defineConfig({
  test: {
    include: testFiles as string[],
    exclude: skippedTests as string[],
    // Instrumented code on a loaded machine: hooks that run a search need more than 10 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
