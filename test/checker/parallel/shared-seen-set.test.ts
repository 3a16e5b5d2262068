import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SharedSeenSet, candidateKey } from '../../../checker/parallel/shared-seen-set.ts';

const u32 = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 0xffffffff }));
/** The reference: a Map from "hi:lo" to the smallest key offered; zero is stored as (0, 1). */
const keyOf = (hi: number, lo: number) => `${hi}:${hi === 0 && lo === 0 ? 1 : lo}`;
const spreadPair = (i: number) => [Math.imul(i + 1, 0x85ebca6b) >>> 0, Math.imul(i + 7, 0xc2b2ae35) >>> 0] as const;

/** Offers every pair (key from its position), growing the table whenever it is crowded, as the search does. */
function fill(table: SharedSeenSet, pairs: readonly (readonly [number, number])[], ref: Map<string, number>): SharedSeenSet {
  pairs.forEach(([hi, lo], p) => {
    const key = candidateKey(p);
    const before = ref.get(keyOf(hi, lo));
    if (table.offer(hi, lo, key) !== (before === undefined || before > key)) throw new Error(`offer of ${hi}:${lo} with key ${key}, smallest so far ${before}`);
    if (before === undefined || before > key) ref.set(keyOf(hi, lo), key);
    while (table.crowded) table = table.grown();
  });
  return table;
}

describe('SharedSeenSet', () => {
  it('keeps every fingerprint of a level and its smallest key through growth in place, then commits the claimed ones', () => {
    // Enough distinct fingerprints to grow the smallest level table twice, then the generated ones.
    const spread = Array.from({ length: 70_000 }, (_, i) => spreadPair(i));
    fc.assert(fc.property(fc.array(fc.tuple(u32, u32), { maxLength: 2000 }), fc.nat(spread.length), (generated, cut) => {
      const pairs = [...generated.slice(0, 1000), ...spread.slice(0, cut), ...generated];
      const ref = new Map<string, number>();
      let table = fill(SharedSeenSet.create(1), pairs, ref);
      expect(table.size).toBe(ref.size);
      // Only the smallest key claims; a claimed fingerprint is committed from then on.
      const wrong = pairs.filter(([hi, lo]) => !table.has(hi, lo) || table.claim(hi, lo, ref.get(keyOf(hi, lo))! + 1));
      expect(wrong).toEqual([]);
      const unclaimed = [...new Map(pairs.map(([hi, lo]) => [keyOf(hi, lo), [hi, lo] as const])).values()].filter(([hi, lo]) => !table.claim(hi, lo, ref.get(keyOf(hi, lo))!));
      expect(unclaimed).toEqual([]);
      expect(pairs.filter(([hi, lo]) => table.offer(hi, lo, candidateKey(0)))).toEqual([]);
      // The level over, its fingerprints are committed: duplicates of an earlier level at once.
      table = table.endLevel();
      expect(table.size).toBe(ref.size);
      expect(table.capacity * 0.85).toBeGreaterThanOrEqual(ref.size);
      expect(pairs.filter(([hi, lo]) => !table.has(hi, lo) || table.offer(hi, lo, candidateKey(0)))).toEqual([]);
    }), { numRuns: 10 });
  });

  it('commits only the claimed fingerprints of a level, and starts the next level empty', () => {
    fc.assert(fc.property(fc.array(fc.tuple(u32, u32, fc.boolean()), { maxLength: 300 }), (entries) => {
      let table = SharedSeenSet.create(1);
      const claimed = new Set<string>();
      entries.forEach(([hi, lo, claim], p) => {
        if (table.offer(hi, lo, candidateKey(p)) && claim && table.claim(hi, lo, candidateKey(p))) claimed.add(keyOf(hi, lo));
      });
      table = table.endLevel();
      expect(table.size).toBe(claimed.size);
      for (const [hi, lo] of entries) {
        expect(table.has(hi, lo)).toBe(claimed.has(keyOf(hi, lo)));
        // Not committed: offered afresh in the next level, as new.
        if (!claimed.has(keyOf(hi, lo))) expect(table.claim(hi, lo, candidateKey(0))).toBe(false);
      }
    }), { numRuns: 60 });
  });

  it('grows both tables in place: each keeps one buffer, sized for its slots only', () => {
    let table = SharedSeenSet.create(1);
    const { committed, level } = table.buffers;
    const first = table.capacity;
    const emptyLevel = table.byteLength - first * 8;
    for (let i = 1; i <= 200_000; i++) {
      table.offer(Math.imul(i, 0x85ebca6b) >>> 0, i, candidateKey(i));
      if (table.crowded) table = table.grown();
    }
    expect(table.buffers.level).toBe(level);
    expect(table.size).toBe(200_000);
    // The level table grew to hold the level: 12 bytes a slot, at most 70% full.
    const levelBytes = table.byteLength - first * 8;
    expect(levelBytes).toBeGreaterThanOrEqual((200_000 / 0.7) * 12);
    expect(levelBytes).toBeLessThan(2 * (200_000 / 0.7) * 12);
    for (let i = 1; i <= 200_000; i++) table.claim(Math.imul(i, 0x85ebca6b) >>> 0, i, candidateKey(i));
    table = table.endLevel();
    // The committed table grew to hold every state: 8 bytes a slot, at most 85% full.
    expect(table.buffers.committed).toBe(committed);
    expect(table.capacity).toBe(first * 4);
    expect(table.byteLength).toBe(table.capacity * 8 + levelBytes);
    expect(table.buffers.committed.byteLength).toBe(table.capacity * 8);
    expect(emptyLevel).toBeGreaterThan(0);
    let missing = 0;
    for (let i = 1; i <= 200_000; i++) if (!table.has(Math.imul(i, 0x85ebca6b) >>> 0, i)) missing++;
    expect(missing).toBe(0);
    expect(table.has(1, 200_001)).toBe(false);
  });

  it('is restored from any table\'s slot words, whatever their layout', () => {
    fc.assert(fc.property(fc.array(fc.tuple(u32, u32, fc.integer({ min: 1, max: 1000 })), { maxLength: 500 }), (entries) => {
      // Triples in arbitrary places, as a table of another layout would have left them.
      const distinct = new Map(entries.map(([hi, lo, key]) => [keyOf(hi, lo), [hi, hi === 0 && lo === 0 ? 1 : lo, key] as const]));
      const words = new Uint32Array(3 * (2 * distinct.size + 5));
      [...distinct.values()].forEach(([hi, lo, key], i) => words.set([hi, lo, key], 3 * (2 * i + 1)));
      const table = SharedSeenSet.restore(words, 2 * distinct.size);
      expect(table.size).toBe(distinct.size);
      for (const [hi, lo] of distinct.values()) {
        expect(table.has(hi, lo)).toBe(true);
        expect(table.offer(hi, lo, candidateKey(0))).toBe(false);
      }
    }), { numRuns: 60 });
  });
});
