import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FingerprintSet } from '../../checker/fingerprint-set.ts';

describe('FingerprintSet', () => {
  it('behaves like a set of (hi, lo) pairs, through growth and the zero fingerprint', () => {
    const u32 = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(fc.property(fc.array(fc.tuple(u32, u32), { maxLength: 3000 }), (pairs) => {
      const set = new FingerprintSet(4);
      const ref = new Set<string>();
      for (const [hi, lo] of pairs) {
        const key = `${hi}:${hi === 0 && lo === 0 ? 1 : lo}`; // zero is stored as (0, 1)
        expect(set.add(hi, lo)).toBe(!ref.has(key));
        ref.add(key);
        expect(set.has(hi, lo)).toBe(true);
      }
      expect(set.size).toBe(ref.size);
    }), { numRuns: 100 });
  });
});
