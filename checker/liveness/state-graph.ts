// The explored state graph in compressed sparse rows: the search expands states in index order,
// so the edges of one state arrive together and each state's edges are one slice of typed
// arrays. No per-edge or per-state objects: a graph of millions of states costs a few bytes each.

/** What the liveness phase reads: edges by source state, each labelled. */
export interface StateGraph {
  /** Number of states; they are 0..size-1, initial states first. */
  readonly size: number;
  /** States 0..initialCount-1 are the initial states. */
  readonly initialCount: number;
  /** Edges of state i are offsets[i]..offsets[i+1]-1. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** A label per edge: an interned (action, instance) pair, see EdgeLabels. */
  readonly labels: Int32Array;
}

/** Builds a StateGraph from edges given in order of their source state. */
export class GraphBuilder {
  private offsetsBuf = new Int32Array(1 << 8);
  private targetsBuf = new Int32Array(1 << 8);
  private labelsBuf = new Int32Array(1 << 8);
  private edgeCount = 0;
  /** Sources 0..lastSource have their first-edge offset set. */
  private lastSource = -1;
  private initial = 0;

  /** Declares that states 0..n-1 are the initial states. */
  setInitialCount(n: number): void { this.initial = n; }

  /** Adds an edge; sources must come in non-decreasing order. */
  addEdge(source: number, target: number, label: number): void {
    this.openSourcesUpTo(source);
    const e = this.edgeCount;
    if (e === this.targetsBuf.length) {
      this.targetsBuf = grow(this.targetsBuf, e * 2);
      this.labelsBuf = grow(this.labelsBuf, e * 2);
    }
    this.targetsBuf[e] = target;
    this.labelsBuf[e] = label;
    this.edgeCount = e + 1;
  }

  get edges(): number { return this.edgeCount; }

  /** Bytes held now. */
  get byteLength(): number { return this.offsetsBuf.byteLength + this.targetsBuf.byteLength + this.labelsBuf.byteLength; }

  /** The finished graph over `size` states (states without edges get empty slices). */
  build(size: number): StateGraph {
    this.openSourcesUpTo(size);
    return {
      size,
      initialCount: this.initial,
      offsets: this.offsetsBuf.subarray(0, size + 1),
      targets: this.targetsBuf.subarray(0, this.edgeCount),
      labels: this.labelsBuf.subarray(0, this.edgeCount),
    };
  }

  private openSourcesUpTo(source: number): void {
    if (source < this.lastSource) throw new Error(`graph edges out of order: state ${source} after ${this.lastSource}`);
    while (this.lastSource < source) {
      const s = ++this.lastSource;
      if (s === this.offsetsBuf.length) this.offsetsBuf = grow(this.offsetsBuf, s * 2);
      this.offsetsBuf[s] = this.edgeCount;
    }
  }
}

function grow(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** A graph from adjacency lists (tests and small tools); every edge labelled by `label(i, k)`. */
export function graphFromLists(initialCount: number, edges: readonly (readonly number[])[], label: (source: number, k: number) => number): StateGraph {
  const b = new GraphBuilder();
  b.setInitialCount(initialCount);
  edges.forEach((out, i) => out.forEach((t, k) => b.addEdge(i, t, label(i, k))));
  return b.build(edges.length);
}
