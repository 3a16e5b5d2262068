// Records the state graph while the search runs: edges in CSR form with a label per edge, the
// index of each duplicate target (looked up by fingerprint), and the value of each temporal
// predicate in each distinct state (evaluated once, when the state is found).
import type { ActionParams, ActionSpec, State } from '../model.ts';
import type { StateLog } from '../state-log.ts';
import type { SearchObserver } from '../search-observer.ts';
import { unitOfStep, type UnitOfStep } from './fairness-unit.ts';
import { FingerprintIndex } from './fingerprint-index.ts';
import { GraphBuilder, type StateGraph } from './state-graph.ts';
import { BitSet } from './bit-set.ts';

/** An edge label: the action, and the fairness unit its step takes (none for an unfair step). */
export interface EdgeLabel {
  readonly action: number;
  readonly unit?: UnitOfStep;
}

export class GraphRecorder implements SearchObserver {
  private readonly builder = new GraphBuilder();
  private readonly index: FingerprintIndex;
  private readonly bits: BitSet[];
  private readonly byKey = new Map<string, number>();
  /** Labels 0..actions-1: each action's steps when they all share one unit (or none); others follow. */
  readonly labels: EdgeLabel[];
  /** Per action: whether its steps' units depend on their parameters. */
  private readonly byStep: boolean[];
  private states = 0;
  private initial = 0;

  /** `predicates`: the state predicates whose values the liveness phase needs. */
  constructor(log: StateLog, private readonly actions: readonly ActionSpec<any, any>[], private readonly predicates: readonly ((s: State) => boolean)[]) {
    this.index = new FingerprintIndex(log);
    this.bits = predicates.map(() => new BitSet());
    this.byStep = actions.map((a) => a.fairness !== undefined && (a.fairness.perInstance === true || a.fairness.instance !== undefined));
    this.labels = actions.map((a, action) => {
      const unit = this.byStep[action] ? undefined : unitOfStep(a, undefined);
      return unit ? { action, unit } : { action };
    });
  }

  state(s: State, index: number, parent: number): void {
    this.found(index, parent);
    for (let k = 0; k < this.predicates.length; k++) if (this.predicates[k]!(s)) this.bits[k]!.set(index);
  }

  /**
   * A new state whose predicates were evaluated elsewhere (a worker thread): predicate k holds
   * when bit k of `bits[from ...]` is set.
   */
  stateWithBits(index: number, parent: number, bits: Uint32Array, from: number): void {
    this.found(index, parent);
    for (let k = 0; k < this.predicates.length; k++) if ((bits[from + (k >>> 5)]! & (1 << (k & 31))) !== 0) this.bits[k]!.set(index);
  }

  private found(index: number, parent: number): void {
    this.index.add(index);
    this.states = index + 1;
    if (parent === -1) this.initial = index + 1; // initial states are numbered first
  }

  /** An edge whose target and label are known: `label` from `labelOfUnit` or an action number. */
  labelledEdge(parent: number, target: number, label: number): void {
    this.builder.addEdge(parent, target, label);
  }

  /** The index of the state with this fingerprint (it must have been found). */
  indexOf(hi: number, lo: number): number { return this.index.indexOf(hi, lo); }

  edge(parent: number, action: number, params: ActionParams | undefined, hi: number, lo: number, target: number): void {
    const t = target >= 0 ? target : this.index.indexOf(hi, lo);
    this.builder.addEdge(parent, t, this.byStep[action] ? this.labelOf(action, params) : action);
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

  private labelOf(action: number, params: ActionParams | undefined): number {
    const unit = unitOfStep(this.actions[action]!, params);
    if (!unit) return action; // a step under no fairness: the action's own label, which has no unit
    return this.labelOfUnit(action, unit);
  }

  /** The label of steps of `action` that take `unit`, numbered in the order units are first met. */
  labelOfUnit(action: number, unit: UnitOfStep): number {
    let label = this.byKey.get(unit.key);
    if (label === undefined) {
      label = this.labels.length;
      this.labels.push({ action, unit });
      this.byKey.set(unit.key, label);
    }
    return label;
  }
}
