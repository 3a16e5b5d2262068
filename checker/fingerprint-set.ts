// The seen-set: open addressing with linear probing over one Uint32Array of (hi, lo) pairs.
// Eight bytes a slot and no per-entry objects, so the garbage collector never walks it.
// The all-zero fingerprint marks an empty slot; a state that really hashes to zero is stored as (0, 1).

const MAX_LOAD = 0.6;

export class FingerprintSet {
  private slots: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity) cap <<= 1;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  get size(): number { return this.count; }

  /** Bytes held by the table. */
  get byteLength(): number { return this.slots.byteLength; }

  /** Adds the fingerprint; true when it was not there before. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const j = i << 1;
      const sh = slots[j]!;
      const sl = slots[j + 1]!;
      if (sh === 0 && sl === 0) {
        slots[j] = hi;
        slots[j + 1] = lo;
        if (++this.count > (mask + 1) * MAX_LOAD) this.grow();
        return true;
      }
      if (sh === hi && sl === lo) return false;
      i = (i + 1) & mask;
    }
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const j = i << 1;
      const sh = slots[j]!;
      const sl = slots[j + 1]!;
      if (sh === 0 && sl === 0) return false;
      if (sh === hi && sl === lo) return true;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    this.count = 0;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi !== 0 || lo !== 0) this.add(hi, lo);
    }
  }
}
