// The vitest run that StrykerJS uses to judge each mutant (`npm run mutation`), not the CI run.
// It keeps the suites aimed at the mutated folders: the engine's (test/checker, the TLC
// conformance figures, simulate, traces), the invariants' and the store refinement's. Left out:
// - tests that only run the CLI in a child process: a mutant is switched on inside the test
//   process, so they can never kill one;
// - the protocol-level suites (test/matrix, test/model, test/properties): each re-runs complete
//   searches of the protocol, so running them per mutant would multiply the time several times
//   over on two cores. A mutant only they would kill shows as surviving: the score is a floor.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli/**',
      'test/simulate/simulate-cli.test.ts',
      'test/traces/tty-viewer.test.ts',
      'test/matrix.test.ts',
      'test/model/**',
      'test/properties/**',
    ],
    // Instrumented code on a loaded machine: hooks that run a search need more than 10 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
