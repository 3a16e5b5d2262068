// Laws every model and the engine must obey, on random reachable states of the examples and of
// the protocol model: actions are pure, fingerprints agree with equality, ITF round-trips.
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { List, Map as IMap, Set as ISet, Record as IRecord } from 'immutable';
import type { State } from '../../checker/model.ts';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import { deepFreeze, kindOf, recordEntries, seqItems, valueEquals, type Value } from '../../checker/value.ts';
import { fromItf, toItf } from '../../traces/itf-value.ts';
import { modelCases, reachableState } from './models.ts';

const NUM_RUNS = 40;

/** The same value built again with every record, map and set filled in the order `order` gives. */
function rebuilt(v: Value, order: (n: number) => number[]): Value {
  const permute = <T,>(xs: readonly T[]): T[] => order(xs.length).map((i) => xs[i]!);
  switch (kindOf(v)) {
    case 'seq': {
      const items = seqItems(v as readonly Value[]).map((x) => rebuilt(x, order));
      return List.isList(v) ? List(items) : items;
    }
    case 'rec': {
      if (IRecord.isRecord(v)) return v; // a Record's field order is its factory's
      const out: Record<string, Value> = {};
      for (const [k, x] of permute(recordEntries(v as object))) out[k] = rebuilt(x, order);
      return out;
    }
    case 'map': return IMap(permute([...(v as IMap<Value, Value>).entries()]).map(([k, x]) => [k, rebuilt(x, order)] as [Value, Value]));
    case 'set': return ISet(permute([...(v as ISet<Value>)]));
    default: return v;
  }
}

/** A permutation of 0..n-1 derived from a seed (deterministic, no Math.random). */
const permutationFrom = (seed: number) => (n: number): number[] => {
  const idx = Array.from({ length: n }, (_, i) => i);
  let x = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const j = x % (i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
};

const snapshot = (s: State): string => JSON.stringify(toItf(s as Value));

describe.each(modelCases.map((c) => [c.label, c] as const))('laws of %s', (_label, c) => {
  test.prop([reachableState(c)], { numRuns: NUM_RUNS })('actions never modify their input state', (s) => {
    const frozen = deepFreeze(s as Value) as State;
    const before = snapshot(frozen);
    const fp = fingerprintHex(frozen as Value);
    for (const action of c.model.actions) [...action.successors(frozen, c.consts)]; // a write to a frozen object throws here
    expect(snapshot(frozen)).toBe(before);
    expect(fingerprintHex(frozen as Value)).toBe(fp);
  });

  test.prop([reachableState(c), fc.integer()], { numRuns: NUM_RUNS })('equal states have equal fingerprints, whatever the insertion order', (s, seed) => {
    const again = rebuilt(s as Value, permutationFrom(seed));
    expect(valueEquals(again, s as Value)).toBe(true);
    expect(fingerprintHex(again)).toBe(fingerprintHex(s as Value));
  });

  test.prop([reachableState(c), reachableState(c)], { numRuns: NUM_RUNS })('different states have different fingerprints', (a, b) => {
    const same = valueEquals(a as Value, b as Value);
    expect(fingerprintHex(a as Value) === fingerprintHex(b as Value)).toBe(same);
  });

  test.prop([reachableState(c)], { numRuns: NUM_RUNS })('states round-trip through ITF', (s) => {
    const back = fromItf(JSON.parse(JSON.stringify(toItf(s as Value))));
    expect(valueEquals(back, s as Value)).toBe(true);
    expect(fingerprintHex(back)).toBe(fingerprintHex(s as Value));
    expect(JSON.stringify(toItf(back))).toBe(JSON.stringify(toItf(s as Value)));
  });
});
