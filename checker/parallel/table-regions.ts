// What the seen-set's two tables (committed-table.ts, level-table.ts) share: open addressing
// over REGIONS equal regions of one growable SharedArrayBuffer, a fingerprint's region chosen by
// the top bits of its hash and its slot in the region by the low bits (probing wraps inside the
// region). To double a table, the buffer grows in place and the regions move up, last first,
// each through a scratch copy of one region: a search holds the table plus 1/REGIONS of it,
// never the old table beside the new one, and no discarded table waits for the collector.

import { ModelError } from '../errors.ts';

export const REGION_BITS = 6;
export const REGIONS = 1 << REGION_BITS;
/**
 * Regions are filled by fingerprints, i.e. evenly: at 1,024 slots or more, a region of a table
 * at its growth threshold is very nearly as full as the table.
 */
export const MIN_CAPACITY = REGIONS * 1024;
/** A region's slot is the low bits of the hash, its region the top REGION_BITS: they must not overlap. */
export const MAX_CAPACITY = 2 ** (32 - REGION_BITS) * REGIONS;
/**
 * Address space reserved for a table to grow into in place (reserved, not used: the memory is
 * committed only as the table grows): the largest buffer Node allows. Past it, or where it
 * cannot be reserved, the table grows into a new buffer.
 */
const RESERVE_BYTES = 2 ** 32;

/** The hash probing starts from. */
export const hashOf = (hi: number, lo: number): number => (lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0;

/** ES2024's growable SharedArrayBuffer (Node 20 has it; the TypeScript library here does not). */
interface Growable {
  readonly growable: boolean;
  readonly maxByteLength: number;
  grow(bytes: number): void;
}
const GrowableBuffer = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => SharedArrayBuffer;

/** A buffer of `bytes`, growable in place where the address space can be reserved. */
export function tableBuffer(bytes: number): SharedArrayBuffer {
  if (bytes <= RESERVE_BYTES) {
    try {
      return new GrowableBuffer(bytes, { maxByteLength: RESERVE_BYTES });
    } catch {
      // No room to reserve (a limit on address space): a fixed buffer, copied when grown.
    }
  }
  return new SharedArrayBuffer(bytes);
}

/** The smallest table capacity (slots) of at least `capacity`. */
export function capacityFor(capacity: number, what: string): number {
  let cap = MIN_CAPACITY;
  while (cap < capacity) cap *= 2;
  if (cap > MAX_CAPACITY) throw new ModelError(`a ${what} of ${capacity} fingerprints is more than the search can hold`);
  return cap;
}

/** The slots of one region, copied out while a table is rearranged (kept for the next growth). */
let scratch = new Uint32Array(0);

/**
 * Grows `buffer` in place to `bytes` (false when it cannot: the caller copies into a new table),
 * then moves the entries of the old table, `regionWords` words a region and `words` a slot, to
 * their places in the new one: `place(from, j)` puts the slot at `from[j..]` where it belongs,
 * in the table viewed over the grown buffer, which `fill` zeroes a range of.
 */
export function growInPlace(buffer: SharedArrayBuffer, bytes: number, regionWords: number, words: number, view: () => Uint32Array, place: (from: Uint32Array, j: number) => void): boolean {
  const b = buffer as SharedArrayBuffer & Growable;
  if (!b.growable || bytes > b.maxByteLength) return false;
  b.grow(bytes);
  const slots = view();
  if (scratch.length < regionWords) scratch = new Uint32Array(regionWords);
  // Region r moves from [r, r + 1) regions to [2r, 2r + 2) of the old size: above every region
  // not moved yet, so moving the last first never overwrites one still to move.
  for (let r = REGIONS - 1; r >= 0; r--) {
    scratch.set(slots.subarray(r * regionWords, (r + 1) * regionWords));
    slots.fill(0, 2 * r * regionWords, (2 * r + 2) * regionWords);
    for (let j = 0; j < regionWords; j += words) place(scratch, j);
  }
  return true;
}
