// What `npm run mutation` mutates and which tests judge the mutants, per folder. Pick one folder
// with MUTATE=checker (or invariants, store-mapping); without it, all three at once. Each folder
// is judged by the in-process suites aimed at it; left out everywhere:
// - tests that only run the CLI in a child process: a mutant is switched on inside the test
//   process, so they can never kill one;
// - the protocol-level suites (test/matrix, test/model, test/properties) and, for the engine, the
//   store refinement runs: each re-runs complete searches or thousands of store runs, which per
//   mutant would take many hours on two cores. A mutant only they would kill shows as surviving,
//   so the score is a floor.
const scopes = {
  checker: {
    mutate: ['checker/**/*.ts'],
    // The trace suites that replay the protocol matrix or run the CLI are left out (see above).
    tests: ['test/checker/**/*.test.ts', 'test/conformance.test.ts', 'test/simulate/simulate.test.ts', 'test/traces/**/*.test.ts'],
    skip: ['test/traces/replay.test.ts', 'test/traces/trace-commands.test.ts'],
  },
  invariants: {
    mutate: ['invariants/**/*.ts'],
    tests: ['test/invariants/**/*.test.ts', 'test/store/**/*.test.ts'],
  },
  'store-mapping': {
    mutate: ['store-mapping/**/*.ts'],
    tests: ['test/store/**/*.test.ts'],
  },
};

const name = process.env.MUTATE;
if (name !== undefined && !Object.hasOwn(scopes, name)) throw new Error(`MUTATE=${name}: expected one of ${Object.keys(scopes).join(', ')}`);
const chosen = name === undefined ? Object.values(scopes) : [scopes[name]];

export const scopeName = name ?? 'all';
export const mutate = chosen.flatMap((s) => s.mutate);
export const testFiles = [...new Set(chosen.flatMap((s) => s.tests))];
export const skippedTests = ['test/traces/tty-viewer.test.ts', ...chosen.flatMap((s) => s.skip ?? [])];
