// The model is pure and canonical: on every reachable state (frozen, so a mutation throws) every
// action yields the same successors twice, each a valid state value, and the initial states are
// exactly the cold/warm cache subsets.
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import { allSuccessors } from '../../checker/successors.ts';
import { assertValue, deepFreeze, type Value } from '../../checker/value.ts';
import model from '../../model/index.ts';
import { compactionModes, dropVariants, type DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { consts } from './fixtures.ts';
import { referenceReachable } from '../support/reference-search.ts';

/** Every reachable state, breadth-first (small bounds: this is not the checker). */
const reachable = (c: DropConsts): DropState[] => referenceReachable(model, c);

describe('purity and determinism of every action', () => {
  const variants = dropVariants.flatMap((drop) => compactionModes.map((compaction) => ({ drop, compaction })));
  it.each(variants)('drop=$drop compaction=$compaction, 1 sink, 4 epochs', ({ drop, compaction }) => {
    const c = consts({ drop, compaction, maxEpoch: '4' });
    const states = reachable(c);
    expect(states.length).toBeGreaterThan(100);
    for (const s of states) {
      const frozen = deepFreeze(s as unknown as Value) as unknown as DropState;
      const first = allSuccessors(model, frozen, c);
      const again = allSuccessors(model, frozen, c);
      expect(again.map((x) => fingerprintHex(x.successor.state))).toEqual(first.map((x) => fingerprintHex(x.successor.state)));
      for (const { action, successor } of first) {
        assertValue(successor.state, action.name);
        expect(successor.state).not.toBe(frozen);
      }
    }
  });
});

describe('purity and determinism of the later teardown paths', () => {
  const paths: Record<string, string>[] = [
    { cancel: 'no-tombstone', createFailure: 'no-tombstone', alterConnector: 'delete-before-stop' },
    { cancel: 'tombstone', createFailure: 'cancel-and-cleanup', alterConnector: 'delete-after-unregister' },
    { jobKind: 'snapshot-backfill', cleanup: 'post-collect', createFailure: 'tombstone-leak' },
    { jobKind: 'snapshot-backfill', cleanup: 'issuer', alterConnector: 'tombstone' },
  ];
  it.each(paths)('%o, 1 sink, 4 epochs', (raw) => {
    const c = consts({ ...raw, maxEpoch: '4' });
    const states = reachable(c);
    expect(states.length).toBeGreaterThan(100);
    for (const s of states) {
      const frozen = deepFreeze(s as unknown as Value) as unknown as DropState;
      const first = allSuccessors(model, frozen, c);
      expect(allSuccessors(model, frozen, c).map((x) => fingerprintHex(x.successor.state))).toEqual(first.map((x) => fingerprintHex(x.successor.state)));
      for (const { action, successor } of first) assertValue(successor.state, action.name);
    }
  });
});

describe('initial states', () => {
  it('explore the cache cold and warm for every table', () => {
    const init = [...model.init(consts({ sinks: '2' }))];
    expect(init.map((s) => [...s.cache].sort().join(','))).toEqual(['', 't1', 't2', 't1,t2']);
    for (const s of init) expect(model.invariants.map((i) => i.check(s, consts({ sinks: '2' })))).toEqual(model.invariants.map(() => undefined));
  });
});
