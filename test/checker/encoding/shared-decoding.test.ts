// Decoded immutable collections are shared between the states of one dictionary, and their
// hashes remembered: what a search decodes must still be the value encoded, whatever was decoded
// before it, and a shared value must never be something model code could modify.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { List, Map as IMap, OrderedSet, Set as ISet } from 'immutable';
import { StringDictionary, ValueCodec } from '../../../checker/encoding/value-codec.ts';
import { ByteWriter } from '../../../checker/encoding/byte-buffer.ts';
import { fingerprintHex } from '../../../checker/fingerprint.ts';
import { valueEquals, type Value } from '../../../checker/value.ts';

/** Encodes `values` one after another under one dictionary; returns the bytes, the starts and the strings. */
function encodeAll(codec: ValueCodec, values: readonly Value[]): { bytes: Uint8Array; starts: number[]; strings: string[] } {
  const w = new ByteWriter(64);
  const dictionary = new StringDictionary();
  const starts: number[] = [];
  for (const v of values) {
    starts.push(w.length);
    codec.encode(v, w, dictionary);
  }
  return { bytes: w.view().slice(), starts, strings: dictionary.strings() };
}

const atom: fc.Arbitrary<Value> = fc.oneof(fc.constantFrom('t1', 't2', 'sink', 'Add'), fc.integer({ min: -3, max: 3 }), fc.boolean());
const collection: fc.Arbitrary<Value> = fc.oneof(
  fc.array(atom, { maxLength: 4 }).map((xs) => ISet(xs)),
  fc.array(atom, { maxLength: 4 }).map((xs) => OrderedSet(xs)),
  fc.array(fc.tuple(atom, atom), { maxLength: 4 }).map((es) => IMap(es)),
  fc.array(fc.tuple(atom, fc.array(atom, { maxLength: 3 }).map((xs) => ISet(xs))), { maxLength: 3 }).map((es) => IMap(es)),
  fc.array(atom, { maxLength: 3 }).map((xs) => List(xs)),
  // Holding plain objects and arrays: never shared.
  fc.array(fc.tuple(atom, fc.record({ op: atom })), { maxLength: 3 }).map((es) => IMap(es)),
  fc.array(fc.array(atom, { maxLength: 2 }), { maxLength: 3 }).map((xs) => List(xs)),
);
const state = fc.record({ a: collection, b: collection, c: fc.array(collection, { maxLength: 2 }), n: atom });

describe('decoded values shared under one dictionary', () => {
  it('decode every state of a run to the value encoded, with its fingerprint and iteration order, in any order', () => {
    fc.assert(fc.property(fc.array(state, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 60 }), (states, order) => {
      const codec = new ValueCodec();
      const { bytes, starts, strings } = encodeAll(codec, states);
      for (const k of [...order, ...states.keys()]) {
        const i = k % states.length;
        const back = codec.decode(bytes, starts[i]!, strings);
        expect(valueEquals(back, states[i]!)).toBe(true);
        expect(fingerprintHex(back)).toBe(fingerprintHex(states[i]!));
        expect(JSON.stringify(back)).toBe(JSON.stringify(states[i]!));
      }
    }), { numRuns: 300 });
  });

  it('share an immutable collection of primitives between states, never a plain object or array, nor a collection holding one', () => {
    const tables = ISet(['t1', 't2']);
    const rows = IMap([['t1', { op: 'Add' }]]);
    const states = [{ tables, rows, imms: [{ table: 't1' }] }, { tables, rows, imms: [{ table: 't1' }] }];
    const codec = new ValueCodec();
    const { bytes, starts, strings } = encodeAll(codec, states);
    const first = codec.decode(bytes, starts[0]!, strings) as typeof states[0];
    const second = codec.decode(bytes, starts[1]!, strings) as typeof states[0];
    expect(second.tables).toBe(first.tables);
    expect(second.rows).not.toBe(first.rows);
    expect(second.imms).not.toBe(first.imms);
    expect(second.imms[0]).not.toBe(first.imms[0]);
    // Another dictionary numbers strings otherwise: nothing decoded under the first one is reused.
    const again = encodeAll(codec, states);
    expect((codec.decode(again.bytes, again.starts[0]!, again.strings) as typeof states[0]).tables).not.toBe(first.tables);
  });

  it('a shared collection cannot be changed through its API (a copy is made), so its remembered hash stays true', () => {
    const codec = new ValueCodec();
    const { bytes, starts, strings } = encodeAll(codec, [{ s: ISet(['t1']) }, { s: ISet(['t1']) }]);
    const first = codec.decode(bytes, starts[0]!, strings) as { s: ISet<string> };
    const before = fingerprintHex(first);
    const built = first.s.asMutable();
    built.add('t2');
    expect(fingerprintHex(first)).toBe(before);
    expect(fingerprintHex(codec.decode(bytes, starts[1]!, strings))).toBe(before);
    expect(fingerprintHex({ s: built })).toBe(fingerprintHex({ s: ISet(['t1', 't2']) }));
  });
});
