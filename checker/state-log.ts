// Every distinct state the search found, as (fingerprint, parent index): 12 bytes a state.
// Counterexamples are rebuilt from it by re-executing the model along the fingerprint chain,
// so no state object outlives the frontier that holds it (TLC does the same on disk).
// Stored in fixed-size pages: growing never copies, and no more than a page is unused.

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

export class StateLog {
  private readonly fps: Uint32Array[] = [];
  private readonly parents: Int32Array[] = [];
  private count = 0;

  get size(): number { return this.count; }

  get byteLength(): number { return this.fps.length * PAGE * 12; }

  /** Records a state; returns its index. `parent` is -1 for an initial state. */
  append(hi: number, lo: number, parent: number): number {
    const i = this.count;
    const page = i >>> PAGE_BITS;
    if (page === this.fps.length) {
      this.fps.push(new Uint32Array(2 * PAGE));
      this.parents.push(new Int32Array(PAGE));
    }
    const j = i & MASK;
    const fps = this.fps[page]!;
    fps[2 * j] = hi;
    fps[2 * j + 1] = lo;
    this.parents[page]![j] = parent;
    this.count = i + 1;
    return i;
  }

  parentOf(i: number): number { return this.parents[i >>> PAGE_BITS]![i & MASK]!; }

  hiOf(i: number): number { return this.fps[i >>> PAGE_BITS]![2 * (i & MASK)]!; }

  loOf(i: number): number { return this.fps[i >>> PAGE_BITS]![2 * (i & MASK) + 1]!; }

  /** Indices from an initial state to `i`, inclusive. */
  pathTo(i: number): number[] {
    const path: number[] = [];
    for (let j = i; j !== -1; j = this.parentOf(j)) path.push(j);
    return path.reverse();
  }
}
