// A table from encodings (their bytes, copied) to what was learned from them: the states of a
// level repeat the same values thousands of times, and recognising bytes already met costs less
// than rebuilding or rehashing what they encode. Bytes mean something only under the string
// dictionary they were encoded with: the owner clears the table when the dictionary changes.

/** Entries kept before the table starts afresh (bounds its memory on models of many values). */
const LIMIT = 1 << 12;

/**
 * An open-addressing table numbering encodings (their bytes, copied) 0, 1, 2 ... in order of
 * arrival: its owner keeps what it learned from each by that number. Past LIMIT encodings it
 * starts afresh, numbering from 0 again.
 */
export class BytesTable {
  private readonly slots = new Int32Array(2 * LIMIT).fill(-1);
  private readonly hashes = new Int32Array(LIMIT);
  private readonly starts = new Int32Array(LIMIT + 1);
  private bytes = new Uint8Array(1 << 16);
  private count = 0;
  /** The hash of the bytes last probed. */
  private hash = 0;

  /** Whether the next `add` starts the table afresh. */
  get full(): boolean {
    return this.count === LIMIT;
  }

  /** Forgets everything (the dictionary changed). */
  clear(): void {
    if (this.count === 0) return;
    this.slots.fill(-1);
    this.count = 0;
  }

  /** The number of the bytes [start, end) of `b`, or -1 when they are not in the table (then `add` them). */
  indexOf(b: Uint8Array, start: number, end: number): number {
    return this.slots[this.probe(b, start, end)]!;
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

  /** Adds the bytes [start, end) of `b`, which are not in the table; returns their number. */
  add(b: Uint8Array, start: number, end: number): number {
    if (this.count === LIMIT) this.clear();
    // Probed again: the table may have changed since `indexOf` (decoding a collection adds those it holds).
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
    this.slots[slot] = e;
    this.count = e + 1;
    return e;
  }
}
