// A growable set of state indices as bits: a predicate's value in every state, one bit a state.
export class BitSet {
  private words = new Uint32Array(1 << 4);

  set(i: number): void {
    const w = i >>> 5;
    if (w >= this.words.length) {
      let n = this.words.length * 2;
      while (n <= w) n *= 2;
      const words = new Uint32Array(n);
      words.set(this.words);
      this.words = words;
    }
    this.words[w]! |= 1 << (i & 31);
  }

  has(i: number): boolean {
    const w = i >>> 5;
    return w < this.words.length && (this.words[w]! & (1 << (i & 31))) !== 0;
  }

  get byteLength(): number { return this.words.byteLength; }

  /** A set of `n` bits where `f(i)` says which are set. */
  static of(n: number, f: (i: number) => boolean): BitSet {
    const b = new BitSet();
    for (let i = 0; i < n; i++) if (f(i)) b.set(i);
    return b;
  }
}
