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
//
// Growing without a second table: the table is REGIONS equal regions of one growable
// SharedArrayBuffer, a fingerprint's region chosen by the top bits of its hash and its slot in
// the region by the low bits (probing wraps inside the region). To double it, the buffer grows in
// place and the regions move up, last first, each through a scratch copy of one region: the
// memory a search holds is the table plus 1/REGIONS of it, never the old table beside the new
// one, and no discarded table waits as garbage for the collector.
import { ModelError } from '../errors.ts';
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
const BYTES_PER_SLOT = WORDS * 4;
const REGION_BITS = 6;
const REGIONS = 1 << REGION_BITS;
/**
 * Regions are filled by fingerprints, i.e. evenly: at 1,024 slots or more, a region of a table
 * at its growth threshold (0.7 full) is very nearly as full as the table.
 */
const MIN_CAPACITY = REGIONS * 1024;
/** A region's slot is the low bits of the hash, its region the top REGION_BITS: they must not overlap. */
const MAX_CAPACITY = 2 ** (32 - REGION_BITS) * REGIONS;
/**
 * Address space reserved for the table to grow into in place (reserved, not used: the memory
 * is committed only as the table grows): the largest buffer Node allows, room for 350 million
 * fingerprints. Past it, or where it cannot be reserved, the table grows into a new buffer.
 */
const RESERVE_BYTES = 2 ** 32;
const HEADER_WORDS = 1; // occupied slots

/** The hash probing starts from. */
const hashOf = (hi: number, lo: number): number => (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;

/** ES2024's growable SharedArrayBuffer (Node 20 has it; the TypeScript library here does not). */
interface Growable {
  readonly growable: boolean;
  readonly maxByteLength: number;
  grow(bytes: number): void;
}
const GrowableBuffer = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => SharedArrayBuffer;

/** A buffer of `bytes`, growable in place where the address space can be reserved. */
function tableBuffer(bytes: number): SharedArrayBuffer {
  if (bytes <= RESERVE_BYTES) {
    try {
      return new GrowableBuffer(bytes, { maxByteLength: RESERVE_BYTES });
    } catch {
      // No room to reserve (a limit on address space): a fixed buffer, copied when grown.
    }
  }
  return new SharedArrayBuffer(bytes);
}

/** The region slots of one region, copied out while the table is rearranged (kept for the next growth). */
let scratch = new Uint32Array(0);

export class SharedSeenSet implements SeenSet {
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

  static create(capacity = 1 << 16): SharedSeenSet {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    if (cap > MAX_CAPACITY) throw new ModelError(`a seen-set of ${capacity} fingerprints is more than the search can hold`);
    return new SharedSeenSet(tableBuffer(cap * BYTES_PER_SLOT), new SharedArrayBuffer(HEADER_WORDS * 4));
  }

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
        // or equal key (an earlier level, an earlier parent, or an earlier sibling) wins now.
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
   * The table with twice the slots and the same entries and keys (while no worker uses it). This
   * object is spent: use the one returned (it may share this one's buffer, grown).
   */
  grown(): SharedSeenSet {
    const cap = this.capacity * 2;
    if (cap > MAX_CAPACITY) throw new ModelError(`a seen-set of ${cap} fingerprints is more than the search can hold`);
    const bytes = cap * BYTES_PER_SLOT;
    const buffer = this.buffer as SharedArrayBuffer & Growable;
    if (!buffer.growable || bytes > buffer.maxByteLength) {
      return SharedSeenSet.restore(this.slots, cap);
    }
    buffer.grow(bytes);
    const next = new SharedSeenSet(buffer, this.headerBuffer);
    const region = this.mask + 1;
    const words = region * WORDS;
    if (scratch.length < words) scratch = new Uint32Array(words);
    // Region r moves from [r, r + 1) regions to [2r, 2r + 2) of the old size: above every region
    // not moved yet, so moving the last first never overwrites one still to move.
    for (let r = REGIONS - 1; r >= 0; r--) {
      scratch.set(next.slots.subarray(r * words, (r + 1) * words));
      next.slots.fill(0, 2 * r * words, (2 * r + 2) * words);
      for (let j = 0; j < words; j += WORDS) {
        const key = scratch[j + 2]!;
        if (key !== EMPTY) next.place(scratch[j]!, scratch[j + 1]!, key);
      }
    }
    return next;
  }

  /** A table holding the entries of `words` (slot triples of any table of this kind, as a checkpoint saved them). */
  static restore(words: Uint32Array, capacity: number): SharedSeenSet {
    const table = SharedSeenSet.create(capacity);
    let count = 0;
    for (let j = 0; j + WORDS <= words.length; j += WORDS) {
      const key = words[j + 2]!;
      if (key === EMPTY) continue;
      table.place(words[j]!, words[j + 1]!, key);
      count++;
    }
    table.setSize(count);
    return table;
  }
}
