import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { List, Map as IMap, Record as IRecord, Set as ISet } from 'immutable';
import { deepFreeze, valueEquals, type Value } from '../../checker/value.ts';

describe('valueEquals', () => {
  it('compares sets and maps by content, in any order, small or large', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 60 }), fc.integer({ min: 0, max: 500 }), (xs, other) => {
      // Plain records as elements: immutable.js alone would compare them by reference.
      const set = (ys: number[]) => ISet(ys.map((k) => ({ k }) as Value));
      const map = (ys: number[]) => IMap(ys.map((k) => [`k${k}`, { v: k }] as [Value, Value]));
      const reversed = [...xs].reverse();
      expect(valueEquals(set(xs), set(reversed))).toBe(true);
      expect(valueEquals(map(xs), map(reversed))).toBe(true);
      if (xs.length > 0 && !xs.includes(other)) {
        const swapped = [...xs.slice(1), other];
        expect(valueEquals(set(xs), set(swapped))).toBe(false);
        expect(valueEquals(map(xs), map(swapped))).toBe(false);
      }
    }), { numRuns: 300 });
  });

  it('tells a map from one whose values differ under the same keys', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const a = IMap(keys.map((k) => [k, [k]] as [Value, Value]));
    const b = a.set('k39', ['other']);
    expect(valueEquals(a, b)).toBe(false);
  });
});

describe('deepFreeze', () => {
  it('freezes plain arrays and objects at any depth, inside immutable collections and Records too', () => {
    const Point = IRecord({ x: 0, tags: [] as Value[] });
    const v = { p: Point({ x: 1, tags: ['a'] }), m: IMap([['k', [1, { deep: [2] }]]]), s: ISet([List([3])]), xs: [[4]] } as unknown as Value;
    deepFreeze(v);
    const o = v as unknown as { p: { get(k: string): unknown }; m: IMap<string, unknown[]>; xs: unknown[][] };
    expect(Object.isFrozen(v)).toBe(true);
    expect(Object.isFrozen(o.p.get('tags'))).toBe(true);
    expect(Object.isFrozen(o.m.get('k'))).toBe(true);
    expect(Object.isFrozen((o.m.get('k')![1] as { deep: unknown }).deep)).toBe(true);
    expect(Object.isFrozen(o.xs[0])).toBe(true);
  });
});
