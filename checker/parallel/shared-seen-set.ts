// The seen-set of the level-synchronous search: an open-addressing table of 64-bit fingerprints
// in a SharedArrayBuffer, which every worker probes and fills at once, lock-free, with Atomics.
//
// Beside each fingerprint is a 32-bit key that decides, without any ordering between threads,
// which of the candidates of one level that share a fingerprint is the new state: the one a
// one-worker search meets first. While a level is expanded, each candidate offers its
// fingerprint with the key `position of its parent in the level + 2`, and the slot keeps the
// smallest key offered (atomic min). Candidates of one parent share a key: their worker settles
// those in order itself. Once every worker is done, each claims the slots whose key is still its
// own, in order, turning the key into COMMITTED; later offers of a committed fingerprint are
// duplicates of an earlier level at once.
import type { SeenSet } from './interfaces.ts';

const EMPTY = 0;
const COMMITTED = 1;
/** A slot whose fingerprint is being written: readers wait the few instructions it takes. */
const WRITING = 0xffffffff;
/** The key of a candidate whose parent is at `position` in its level. */
export const candidateKey = (position: number): number => position + 2;
/** Largest level the keys can number (a level has fewer states than this). */
export const MAX_LEVEL_SIZE = 0xffffffff - 3;

const WORDS = 3; // hi, lo, key

/** The slot where probing for a fingerprint starts. */
const home = (hi: number, lo: number, mask: number): number => (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
const HEADER_WORDS = 1; // occupied slots

export class SharedSeenSet implements SeenSet {
  /** Slot words: [hi, lo, key] per slot. */
  private slots: Uint32Array;
  /** [0]: number of occupied slots. */
  private header: Int32Array;
  private mask: number;

  constructor(readonly buffer: SharedArrayBuffer, readonly headerBuffer: SharedArrayBuffer) {
    this.slots = new Uint32Array(buffer);
    this.header = new Int32Array(headerBuffer);
    this.mask = this.slots.length / WORDS - 1;
  }

  static create(capacity = 1 << 16): SharedSeenSet {
    let cap = 1;
    while (cap < capacity) cap <<= 1;
    return new SharedSeenSet(new SharedArrayBuffer(cap * WORDS * 4), new SharedArrayBuffer(HEADER_WORDS * 4));
  }

  get capacity(): number { return this.mask + 1; }

  /** Sets the count of occupied slots (after filling the table from a checkpoint). */
  setSize(n: number): void { Atomics.store(this.header, 0, n); }

  get size(): number { return Atomics.load(this.header, 0); }

  get byteLength(): number { return this.slots.byteLength; }

  /** Whether the table is fuller than a search should let it get before it is grown. */
  get crowded(): boolean { return this.size > this.capacity * 0.7; }

  /**
   * Offers a candidate's fingerprint with its key; false when it is certainly not new (committed
   * at an earlier level, or offered with a smaller or equal key), true when it may be (`claim`
   * decides once the level is done).
   */
  offer(hi: number, lo: number, key: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = home(hi, lo, mask);
    for (;;) {
      const j = i * WORDS;
      let k = Atomics.load(slots, j + 2);
      if (k === EMPTY) {
        if (Atomics.compareExchange(slots, j + 2, EMPTY, WRITING) === EMPTY) {
          Atomics.store(slots, j, hi);
          Atomics.store(slots, j + 1, lo);
          Atomics.store(slots, j + 2, key);
          Atomics.add(this.header, 0, 1);
          return true;
        }
        k = Atomics.load(slots, j + 2);
      }
      while (k === WRITING) k = Atomics.load(slots, j + 2);
      if (slots[j] === hi && slots[j + 1] === lo) {
        // Atomic min: the candidate a one-worker search meets first keeps the slot. A smaller
        // or equal key (an earlier level, an earlier parent, or an earlier sibling) wins now.
        while (k > key) {
          const seen = Atomics.compareExchange(slots, j + 2, k, key);
          if (seen === k) return true;
          k = seen;
        }
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /** After every offer of the level: true when this candidate is the new state (and commits it). */
  claim(hi: number, lo: number, key: number): boolean {
    const j = this.find(hi, lo);
    if (j < 0 || Atomics.load(this.slots, j + 2) !== key) return false;
    Atomics.store(this.slots, j + 2, COMMITTED);
    return true;
  }

  /** Adds a fingerprint as committed; true when it was not there (for initial states, one thread). */
  addCommitted(hi: number, lo: number): boolean {
    if (!this.offer(hi, lo, COMMITTED)) return false;
    const j = this.find(hi, lo);
    Atomics.store(this.slots, j + 2, COMMITTED);
    return true;
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  private find(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    const mask = this.mask;
    let i = home(hi, lo, mask);
    for (;;) {
      const j = i * WORDS;
      const k = Atomics.load(slots, j + 2);
      if (k === EMPTY) return -1;
      if (slots[j] === hi && slots[j + 1] === lo) return j;
      i = (i + 1) & mask;
    }
  }

  /** A table twice as large with the same entries and keys (while no worker uses this one). */
  grown(): SharedSeenSet {
    const next = SharedSeenSet.create(this.capacity * 2);
    const old = this.slots;
    const slots = next.slots;
    const mask = next.mask;
    let count = 0;
    for (let j = 0; j < old.length; j += WORDS) {
      const key = old[j + 2]!;
      if (key === EMPTY) continue;
      const hi = old[j]!, lo = old[j + 1]!;
      let i = home(hi, lo, mask);
      while (slots[i * WORDS + 2] !== EMPTY) i = (i + 1) & mask;
      slots[i * WORDS] = hi;
      slots[i * WORDS + 1] = lo;
      slots[i * WORDS + 2] = key;
      count++;
    }
    next.header[0] = count;
    return next;
  }
}
