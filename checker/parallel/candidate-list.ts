// The successors a chunk found that may be new states, in order, as typed columns grown by
// doubling: a chunk holds up to millions of them, and number[] columns cost a boxed double for
// every value past 2^31 and a copy into typed arrays at the end (see expand-chunk.ts).

export class CandidateList {
  /** Fingerprint halves, seen-set key, and the level position of the state that found it. */
  hi = new Uint32Array(1 << 10);
  lo = new Uint32Array(1 << 10);
  key = new Uint32Array(1 << 10);
  parent = new Uint32Array(1 << 10);
  /** The chunk's generated count when it was found. */
  generatedAt = new Float64Array(1 << 10);
  /** Where its encoding starts in the chunk's blocks (set once it is encoded). */
  start = new Float64Array(1 << 10);
  length = 0;

  /** Appends a candidate (its `start` to be set) and returns its index. */
  add(hi: number, lo: number, key: number, parent: number, generatedAt: number): number {
    const c = this.length;
    if (c === this.hi.length) this.grow();
    this.hi[c] = hi;
    this.lo[c] = lo;
    this.key[c] = key;
    this.parent[c] = parent;
    this.generatedAt[c] = generatedAt;
    this.length = c + 1;
    return c;
  }

  private grow(): void {
    const n = 2 * this.hi.length;
    this.hi = grown(this.hi, new Uint32Array(n));
    this.lo = grown(this.lo, new Uint32Array(n));
    this.key = grown(this.key, new Uint32Array(n));
    this.parent = grown(this.parent, new Uint32Array(n));
    this.generatedAt = grown(this.generatedAt, new Float64Array(n));
    this.start = grown(this.start, new Float64Array(n));
  }
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
