import { fc, test } from '@fast-check/vitest';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { describeChange, diffValues, changeMarker } from '../../traces/diff-value.ts';

const lines = (a: Parameters<typeof diffValues>[0], b: Parameters<typeof diffValues>[1]) =>
  diffValues(a, b, 'v').map((c) => `${changeMarker(c)} ${describeChange(c)}`);

describe('diffValues', () => {
  it('is empty for equal values, whatever the insertion order', () => {
    expect(diffValues(IMap([['a', 1], ['b', 2]]), IMap([['b', 2], ['a', 1]]), 'v')).toEqual([]);
    expect(diffValues({ x: [1, 2] }, { x: List([1, 2]) }, 'v')).toEqual([]);
  });

  it('goes inside records, maps, sets and sequences', () => {
    const before = { catalog: ISet(['t1', 't2']), drops: IMap([['s1', { phase: 'live' }]]), log: [1, 2] };
    const after = { catalog: ISet(['t2', 't3']), drops: IMap([['s1', { phase: 'scheduled' }], ['s2', { phase: 'live' }]]), log: [1] };
    expect(lines(before, after)).toEqual([
      '- v.catalog loses "t1"',
      '+ v.catalog gains "t3"',
      '~ v.drops["s1"].phase: "live" -> "scheduled"',
      '+ v.drops["s2"]: [phase |-> "live"]',
      '- v.log[2]: 2',
    ]);
  });

  it('reports a change of kind as one change of the whole value', () => {
    expect(lines(1, 'one')).toEqual(['~ v: 1 -> "one"']);
    expect(lines(ISet([1]), [1])).toEqual(['~ v: {1} -> <<1>>']);
  });

  const small = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b'));
  const shape = fc.record({
    s: fc.array(small, { maxLength: 4 }).map((xs) => ISet(xs)),
    m: fc.array(fc.tuple(fc.constantFrom('k1', 'k2', 'k3'), small), { maxLength: 3 }).map((kv) => IMap(kv)),
    l: fc.array(small, { maxLength: 3 }),
  });
  test.prop([shape, shape])('is empty exactly when the values are equal, and never repeats a path for keyed changes', (a, b) => {
    const changes = diffValues(a, b, 'v');
    const equal = a.s.equals(b.s) && a.m.equals(b.m) && JSON.stringify(a.l) === JSON.stringify(b.l);
    expect(changes.length === 0).toBe(equal);
    const keyed = changes.filter((c) => c.kind !== 'gained' && c.kind !== 'lost').map((c) => c.path);
    expect(new Set(keyed).size).toBe(keyed.length);
  });
});

describe('diffValues on large collections', () => {
  it('is linear: a 20,000-element set and map differ by one element in well under seconds', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `e${i}`);
    const set = ISet(names);
    const map = IMap(names.map((n) => [n, { a: 1 }] as const));
    const started = Date.now();
    const changes = [...diffValues(set, set.remove('e7'), 's'), ...diffValues(map, map.remove('e7'), 'm')];
    // A quadratic comparison takes minutes here; the bound is loose for a busy machine.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(changes.map((c) => `${changeMarker(c)} ${describeChange(c)}`)).toEqual(['- s loses "e7"', '- m["e7"]: [a |-> 1]']);
  });
});
