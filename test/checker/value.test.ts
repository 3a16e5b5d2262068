import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { List, Map as IMap, Record as IRecord, Set as ISet, Stack } from 'immutable';
import { assertValue, cloneValue, deepFreeze, kindOf, valueEquals, valueProblem, type Value } from '../../checker/value.ts';

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

describe('valueEquals, by kind', () => {
  it('a List equals the plain array with the same elements, and Lists compare by content', () => {
    // Both are sequences (ITF lists): the kind, not the representation, decides.
    expect(valueEquals(List([1, 2]), [1, 2])).toBe(true);
    expect(valueEquals(List([1, { a: [2] }]), List([1, { a: [2] }]))).toBe(true);
    expect(valueEquals(List([1, 2]), List([2, 1]))).toBe(false);
  });

  it('records with the same values under different field names differ', () => {
    expect(valueEquals({ a: 1 }, { b: 1 })).toBe(false);
    expect(valueEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
  });

  // Above 16 elements the comparison buckets by fingerprint; small random sets never get there.
  it('compares sets and maps of 40 plain records by content, in any order', () => {
    const ks = Array.from({ length: 40 }, (_, i) => i);
    const set = (ys: number[]) => ISet(ys.map((k) => ({ k }) as Value));
    const map = (ys: number[]) => IMap(ys.map((k) => [`k${k}`, { v: [k] }] as [Value, Value]));
    const reversed = [...ks].reverse();
    expect(valueEquals(set(ks), set(reversed))).toBe(true);
    expect(valueEquals(map(ks), map(reversed))).toBe(true);
    const other = [...ks.slice(1), 99];
    expect(valueEquals(set(ks), set(other))).toBe(false);
    expect(valueEquals(map(ks), map(other))).toBe(false);
  });
});

describe('kindOf and valueProblem', () => {
  const suffix = 'which is not a state value (booleans, integers, strings, arrays, plain objects and immutable List/Map/Set/Record)';

  it('null and immutable collections other than List/Map/Set/Record are not values', () => {
    expect(kindOf(null)).toBeUndefined();
    expect(valueProblem(null, 'x')).toBe(`x is null, ${suffix}`);
    expect(kindOf(Stack([1]))).toBeUndefined();
    expect(valueProblem({ s: Stack([1]) }, 'x')).toBe(`x.s is a Stack, ${suffix}`);
    // An object whose prototype has no constructor is named by what it is.
    expect(valueProblem(Object.create(Object.create(null)), 'x')).toBe(`x is a object, ${suffix}`);
  });

  it('names the offending field of a record wherever it sits among the fields', () => {
    expect(valueProblem({ a: 1, b: () => 1 }, 'r')).toBe(`r.b is a function, ${suffix}`);
    expect(valueProblem({ a: () => 1, b: 1 }, 'r')).toBe(`r.a is a function, ${suffix}`);
  });

  it('names an offending key or value of a Map and element of a Set', () => {
    expect(valueProblem(IMap<unknown, unknown>([['k', 1], ['j', new Date(0)]]), 'm')).toBe(`m[j] is a Date, ${suffix}`);
    expect(valueProblem(IMap<unknown, unknown>([['k', 1], [new Date(0), 1]]), 'm')).toBe(`m key is a Date, ${suffix}`);
    expect(valueProblem(ISet([1, 2, NaN]), 's')).toBe(`s element is the non-integer number NaN, ${suffix}`);
    expect(valueProblem(IMap([['k', 1]]), 'm')).toBeUndefined();
    expect(valueProblem(ISet([1, List([2])]), 's')).toBeUndefined();
  });

  it('assertValue throws that message as a TypeError, and accepts a value', () => {
    expect(() => assertValue({ a: [1, undefined] }, 'v')).toThrow(new TypeError(`v.a[1] is undefined, ${suffix}`));
    expect(() => assertValue({ a: [1, List([2])] }, 'v')).not.toThrow();
  });
});

describe('deepFreeze, inside every kind of collection', () => {
  it('freezes plain arrays inside Lists, Map keys and Set elements', () => {
    const inList = [1], inKey = [2], inSet = [3];
    deepFreeze({ l: List([inList]), m: IMap([[List([inKey]), 0]]), s: ISet([List([inSet])]) } as unknown as Value);
    expect([inList, inKey, inSet].map((a) => Object.isFrozen(a))).toEqual([true, true, true]);
  });

  it('leaves immutable.js collections usable: a frozen List could no longer be hashed', () => {
    const list = List([1]);
    deepFreeze({ list } as unknown as Value);
    expect(list.hashCode()).toBe(List([1]).hashCode());
  });
});

describe('cloneValue', () => {
  const Point = IRecord({ x: 0, tags: [] as Value[] });

  it('copies plain arrays and objects at every depth, inside Lists, Maps, Sets and Records', () => {
    const v = { l: List([[1]]), m: IMap([['k', { a: [2] }]]), s: ISet([{ b: [3] }]), r: Point({ x: 1, tags: ['t'] }), xs: [[4]] } as unknown as Value;
    const c = cloneValue(v);
    expect(valueEquals(c, v)).toBe(true);
    const plainParts = (w: any): unknown[] => [w.l.get(0), w.m.get('k'), w.m.get('k').a, [...w.s][0], [...w.s][0].b, w.r.get('tags'), w.xs, w.xs[0]];
    const [before, after] = [plainParts(v), plainParts(c)];
    after.forEach((part, i) => expect(part, `part ${i}`).not.toBe(before[i]));
    expect(IRecord.isRecord((c as any).r)).toBe(true);
  });

  it('keeps an immutable collection that holds no plain value, itself', () => {
    for (const v of [List([1, 2]), IMap([['k', List([1])]]), ISet([1, 2]), Point({ x: 1, tags: List() as unknown as Value[] })] as Value[]) {
      expect(cloneValue(v)).toBe(v);
    }
  });

  it('copies a collection left mutable into a mutable collection of the same kind', () => {
    const inner = [1];
    const sources = [List([inner]).asMutable(), ISet([1, 2]).asMutable(), IMap([['k', inner]]).asMutable()];
    const [list, set, map] = sources.map((s) => cloneValue(s as unknown as Value)) as unknown as [List<Value>, ISet<Value>, IMap<Value, Value>];
    expect([List.isList(list), ISet.isSet(set), IMap.isMap(map)]).toEqual([true, true, true]);
    sources.forEach((s, i) => expect(valueEquals([list, set, map][i]!, s as unknown as Value)).toBe(true));
    expect(list.get(0)).not.toBe(inner);
    expect(map.get('k')).not.toBe(inner);
    // Mutable: changed in place, while the original is not.
    set.add(9);
    map.set('j', 1);
    expect([set.has(9), sources[1]!.has(9 as never), map.has('j'), sources[2]!.has('j' as never)]).toEqual([true, false, true, false]);
  });

  it('keeps a Record left mutable a Record', () => {
    const open = Point({ x: 1, tags: List() as unknown as Value[] }).asMutable();
    const c = cloneValue(open as unknown as Value);
    expect(IRecord.isRecord(c)).toBe(true);
    expect(valueEquals(c, open as unknown as Value)).toBe(true);
  });
});
