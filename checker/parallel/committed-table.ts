// The fingerprints of every state numbered so far: 8 bytes a slot (hi, lo; all-zero is empty,
// so the seen-set stores a zero fingerprint as (0, 1)). Written only by the coordinator between
// levels (the level table's claimed fingerprints, moved here once a level is expanded) and read
// by every thread while a level is expanded, so it needs no atomics and no key: the per-level
// keys live in the level table (level-table.ts), sized for one level. Because no thread inserts
// while others probe, it can be fuller than the level table before it grows: linear probing at
// 85% costs a few more slots per lookup, in the cache lines already read.
import { ModelError } from '../errors.ts';
import { MAX_CAPACITY, REGION_BITS, REGIONS, capacityFor, growInPlace, tableBuffer } from './table-regions.ts';

/**
 * Its own hash, independent of the level table's: the level's fingerprints arrive in the level
 * table's slot order, i.e. sorted by that table's hash, and inserting sorted keys with the same
 * hash piles them into one ever longer run (measured: a level of 200,000 took minutes).
 */
const hashOf = (hi: number, lo: number): number => (Math.imul(hi, 0xcc9e2d51) ^ Math.imul(lo, 0x1b873593)) >>> 0;

const WORDS = 2; // hi, lo
const BYTES_PER_SLOT = WORDS * 4;
/** Fullest the table gets before it doubles. */
const MAX_LOAD = 0.85;

export class CommittedTable {
  /** Slot words: [hi, lo] per slot, region after region. */
  private slots: Uint32Array;
  private mask: number;
  private regionShift: number;
  private count: number;

  constructor(private buffer: SharedArrayBuffer, count = 0) {
    this.slots = new Uint32Array(0);
    this.mask = 0;
    this.regionShift = 0;
    this.count = count;
    this.view();
  }

  /** Views of the buffer's current length: fixed-length views are as fast as over a fixed buffer. */
  private view(): Uint32Array {
    const capacity = this.buffer.byteLength / BYTES_PER_SLOT;
    this.slots = new Uint32Array(this.buffer, 0, capacity * WORDS);
    this.mask = capacity / REGIONS - 1;
    this.regionShift = Math.log2(this.mask + 1);
    return this.slots;
  }

  static create(capacity = 1): CommittedTable {
    return new CommittedTable(tableBuffer(capacityFor(capacity, 'seen-set') * BYTES_PER_SLOT));
  }

  /** The buffer, for another thread to view the table over (it must not add to it). */
  get shared(): SharedArrayBuffer { return this.buffer; }

  get capacity(): number { return this.slots.length / WORDS; }

  get size(): number { return this.count; }

  get byteLength(): number { return this.slots.byteLength; }

  /** `hi`/`lo` must not both be zero. */
  has(hi: number, lo: number): boolean {
    const slots = this.slots;
    const mask = this.mask;
    const hash = hashOf(hi, lo);
    const base = (hash >>> (32 - REGION_BITS)) << this.regionShift;
    const start = hash & mask;
    for (let i = start; ;) {
      const j = (base + i) << 1;
      const h = slots[j]!;
      const l = slots[j + 1]!;
      if (h === hi && l === lo) return true;
      if (h === 0 && l === 0) return false;
      i = (i + 1) & mask;
      if (i === start) return false; // a full region (see `place`) that does not hold it
    }
  }

  /**
   * Adds a fingerprint (not both halves zero); true when it was not there. One thread, while no
   * other reads the table; it may grow, so other threads must view it again afterwards.
   */
  add(hi: number, lo: number): boolean {
    if (this.has(hi, lo)) return false;
    if (this.count + 1 > this.capacity * MAX_LOAD) this.grow();
    this.place(hi, lo);
    this.count++;
    return true;
  }

  private place(hi: number, lo: number): void {
    const slots = this.slots;
    const mask = this.mask;
    const hash = hashOf(hi, lo);
    const base = (hash >>> (32 - REGION_BITS)) << this.regionShift;
    const start = hash & mask;
    let i = start;
    while (slots[(base + i) << 1] !== 0 || slots[((base + i) << 1) + 1] !== 0) {
      i = (i + 1) & mask;
      // Fingerprints fill regions evenly: only fingerprints made to share a hash fill one.
      if (i === start) throw new ModelError('a region of the seen-set filled up: the fingerprints share too few hash bits');
    }
    const j = (base + i) << 1;
    slots[j] = hi;
    slots[j + 1] = lo;
  }

  /** Doubles the table, in place where the buffer can grow. */
  private grow(): void {
    const cap = this.capacity * 2;
    if (cap > MAX_CAPACITY) throw new ModelError(`a seen-set of ${cap} fingerprints is more than the search can hold`);
    const old = this.slots;
    const regionWords = (this.mask + 1) * WORDS;
    const place = (from: Uint32Array, j: number) => {
      if (from[j] !== 0 || from[j + 1] !== 0) this.place(from[j]!, from[j + 1]!);
    };
    if (growInPlace(this.buffer, cap * BYTES_PER_SLOT, regionWords, WORDS, () => this.view(), place)) return;
    this.buffer = tableBuffer(cap * BYTES_PER_SLOT);
    this.view();
    for (let j = 0; j < old.length; j += WORDS) place(old, j);
  }

  /** Calls `each` with every fingerprint, in slot order. */
  forEach(each: (hi: number, lo: number) => void): void {
    const slots = this.slots;
    for (let j = 0; j < slots.length; j += WORDS) if (slots[j] !== 0 || slots[j + 1] !== 0) each(slots[j]!, slots[j + 1]!);
  }
}
