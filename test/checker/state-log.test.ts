// The state log keeps (fingerprint, parent) per distinct state; counterexamples are rebuilt from
// its parent chains, so a lost entry or a wrong parent would give a wrong trace.
import { describe, expect, it } from 'vitest';
import { StateLog } from '../../checker/state-log.ts';

describe('StateLog', () => {
  it('keeps every entry through growth past its initial 65,536 slots', () => {
    const log = new StateLog();
    const n = 70_000;
    const bytesBefore = log.byteLength;
    // Entry i: fingerprint (i * 3, i * 5 + 1), parent i - 1 (a chain), the first an initial state.
    const indices = Array.from({ length: n }, (_, i) => log.append((i * 3) >>> 0, (i * 5 + 1) >>> 0, i - 1));
    expect(indices.every((x, i) => x === i)).toBe(true);
    expect(log.size).toBe(n);
    const wrong = indices.filter((i) => log.hiOf(i) !== i * 3 || log.loOf(i) !== i * 5 + 1 || log.parentOf(i) !== i - 1);
    expect(wrong).toEqual([]);
    expect(log.byteLength).toBeGreaterThanOrEqual(n * 12);
    expect(log.byteLength).toBeGreaterThan(bytesBefore);
  });

  it('gives the path from an initial state to any entry, both ends included', () => {
    const log = new StateLog();
    // Two trees: 0 <- 1 <- 3, 0 <- 2; 4 is another initial state, 4 <- 5.
    for (const [hi, parent] of [[10, -1], [11, 0], [12, 0], [13, 1], [14, -1], [15, 4]] as const) log.append(hi, 0, parent);
    expect(log.pathTo(3)).toEqual([0, 1, 3]);
    expect(log.pathTo(2)).toEqual([0, 2]);
    expect(log.pathTo(0)).toEqual([0]);
    expect(log.pathTo(5)).toEqual([4, 5]);
    expect(log.pathTo(5).map((i) => log.hiOf(i))).toEqual([14, 15]);
  });
});
