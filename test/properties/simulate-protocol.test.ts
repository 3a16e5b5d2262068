// Random walks of the protocol model: the fixed variants keep every invariant; the broken ones
// fail and shrink to the checker's shortest counterexample. Observed over seeds 1-10 of each case
// below: the shrunk trace was never longer than the BFS one (fast-check alone left up to 4 extra
// states, which simulate's last pass removes); SHRINK_BOUND is that observation, tested.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import { simulate } from '../../checker/simulate.ts';
import { validateTrace } from '../../checker/validate-trace.ts';
import protocol from '../../model/index.ts';

/** States the shrunk trace may have beyond the shortest one. */
const SHRINK_BOUND = 0;

describe('random walks of the protocol model', () => {
  for (const [drop, compaction] of [['tombstone-fetch', 'skip'], ['stop-first', 'skip'], ['tombstone-fetch', 'fail-task']] as const) {
    it(`${drop} with ${compaction} compaction keeps every invariant on 200 walks of two sinks`, () => {
      const consts = resolveConsts(protocol, { drop, compaction, sinks: '2' });
      const o = simulate(protocol, { consts, seed: 11, runs: 200, maxSteps: 40 });
      expect(o.result, o.result === 'violation' ? o.violation.reason : '').toBe('ok');
      expect(o.stats.steps).toBeGreaterThan(200 * 10);
    });
  }

  const broken = [
    ['catalog-first', undefined],
    ['catalog-first', 'NoRowNotFound'],
    ['deferred-notify', undefined],
    ['deferred-notify', 'NoRowNotFound'],
  ] as const;
  for (const [drop, invariant] of broken) {
    it(`${drop}${invariant ? ` (${invariant})` : ''} fails and shrinks to within ${SHRINK_BOUND} states of the shortest trace`, () => {
      const consts = resolveConsts(protocol, { drop });
      const invariants = invariant ? [invariant] : undefined;
      const bfs = check(protocol, { consts, ...(invariants ? { invariants } : {}) });
      if (bfs.result !== 'violation') throw new Error('the checker found no violation');
      for (const seed of [1, 2, 3]) {
        const o = simulate(protocol, { consts, seed, runs: 1000, ...(invariants ? { invariants } : {}) });
        if (o.result !== 'violation') throw new Error(`seed ${seed}: no violation found`);
        expect(o.violation.name, `seed ${seed}`).toBe(bfs.violation.name);
        expect(o.violation.trace.length, `seed ${seed}`).toBeLessThanOrEqual(bfs.violation.trace.length + SHRINK_BOUND);
        expect(o.violation.originalLength).toBeGreaterThanOrEqual(o.violation.trace.length);
        expect(validateTrace(protocol, consts, o.violation.trace, o.violation)).toMatchObject({ ok: true });
      }
    });
  }
});
