// The vitest run that StrykerJS uses to judge each mutant (`npm run mutation`), not the CI run.
// Mutants are switched on inside the test process, so a test that only runs the CLI in a child
// process can never kill one: those files are left out here to keep each mutant's run short.
// Every other test file stays, so a mutant survives only if no in-process test notices it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli/check.test.ts',
      'test/simulate/simulate-cli.test.ts',
      'test/traces/tty-viewer.test.ts',
    ],
    testTimeout: 120_000,
  },
});
