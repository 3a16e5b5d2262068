// The fingerprints offered while one BFS level is expanded, each with the key that decides,
// without any ordering between threads, which of the candidates of the level that share a
// fingerprint is the new state: the one a one-worker search meets first. Each candidate offers
// its fingerprint with the key `position of its parent in the level + 2`, and the slot keeps the
// smallest key offered (atomic min). Candidates of one parent share a key: their worker settles
// those in order itself. Once every worker is done, each claims the slots whose key is still its
// own, in order, turning the key into COMMITTED. Then the coordinator moves the level's
// fingerprints to the committed table (committed-table.ts) and clears this one: it holds one
// level's fingerprints, 12 bytes a slot, never the whole search's.
import { ModelError } from '../errors.ts';
import { MAX_CAPACITY, REGION_BITS, REGIONS, capacityFor, growInPlace, hashOf, tableBuffer } from './table-regions.ts';

export const EMPTY = 0;
export const COMMITTED = 1;
/** A slot whose fingerprint is being written: readers wait the few instructions it takes. */
const WRITING = 0xffffffff;

const WORDS = 3; // hi, lo, key
const BYTES_PER_SLOT = WORDS * 4;
const HEADER_WORDS = 1; // occupied slots

export class LevelTable {
  /** Slot words: [hi, lo, key] per slot, region after region. */
  private readonly slots: Uint32Array;
  /** [0]: number of occupied slots. */
  private readonly header: Int32Array;
  /** Slots per region - 1. */
  private readonly mask: number;
  /** log2 of the slots per region. */
  private readonly regionShift: number;
  readonly capacity: number;

  constructor(readonly buffer: SharedArrayBuffer, readonly headerBuffer: SharedArrayBuffer) {
    // A view of fixed length: as fast as over a fixed buffer (one that tracks a growable
    // buffer's length is not), and this object is replaced whenever the table grows.
    this.capacity = buffer.byteLength / BYTES_PER_SLOT;
    this.slots = new Uint32Array(buffer, 0, this.capacity * WORDS);
    this.header = new Int32Array(headerBuffer);
    this.mask = this.capacity / REGIONS - 1;
    this.regionShift = Math.log2(this.mask + 1);
  }

  static create(capacity = 1): LevelTable {
    const cap = capacityFor(capacity, 'level table');
    return new LevelTable(tableBuffer(cap * BYTES_PER_SLOT), new SharedArrayBuffer(HEADER_WORDS * 4));
  }

  get size(): number { return Atomics.load(this.header, 0); }

  get byteLength(): number { return this.slots.byteLength; }

  /** Whether the table is fuller than a search should let it get before it is grown. */
  get crowded(): boolean { return this.size > this.capacity * 0.7; }

  /**
   * Offers a candidate's fingerprint with its key; false when it is certainly not new (offered
   * with a smaller or equal key, or committed), true when it may be (`claim` decides once the
   * level is done).
   */
  offer(hi: number, lo: number, key: number): boolean {
    const slots = this.slots;
    const mask = this.mask;
    const hash = hashOf(hi, lo);
    const base = (hash >>> (32 - REGION_BITS)) << this.regionShift;
    const start = hash & mask;
    let i = start;
    for (;;) {
      const j = (base + i) * WORDS;
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
        // or equal key (an earlier parent, or an earlier sibling) wins now.
        while (k > key) {
          const seen = Atomics.compareExchange(slots, j + 2, k, key);
          if (seen === k) return true;
          k = seen;
        }
        return false;
      }
      i = (i + 1) & mask;
      // Workers check `crowded` between states, so a region fills up only if one state has
      // thousands of successors in it: refuse that rather than probe forever.
      if (i === start) throw new ModelError('a region of the seen-set filled up while one state was expanded: too many successors of one state');
    }
  }

  /** After every offer of the level: true when this candidate is the new state (and commits it). */
  claim(hi: number, lo: number, key: number): boolean {
    const j = this.find(hi, lo);
    if (j < 0 || Atomics.load(this.slots, j + 2) !== key) return false;
    Atomics.store(this.slots, j + 2, COMMITTED);
    return true;
  }

  has(hi: number, lo: number): boolean {
    return this.find(hi, lo) >= 0;
  }

  private find(hi: number, lo: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const hash = hashOf(hi, lo);
    const base = (hash >>> (32 - REGION_BITS)) << this.regionShift;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const j = (base + i) * WORDS;
      const k = Atomics.load(slots, j + 2);
      if (k === EMPTY) return -1;
      if (slots[j] === hi && slots[j + 1] === lo) return j;
    }
  }

  /** Puts an entry that is not there yet in its slot (one thread, while no other uses the table). */
  private place(hi: number, lo: number, key: number): void {
    const slots = this.slots;
    const mask = this.mask;
    const hash = hashOf(hi, lo);
    const base = (hash >>> (32 - REGION_BITS)) << this.regionShift;
    let i = hash & mask;
    while (slots[(base + i) * WORDS + 2] !== EMPTY) i = (i + 1) & mask;
    const j = (base + i) * WORDS;
    slots[j] = hi;
    slots[j + 1] = lo;
    slots[j + 2] = key;
  }

  /**
   * Calls `each` with every committed fingerprint, then empties the table for the next level
   * (one thread, while no other uses it). A fingerprint offered but not claimed (a search
   * stopped inside the level) is dropped: it was never numbered.
   */
  drain(each: (hi: number, lo: number) => void): void {
    const slots = this.slots;
    if (this.size > 0) {
      for (let j = 0; j < slots.length; j += WORDS) if (slots[j + 2] === COMMITTED) each(slots[j]!, slots[j + 1]!);
      slots.fill(0);
    }
    Atomics.store(this.header, 0, 0);
  }

  /**
   * The table with twice the slots and the same entries and keys (while no worker uses it). This
   * object is spent: use the one returned (it may share this one's buffer, grown).
   */
  grown(): LevelTable {
    const cap = this.capacity * 2;
    if (cap > MAX_CAPACITY) throw new ModelError(`a seen-set of ${cap} fingerprints is more than the search can hold`);
    let next: LevelTable | undefined;
    const view = () => (next = new LevelTable(this.buffer, this.headerBuffer)).slots;
    const moved = growInPlace(this.buffer, cap * BYTES_PER_SLOT, (this.mask + 1) * WORDS, WORDS, view, (from, j) => {
      const key = from[j + 2]!;
      if (key !== EMPTY) next!.place(from[j]!, from[j + 1]!, key);
    });
    if (moved) return next!;
    const copy = LevelTable.create(cap);
    for (let j = 0; j < this.slots.length; j += WORDS) if (this.slots[j + 2] !== EMPTY) copy.place(this.slots[j]!, this.slots[j + 1]!, this.slots[j + 2]!);
    Atomics.store(copy.header, 0, this.size);
    return copy;
  }
}
