// A state decoded variable by variable: its successors copy the bytes of the variables they
// share with it, its variables' entry hashes are remembered by their bytes, and it is verified
// variable by variable. Each must give exactly what the plain path gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { StateEntries, StringDictionary, ValueCodec } from '../../../checker/encoding/value-codec.ts';
import { ByteWriter } from '../../../checker/encoding/byte-buffer.ts';
import { fingerprint, fingerprintLo, fingerprintSuccessorHi, StateRecords } from '../../../checker/fingerprint.ts';
import { EntryHashes } from '../../../checker/parallel/entry-hashes.ts';
import { entriesUnchanged, mayBeModified } from '../../../checker/parallel/unchanged-check.ts';
import type { Value } from '../../../checker/value.ts';

const atom: fc.Arbitrary<Value> = fc.oneof(fc.constantFrom('t1', 't2', 'sink', 'Add', 'brand-new'), fc.integer({ min: -300, max: 300 }), fc.boolean());
const varValue: fc.Arbitrary<Value> = fc.oneof(
  atom,
  fc.array(atom, { maxLength: 4 }).map((xs) => ISet(xs)),
  fc.array(fc.tuple(atom, atom), { maxLength: 3 }).map((es) => IMap(es)),
  fc.array(atom, { maxLength: 3 }).map((xs) => List(xs)),
  fc.array(fc.record({ table: atom, epoch: atom }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('s1', 's2'), fc.record({ phase: atom }), { noNullPrototype: true }),
);
const state = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), varValue, { minKeys: 1, noNullPrototype: true });

/** `s` encoded under `strings`' numbering, decoded back with its entries. */
function decoded(codec: ValueCodec, s: Value): { parent: { [k: string]: Value }; entries: StateEntries; strings: string[]; bytes: Uint8Array } {
  const w = new ByteWriter(64);
  const dictionary = new StringDictionary();
  codec.encode(s, w, dictionary);
  const strings = dictionary.strings();
  const bytes = w.view().slice();
  const entries = new StateEntries();
  const parent = codec.decode(bytes, 0, strings, entries) as { [k: string]: Value };
  return { parent, entries, strings, bytes };
}

/** A successor: some variables kept (the parent's very values), some replaced, maybe one added. */
const successorOf = (parent: { [k: string]: Value }, keep: readonly boolean[], fresh: readonly Value[], extra: Value | undefined): { [k: string]: Value } => {
  const t: { [k: string]: Value } = {};
  Object.keys(parent).forEach((k, i) => { t[k] = keep[i % keep.length] ? parent[k]! : fresh[i % fresh.length]!; });
  if (extra !== undefined) t.z = extra;
  return t;
};

describe('a state decoded variable by variable', () => {
  it('successors that copy the bytes of shared variables encode exactly as encoded anew', () => {
    fc.assert(fc.property(state, fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), fc.array(varValue, { minLength: 1, maxLength: 5 }), fc.option(varValue, { nil: undefined }), (s, keep, fresh, extra) => {
      const codec = new ValueCodec();
      const { parent, entries, strings } = decoded(codec, s);
      expect(entries.count).toBe(Object.keys(s).length);
      const t = successorOf(parent, keep, fresh, extra);
      const seeded = () => { const d = new StringDictionary(); for (const x of strings) d.id(x); return d; };
      const copied = new ByteWriter(16), anew = new ByteWriter(16);
      const d1 = seeded(), d2 = seeded();
      expect(d1.extends(strings)).toBe(true);
      codec.encode(t, copied, d1, entries);
      codec.encode(t, anew, d2);
      expect(copied.view()).toEqual(anew.view());
      expect(d1.strings()).toEqual(d2.strings());
    }), { numRuns: 500 });
  });

  it('a dictionary that numbers strings otherwise does not extend the one bytes were encoded under', () => {
    const d = new StringDictionary();
    d.id('b'); d.id('a');
    expect(d.extends(['a'])).toBe(false);
    expect(d.extends(['b'])).toBe(true);
    expect(d.extends(['b', 'a', 'c'])).toBe(false);
  });

  it('entry hashes remembered by bytes give the fingerprints hashing gives, for the state and its successors', () => {
    fc.assert(fc.property(fc.array(state, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), fc.array(varValue, { minLength: 1, maxLength: 5 }), (states, keep, fresh) => {
      const codec = new ValueCodec();
      const w = new ByteWriter(64);
      const dictionary = new StringDictionary();
      const starts = states.map((s) => { const at = w.length; codec.encode(s, w, dictionary); return at; });
      const strings = dictionary.strings();
      const hashes = new EntryHashes();
      const records = new StateRecords();
      // Twice through: the second time every variable's bytes are known.
      for (const k of [...states.keys(), ...states.keys()]) {
        const entries = new StateEntries();
        const parent = codec.decode(w.view(), starts[k]!, strings, entries) as { [k: string]: Value };
        hashes.capture(parent, entries, strings);
        records.clear();
        records.keep(parent);
        expect(records.registerParent(parent, 0)).toBe(true);
        const t = successorOf(parent, keep, fresh, undefined);
        const hi = fingerprintSuccessorHi(t);
        expect({ hi, lo: fingerprintLo() }).toEqual(fingerprint(t));
        expect(records.unchanged(parent, 0)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('is verified unchanged variable by variable: a write into a plain value, a variable replaced, added or removed all show', () => {
    const codec = new ValueCodec();
    const s = { tables: ISet(['t1']), imms: [{ table: 't1', epoch: 1 }], drops: { s1: { phase: 'live' } }, epoch: 2 };
    const check = (mutate: (x: any) => void): boolean => {
      const { parent, entries, strings, bytes } = decoded(codec, s);
      mutate(parent);
      const dictionary = new StringDictionary();
      for (const x of strings) dictionary.id(x);
      return entriesUnchanged(codec, parent as any, entries, (i) => mayBeModified(bytes, entries.valueStarts[i]!), dictionary, new ByteWriter(16));
    };
    expect(check(() => {})).toBe(true);
    expect(check((p) => { p.imms[0].epoch = 3; })).toBe(false);
    expect(check((p) => { p.drops.s1.phase = 'dropped'; })).toBe(false);
    expect(check((p) => { p.imms.push({ table: 't2', epoch: 1 }); })).toBe(false);
    expect(check((p) => { p.epoch = 3; })).toBe(false);
    expect(check((p) => { p.tables = ISet(['t1']); })).toBe(false); // an equal value, but not the one decoded
    expect(check((p) => { delete p.epoch; })).toBe(false);
    expect(check((p) => { p.extra = 1; })).toBe(false);
  });
});
