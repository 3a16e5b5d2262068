// Canonicalising by sorted id signatures finds exactly the classes that hashing every image
// finds: the same class counts, the same traces (the one-thread engine hashes every image).
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel } from '../../checker/model.ts';
import { search } from '../../checker/parallel/search.ts';
import protocol from '../../model/index.ts';

const model = protocol as AnyModel;
const figures = (o: { stats: { distinctStates: number; generatedStates: number; depth: number }; result: string }) =>
  [o.result, o.stats.distinctStates, o.stats.generatedStates, o.stats.depth];

describe('symmetry by sorted signatures', () => {
  it.each([
    [{ sinks: '2' }, {}],
    [{ sinks: '2', drop: 'deferred-notify', compaction: 'fail-task' }, {}],
    [{ sinks: '2', drop: 'catalog-first' }, { maxDepth: 12 }],
    [{ sinks: '3', drop: 'tombstone-fetch' }, { maxDepth: 9 }],
  ] as const)('has the classes of the every-image method on the protocol model %j %j', async (raw, bounds) => {
    const options = { consts: resolveConsts(model, raw), continueAfterViolation: true, symmetry: true, liveness: false, ...bounds };
    const everyImage = check(model, options);
    const sorted = await search(model, { ...options, workers: 1, liveness: false });
    expect(figures(sorted)).toEqual(figures(everyImage));
    // And fewer states than without symmetry, when there are several sinks.
    expect(sorted.stats.distinctStates).toBeLessThan((await search(model, { ...options, symmetry: false, workers: 1, liveness: false })).stats.distinctStates);
  }, 120_000);

  it('puts every renaming of a state in one class', async () => {
    const ids = model.symmetryIds!;
    const { canonicalFingerprintHi, canonicalFingerprintLo } = await import('../../checker/symmetry-canonical.ts');
    const consts = resolveConsts(model, { sinks: '3' });
    // States along the first behaviours, and every renaming of each.
    const states = [...model.init(consts)];
    for (let i = 0; i < states.length && states.length < 300; i++) for (const a of model.actions) for (const { state } of a.successors(states[i]!, consts)) states.push(state);
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const s of states) {
      const canon = (t: typeof s) => `${canonicalFingerprintHi(ids, consts, t)}:${canonicalFingerprintLo()}`;
      const c = canon(s);
      for (const p of perms) expect(canon(ids.rename(s, p, consts))).toBe(c);
    }
  });
});
