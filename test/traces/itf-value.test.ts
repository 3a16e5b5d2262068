import { fc, test } from '@fast-check/vitest';
import { List, Map as IMap, Set as ISet, Record as IRecord } from 'immutable';
import { describe, expect, it } from 'vitest';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import { valueEquals, type Value } from '../../checker/value.ts';
import { fromItf, toItf } from '../../traces/itf-value.ts';

const Point = IRecord({ x: 0 as Value, y: 0 as Value });

/** Values of the engine's domain; set elements and map keys are primitives or immutable values. */
const { value } = fc.letrec<{ value: Value; element: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('element'),
    fc.array(tie('value'), { maxLength: 4 }),
    // ITF reserves field names that start with '#' for its encodings.
    fc.dictionary(fc.string({ maxLength: 4 }).filter((k) => !k.startsWith('#')), tie('value'), { maxKeys: 4 }),
  ),
  element: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.bigInt(),
    fc.string({ maxLength: 6 }),
    fc.array(tie('element'), { maxLength: 3 }).map((xs) => List(xs)),
    fc.array(tie('element'), { maxLength: 3 }).map((xs) => ISet(xs)),
    fc.array(fc.tuple(tie('element'), tie('element')), { maxLength: 3 }).map((kv) => IMap(kv)),
    fc.tuple(tie('element'), tie('element')).map(([x, y]) => Point({ x, y })),
  ),
}));

const throughText = (v: Value): Value => fromItf(JSON.parse(JSON.stringify(toItf(v))));

describe('ITF values', () => {
  test.prop([value], { numRuns: 300 })('round-trip through JSON text to an equal value with an equal fingerprint', (v) => {
    const back = throughText(v);
    expect(valueEquals(back, v)).toBe(true);
    expect(fingerprintHex(back)).toBe(fingerprintHex(v));
    expect(JSON.stringify(toItf(back))).toBe(JSON.stringify(toItf(v)));
  });

  test.prop([fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 6 })])('write sets and maps in one order whatever the insertion order', (kv) => {
    const a = IMap(kv);
    const b = IMap([...kv].reverse().filter(([k], i, all) => all.findIndex(([k2]) => k2 === k) === i).map(([k]) => [k, a.get(k)!] as const));
    expect(JSON.stringify(toItf(b))).toBe(JSON.stringify(toItf(a)));
    expect(JSON.stringify(toItf(ISet([...a.keys()].reverse())))).toBe(JSON.stringify(toItf(ISet(a.keys()))));
  });

  it('keeps a small bigint a bigint, so it stays distinct from the number', () => {
    expect(throughText(5n)).toBe(5n);
    expect(throughText(5)).toBe(5);
  });

  it('reads Quint and Apalache encodings: #tup as a sequence, #bigint, #unserializable', () => {
    expect(valueEquals(fromItf({ '#tup': ['a', { '#bigint': '1' }] }), ['a', 1n])).toBe(true);
    expect(fromItf({ '#unserializable': 'fun' })).toBe('<unserializable: fun>');
  });

  it.each([
    ['a #bigint of 10001 digits', { '#bigint': '1'.repeat(10_001) }, /more than 10000 digits/],
    ['a #set of a number', { '#set': 1 }, /#set needs an array/],
    ['a #map entry that is not a pair', { '#map': [[1]] }, /\$\.#map\[0\]: expected a \[key, value\] pair/],
    ['2^53 written plainly', 2 ** 53, /not an integer within 2\^53/],
  ])('rejects %s', (_, j, msg) => {
    expect(() => fromItf(j)).toThrow(msg);
  });
});
