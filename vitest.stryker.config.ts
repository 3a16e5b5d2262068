// The vitest run that StrykerJS uses to judge each mutant (`npm run mutation`), not the CI run:
// the test files of the folder being mutated (see mutation-scopes.mjs).
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
// @ts-expect-error: a plain ES module without type declarations
import { skippedTests, testFiles } from './mutation-scopes.mjs';

/**
 * Cheapest test files first. StrykerJS stops a mutant's run at its first failing test, so a mutant
 * that a fast unit suite kills should not wait for the slow refinement suites that also reach it;
 * vitest's own order (slowest first) makes every mutant pay for them. Same tests, same verdicts.
 */
class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (spec: TestSpecification): [number, number] => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      const last = this.ctx.cache.getFileTestResults(key);
      // Never timed: by size, after the timed ones (a size says little about a search's cost).
      return last ? [0, last.duration] : [1, this.ctx.cache.getFileStats(key)?.size ?? 0];
    };
    return [...files].sort((a, b) => {
      const [ca, cb] = [cost(a), cost(b)];
      return ca[0] - cb[0] || ca[1] - cb[1];
    });
  }
}

export default defineConfig({
  test: {
    include: testFiles as string[],
    exclude: skippedTests as string[],
    sequence: { sequencer: CheapestFirst },
    // Instrumented code on a loaded machine: hooks that run a search need more than 10 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
