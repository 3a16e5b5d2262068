import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The default reporter for people, and a closing `N passed, N failed` line for CI.
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
