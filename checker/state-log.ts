// Every distinct state the search found, as (fingerprint, parent index): 12 bytes a state.
// Counterexamples are rebuilt from it by re-executing the model along the fingerprint chain,
// so no state object outlives the frontier that holds it (TLC does the same on disk).

export class StateLog {
  private fps = new Uint32Array(1 << 17);
  private parents = new Int32Array(1 << 16);
  private count = 0;

  get size(): number { return this.count; }

  get byteLength(): number { return this.fps.byteLength + this.parents.byteLength; }

  /** Records a state; returns its index. `parent` is -1 for an initial state. */
  append(hi: number, lo: number, parent: number): number {
    const i = this.count;
    if (i === this.parents.length) this.grow();
    this.fps[2 * i] = hi;
    this.fps[2 * i + 1] = lo;
    this.parents[i] = parent;
    this.count = i + 1;
    return i;
  }

  parentOf(i: number): number { return this.parents[i]!; }

  hiOf(i: number): number { return this.fps[2 * i]!; }

  loOf(i: number): number { return this.fps[2 * i + 1]!; }

  /** Indices from an initial state to `i`, inclusive. */
  pathTo(i: number): number[] {
    const path: number[] = [];
    for (let j = i; j !== -1; j = this.parents[j]!) path.push(j);
    return path.reverse();
  }

  private grow(): void {
    const fps = new Uint32Array(this.fps.length * 2);
    fps.set(this.fps);
    this.fps = fps;
    const parents = new Int32Array(this.parents.length * 2);
    parents.set(this.parents);
    this.parents = parents;
  }
}
