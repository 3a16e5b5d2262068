// Fingerprint -> state index, for the edges of a recorded graph: the seen-set stores no index
// (the safety search does not need one), so this table keeps only indices into the state log and
// compares fingerprints there: 4 bytes a slot. It exists only while a graph is recorded.
import type { StateLog } from '../state-log.ts';

const MAX_LOAD = 0.6;

export class FingerprintIndex {
  private slots = new Int32Array(1 << 8); // index + 1; 0 = empty
  private mask = (1 << 8) - 1;
  private count = 0;

  constructor(private readonly log: StateLog) {}

  get byteLength(): number { return this.slots.byteLength; }

  /** Records that state `index` of the log has its fingerprint. */
  add(index: number): void {
    const hi = this.log.hiOf(index);
    const lo = this.log.loOf(index);
    let i = slotOf(hi, lo) & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = index + 1;
    if (++this.count > (this.mask + 1) * MAX_LOAD) this.grow();
  }

  /** The index of the state with this fingerprint, or -1. */
  indexOf(hi: number, lo: number): number {
    const { slots, mask, log } = this;
    for (let i = slotOf(hi, lo) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === 0) return -1;
      if (log.hiOf(v - 1) === hi && log.loOf(v - 1) === lo) return v - 1;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.slots.length - 1;
    this.count = 0;
    for (const v of old) if (v !== 0) this.add(v - 1);
  }
}

const slotOf = (hi: number, lo: number): number => lo ^ Math.imul(hi, 0x9e3779b1);
