// Immutable values decoded once per run of encodings that share a string dictionary, then
// shared: the states of a level repeat the same small maps and sets (a table set, a per-table
// map) thousands of times, and rebuilding an immutable.js collection entry by entry costs far
// more than recognising its bytes. Only immutable.js maps, sets and lists of primitives and
// such collections are shared: nothing model code could modify in place (a decoded plain object
// or array is always new), and an immutable collection cannot be changed through its API
// (`asMutable` copies). Equal bytes under one dictionary decode to equal values iterating in the
// same order, so sharing one object changes nothing a model can observe but identity.
import type { Value } from '../value.ts';
import { memoizeHash } from '../fingerprint.ts';

/** Tags of the encoding, as value-codec.ts writes them. */
export const T_FALSE = 0, T_TRUE = 1, T_INT = 2, T_BIGINT = 3, T_ASCII = 4, T_UTF16 = 5, T_STR_REF = 6;
export const T_ARRAY = 7, T_OBJECT = 8, T_NULL_PROTO = 9, T_LIST = 10, T_MAP = 11, T_ORDERED_MAP = 12;
export const T_SET = 13, T_ORDERED_SET = 14, T_RECORD = 15, T_NEG_INT = 16, T_POS_INT = 17;

/** Entries kept before the table starts afresh (bounds its memory on models of many values). */
const LIMIT = 1 << 15;

function skipVarint(b: Uint8Array, p: number): number {
  while (b[p++]! >= 0x80);
  return p;
}

function readCount(b: Uint8Array, p: number): number {
  let n = 0, scale = 1, x: number;
  do {
    x = b[p++]!;
    n += (x & 0x7f) * scale;
    scale *= 0x80;
  } while (x >= 0x80);
  return n;
}

/**
 * Where the value encoded at `p` ends, when it is made of primitives and immutable.js maps, sets
 * and lists only; -1 when it holds anything else (a plain object or array, a Record).
 */
export function immutableEnd(b: Uint8Array, p: number): number {
  const tag = b[p++]!;
  switch (tag) {
    case T_FALSE: case T_TRUE: return p;
    case T_INT: case T_POS_INT: case T_NEG_INT: case T_STR_REF: return skipVarint(b, p);
    case T_BIGINT: return b[p] === T_STR_REF ? skipVarint(b, p + 1) : -1;
    case T_LIST: case T_SET: case T_ORDERED_SET: case T_MAP: case T_ORDERED_MAP: {
      let n = readCount(b, p);
      if (tag === T_MAP || tag === T_ORDERED_MAP) n *= 2;
      p = skipVarint(b, p);
      for (let i = 0; i < n && p >= 0; i++) p = immutableEnd(b, p);
      return p;
    }
    default: return -1;
  }
}

/** An open-addressing table from encodings (their bytes, copied) to the values decoded from them. */
export class DecodedValues {
  private readonly slots = new Int32Array(2 * LIMIT).fill(-1);
  private readonly hashes = new Int32Array(LIMIT);
  private readonly starts = new Int32Array(LIMIT + 1);
  private bytes = new Uint8Array(1 << 16);
  private readonly values: Value[] = [];
  private count = 0;
  /** The hash of the bytes last probed. */
  private hash = 0;

  /** Forgets every value (the dictionary changed). */
  clear(): void {
    if (this.count === 0) return;
    this.slots.fill(-1);
    this.values.length = 0;
    this.count = 0;
  }

  /** The value decoded before from the bytes [start, end) of `b`, or undefined (then `add` it). */
  find(b: Uint8Array, start: number, end: number): Value | undefined {
    const e = this.slots[this.probe(b, start, end)]!;
    return e < 0 ? undefined : this.values[e];
  }

  /** The slot of the bytes [start, end) of `b`: the one holding them, or the empty one where they would go. */
  private probe(b: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    h ^= h >>> 15;
    this.hash = h;
    const mask = this.slots.length - 1;
    const n = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e < 0) return s;
      if (this.hashes[e] !== h) continue;
      const from = this.starts[e]!;
      if (this.starts[e + 1]! - from !== n) continue;
      const kept = this.bytes;
      let i = 0;
      while (i < n && kept[from + i] === b[start + i]) i++;
      if (i === n) return s;
    }
  }

  /** Keeps `v`, decoded from the bytes [start, end) of `b`, which `find` did not know. */
  add(b: Uint8Array, start: number, end: number, v: Value): void {
    if (this.count === LIMIT) this.clear();
    // Probed again: decoding `v` may have added the values it holds.
    const slot = this.probe(b, start, end);
    const e = this.count;
    const from = this.starts[e]!;
    const n = end - start;
    if (from + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, from + n));
      grown.set(this.bytes.subarray(0, from));
      this.bytes = grown;
    }
    this.bytes.set(b.subarray(start, end), from);
    this.starts[e + 1] = from + n;
    this.hashes[e] = this.hash;
    this.values[e] = v;
    this.slots[slot] = e;
    // Hashed once here: every state that holds it would hash it again.
    memoizeHash(v);
    this.count = e + 1;
  }
}
