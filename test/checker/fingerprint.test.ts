import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { List, Map as IMap, Set as ISet, Record as IRecord } from 'immutable';
import { fingerprint, fingerprintHex, fingerprintLo, fingerprintSuccessorHi, setParent } from '../../checker/fingerprint.ts';
import { valueEquals, type Value } from '../../checker/value.ts';

const fp = fingerprintHex;

describe('fingerprint', () => {
  it('ignores the insertion order of maps, sets and record fields', () => {
    expect(fp(IMap([['a', 1], ['b', 2]]))).toBe(fp(IMap([['b', 2], ['a', 1]])));
    expect(fp(ISet(['x', 'y', 'z']))).toBe(fp(ISet(['z', 'x', 'y'])));
    expect(fp({ a: 1, b: [true, 'q'] })).toBe(fp({ b: [true, 'q'], a: 1 }));
  });

  it('keeps the order of sequences', () => {
    expect(fp([1, 2])).not.toBe(fp([2, 1]));
    expect(fp(List([1, 2]))).toBe(fp([1, 2]));
  });

  it('tells apart values of different kinds that look alike', () => {
    const values: Value[] = [0, '0', false, true, 1, '1', [], {}, IMap<Value, Value>(), ISet<Value>(), [0], ISet([0]), { 0: 0 } as Value, IMap([[0, 0]]), 0n, 2n ** 70n, 'true'];
    const fps = values.map(fp);
    expect(new Set(fps).size).toBe(values.length);
  });

  it('treats an immutable Record like the plain record with the same fields', () => {
    const Point = IRecord({ x: 0, y: 0 });
    expect(fp(Point({ x: 1, y: 2 }) as unknown as Value)).toBe(fp({ y: 2, x: 1 }));
  });

  it('does not let sums of entries cancel: {a:1,b:2} differs from {a:2,b:1}', () => {
    expect(fp({ a: 1, b: 2 })).not.toBe(fp({ a: 2, b: 1 }));
    expect(fp(IMap([['a', 'b'], ['b', 'a']]))).not.toBe(fp(IMap([['a', 'a'], ['b', 'b']])));
    expect(fp(ISet([ISet([1]), ISet([2])]))).not.toBe(fp(ISet([ISet([1, 2])])));
  });

  it('rejects what is not a state value', () => {
    expect(() => fp(1.5)).toThrow(/non-integer/);
    expect(() => fp({ when: new Date(0) } as unknown as Value)).toThrow(/not a state value/);
    expect(() => fp({ x: undefined } as unknown as Value)).toThrow(/undefined/);
  });

  const leaf = fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', 'ab', ''));
  const valueArb: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('v'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('p', 'q', 'r'), tie('v'), { maxKeys: 3 }),
      fc.array(leaf, { maxLength: 4 }).map((xs) => ISet(xs)),
      fc.array(fc.tuple(leaf, tie('v')), { maxLength: 3 }).map((es) => IMap(es)),
    ),
  })).v;

  it('gives different fingerprints to different values and equal ones to equal values', () => {
    fc.assert(fc.property(valueArb, valueArb, (a, b) => {
      expect(fp(a) === fp(b)).toBe(valueEquals(a, b));
    }), { numRuns: 2000 });
  });

  it('fingerprints a successor incrementally exactly as from scratch, whatever it shares with its parent', () => {
    const stateArb = fc.dictionary(fc.constantFrom('x', 'y', 'z', 'w'), valueArb, { maxKeys: 4 });
    fc.assert(fc.property(stateArb, fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', 'w', 'v'), fc.option(valueArb)), { maxLength: 4 }), (parent, edits) => {
      // Successors as models build them: spread the parent, replace, add or drop variables.
      const child: Record<string, Value> = { ...parent };
      for (const [k, v] of edits) { if (v === null) delete child[k]; else child[k] = v; }
      setParent(parent);
      const hi = fingerprintSuccessorHi(child);
      expect({ hi, lo: fingerprintLo() }).toEqual(fingerprint(child));
    }), { numRuns: 1000 });
  });
});
