// What `npm run mutation` mutates and which tests judge the mutants, per folder. Pick one folder
// with MUTATE=checker (or invariants, store-mapping); without it, all three at once. Or pick files
// inside one folder, comma-separated: MUTATE=checker/check.ts,checker/value.ts (judged by that
// folder's suites; reports named after the files), so a long run can be cut into parts that each
// leave a report. Each folder is judged by the in-process suites aimed at it; left out everywhere:
// - tests that only run the CLI in a child process: a mutant is switched on inside the test
//   process, so they can never kill one;
// - the protocol-level suites (test/matrix, test/model, test/properties) and, for the engine, the
//   store refinement runs: each re-runs complete searches or thousands of store runs, which per
//   mutant would take many hours on two cores. A mutant only they would kill shows as surviving,
//   so the score is a floor.
import { createHash } from 'node:crypto';

const scopes = {
  checker: {
    mutate: ['checker/**/*.ts'],
    // The trace suites that replay the protocol matrix or run the CLI are left out (see above).
    // The liveness suites run the fair-cycle search in process (the CLI one is a child process).
    tests: ['test/checker/**/*.test.ts', 'test/conformance.test.ts', 'test/simulate/simulate.test.ts', 'test/traces/**/*.test.ts', 'test/liveness/**/*.test.ts'],
    skip: ['test/traces/replay.test.ts', 'test/traces/trace-commands.test.ts', 'test/liveness/cli.test.ts'],
    // In a run of chosen files, suites aimed at one subfolder or file judge only when it is among
    // them: the worker suites start threads, where no mutant is ever switched on, and take minutes
    // per mutant; the symmetry and fingerprint-partition suites search the whole protocol model
    // (two minutes, and every mutant they reach that the other suites let live pays for them).
    aimed: {
      'checker/parallel/': 'test/checker/parallel/**',
      'checker/encoding/': 'test/checker/encoding/**',
      'checker/symmetry': 'test/checker/symmetry-canonical.test.ts',
      'checker/fingerprint.ts': 'test/checker/fingerprint-partition.test.ts',
    },
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

/** MUTATE=folder, or MUTATE=folder/a.ts,folder/b.ts: the scope and the files to mutate. */
function choose(value) {
  if (value === undefined) return { name: 'all', chosen: Object.values(scopes), files: undefined };
  if (Object.hasOwn(scopes, value)) return { name: value, chosen: [scopes[value]], files: undefined };
  const files = value.split(',').map((f) => f.trim());
  const folder = files[0].split('/')[0];
  if (!Object.hasOwn(scopes, folder) || files.some((f) => !f.startsWith(`${folder}/`) || !f.endsWith('.ts'))) {
    throw new Error(`MUTATE=${value}: expected one of ${Object.keys(scopes).join(', ')}, or .ts files inside one of them, comma-separated`);
  }
  const named = `${folder}-${files.map((f) => f.slice(folder.length + 1, -3).replaceAll('/', '-')).join('+')}`;
  // A report's file name must stay under the file system's limit (255 bytes): a long list is
  // named by its length and a digest of its files.
  const name = named.length <= 120 ? named : `${folder}-${files.length}-files-${createHash('sha256').update(files.join(',')).digest('hex').slice(0, 8)}`;
  return { name, chosen: [scopes[folder]], files };
}

const { name, chosen, files } = choose(process.env.MUTATE);
const mutated = files ?? chosen.flatMap((s) => s.mutate);
// A path ending in / stands for its subfolder, any other for the files whose path starts with it.
const idleAimedSuites = chosen.flatMap((s) =>
  Object.entries(s.aimed ?? {})
    .filter(([target]) => files !== undefined && !files.some((f) => f.startsWith(target)))
    .map(([, suite]) => suite),
);

// JUDGE=test/a.test.ts,test/b/** judges by those suites only: a quick first look at a file's
// survivors (each is a survivor of the full scope, or killed only by a suite left out), reported
// and remembered apart from the full scope's run.
const judges = process.env.JUDGE?.split(',').map((t) => t.trim());

export const scopeName = judges ? `${name}-judged-by-${judges.map((t) => t.replace(/^test\//, '').replace(/\.test\.ts$/, '').replace(/[^\w.-]+/g, '-')).join('+')}` : name;
export const mutate = mutated;
export const testFiles = judges ?? [...new Set(chosen.flatMap((s) => s.tests))];
export const skippedTests = ['test/traces/tty-viewer.test.ts', ...chosen.flatMap((s) => s.skip ?? []), ...idleAimedSuites];
