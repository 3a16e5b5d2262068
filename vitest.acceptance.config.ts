import { defineConfig } from 'vitest/config';

// The cluster's acceptance runs (minutes each on two cores): not part of `npm test` or CI.
export default defineConfig({
  test: {
    include: ['test/cluster/acceptance.slow-test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
