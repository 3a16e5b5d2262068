// Records the state graph while the search runs: edges in CSR form with a label per edge, the
// index of each duplicate target (looked up by fingerprint), and the value of each temporal
// predicate in each distinct state (evaluated once, when the state is found).
import type { ActionParams, State } from '../model.ts';
import type { StateLog } from '../state-log.ts';
import type { SearchObserver } from '../search-observer.ts';
import { fingerprintHex } from '../fingerprint.ts';
import { FingerprintIndex } from './fingerprint-index.ts';
import { GraphBuilder, type StateGraph } from './state-graph.ts';
import { BitSet } from './bit-set.ts';

/** An edge label: the action, and for per-instance fairness the parameters of the instance. */
export interface EdgeLabel {
  readonly action: number;
  /** The instance's parameters (per-instance labels), or undefined for the action as a whole. */
  readonly params?: ActionParams;
}

export class GraphRecorder implements SearchObserver {
  private readonly builder = new GraphBuilder();
  private readonly index: FingerprintIndex;
  private readonly bits: BitSet[];
  private readonly instanceLabel = new Map<string, number>();
  /** Labels 0..actions-1 are the actions as a whole; per-instance labels follow. */
  readonly labels: EdgeLabel[];
  private states = 0;
  private initial = 0;

  /**
   * `perInstance[a]`: whether action a's edges are labelled by instance (its fairness is per
   * instance). `predicates`: the state predicates whose values the liveness phase needs.
   */
  constructor(log: StateLog, private readonly perInstance: readonly boolean[], private readonly predicates: readonly ((s: State) => boolean)[]) {
    this.index = new FingerprintIndex(log);
    this.bits = predicates.map(() => new BitSet());
    this.labels = perInstance.map((_, action) => ({ action }));
  }

  state(s: State, index: number, parent: number): void {
    this.index.add(index);
    this.states = index + 1;
    if (parent === -1) this.initial = index + 1; // initial states are numbered first
    for (let k = 0; k < this.predicates.length; k++) if (this.predicates[k]!(s)) this.bits[k]!.set(index);
  }

  edge(parent: number, action: number, params: ActionParams | undefined, hi: number, lo: number, target: number): void {
    const t = target >= 0 ? target : this.index.indexOf(hi, lo);
    this.builder.addEdge(parent, t, this.perInstance[action] ? this.labelOf(action, params ?? {}) : action);
  }

  /** The value of predicate `k` in state `s`. */
  predicate(k: number): (s: number) => boolean {
    const b = this.bits[k]!;
    return (s) => b.has(s);
  }

  /** The recorded graph; no edge may be added after. */
  graph(): StateGraph {
    this.builder.setInitialCount(this.initial);
    return this.builder.build(this.states);
  }

  /** Bytes held by the graph, the index and the predicate bits. */
  get byteLength(): number {
    return this.builder.byteLength + this.index.byteLength + this.bits.reduce((n, b) => n + b.byteLength, 0);
  }

  private labelOf(action: number, params: ActionParams): number {
    // The parameters' fingerprint names the instance whatever the order their record was built in.
    const key = `${action}:${fingerprintHex(params)}`;
    let label = this.instanceLabel.get(key);
    if (label === undefined) {
      label = this.labels.length;
      this.labels.push({ action, params });
      this.instanceLabel.set(key, label);
    }
    return label;
  }
}
