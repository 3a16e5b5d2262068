import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FingerprintSet } from '../../checker/fingerprint-set.ts';

const u32 = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffffffff }));
/** The reference: a plain Set of "hi:lo" keys; zero is stored as (0, 1). */
const keyOf = (hi: number, lo: number) => `${hi}:${hi === 0 && lo === 0 ? 1 : lo}`;

describe('FingerprintSet', () => {
  it('behaves like a set of (hi, lo) pairs, through growth and the zero fingerprint', () => {
    fc.assert(fc.property(fc.array(fc.tuple(u32, u32), { maxLength: 3000 }), (pairs) => {
      const set = new FingerprintSet(4);
      const ref = new Set<string>();
      for (const [hi, lo] of pairs) {
        const key = keyOf(hi, lo);
        expect(set.has(hi, lo)).toBe(ref.has(key));
        expect(set.add(hi, lo)).toBe(!ref.has(key));
        ref.add(key);
        expect(set.has(hi, lo)).toBe(true);
      }
      expect(set.size).toBe(ref.size);
    }), { numRuns: 100 });
  });

  it('answers false for fingerprints never added, however full the table', () => {
    fc.assert(fc.property(fc.array(fc.tuple(u32, u32), { maxLength: 2000 }), fc.array(fc.tuple(u32, u32), { maxLength: 200 }), (added, asked) => {
      const set = new FingerprintSet(4);
      const ref = new Set<string>();
      for (const [hi, lo] of added) { set.add(hi, lo); ref.add(keyOf(hi, lo)); }
      for (const [hi, lo] of asked) expect(set.has(hi, lo)).toBe(ref.has(keyOf(hi, lo)));
      // Neighbours of every stored pair: same probe start or the next slot, never present unless added.
      for (const [hi, lo] of added.slice(0, 100)) {
        for (const [h, l] of [[hi, (lo + 1) >>> 0], [(hi + 1) >>> 0, lo], [hi ^ 0x80000000, lo]] as const) expect(set.has(h, l)).toBe(ref.has(keyOf(h, l)));
      }
    }), { numRuns: 100 });
  });

  it('an empty set has nothing, not even the zero fingerprint', () => {
    const set = new FingerprintSet(4);
    expect(set.has(0, 0)).toBe(false);
    expect(set.has(0, 1)).toBe(false);
    expect(set.has(0xffffffff, 0xffffffff)).toBe(false);
    expect(set.size).toBe(0);
  });

  it('sizes its table as documented: the power of two at or above the capacity asked, 8 bytes a slot, doubling once more than 60% of the slots are full', () => {
    expect(new FingerprintSet(4).byteLength).toBe(4 * 8);
    expect(new FingerprintSet(5).byteLength).toBe(8 * 8);
    const set = new FingerprintSet(5); // 8 slots: 4 pairs fit (4 <= 4.8), the 5th doubles it
    for (let i = 1; i <= 4; i++) set.add(i, i);
    expect(set.byteLength).toBe(8 * 8);
    set.add(5, 5);
    expect(set.byteLength).toBe(16 * 8);
  });

  it('grows without losing or inventing members (capacity 1 up to 10,000 pairs)', () => {
    const set = new FingerprintSet(1);
    expect(Array.from({ length: 10_000 }, (_, i) => set.add(i * 7919, i)).every(Boolean)).toBe(true);
    expect(set.size).toBe(10_000);
    const ids = Array.from({ length: 10_000 }, (_, i) => i);
    expect(ids.filter((i) => !set.has(i * 7919, i))).toEqual([]);
    expect(ids.filter((i) => set.has(i * 7919, i + 10_000))).toEqual([]);
    expect(set.byteLength).toBeGreaterThanOrEqual(10_000 / 0.6 * 8);
  });
});
