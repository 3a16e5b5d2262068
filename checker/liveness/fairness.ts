// Fairness as the liveness search sees it: constraint units (TLA+'s WF_vars(A) / SF_vars(A), or
// one per action instance) and, for each edge label, the unit it belongs to. A self-loop edge is
// a stutter: it neither enables nor takes its unit (fairness is on <<A>>_vars).
import type { StateGraph } from './state-graph.ts';

export interface FairnessUnit {
  readonly kind: 'weak' | 'strong';
  /** How a person names it: `WF(ReceiveBarrier(sink=s1, epoch=2))`. */
  readonly name: string;
}

export interface FairnessConstraints {
  readonly units: readonly FairnessUnit[];
  /** labelUnit[label]: the unit an edge with this label takes, or -1 (an unfair action). */
  readonly labelUnit: Int32Array;
}

/** The unit of edge `e`, or -1 when it is unfair or a stutter. */
export function edgeUnit(g: StateGraph, f: FairnessConstraints, source: number, e: number): number {
  if (g.targets[e] === source) return -1;
  const label = g.labels[e]!;
  return label < f.labelUnit.length ? f.labelUnit[label]! : -1;
}

/** Whether unit `u` is enabled in state `s` (some non-stutter edge of the unit leaves it). */
export function unitEnabled(g: StateGraph, f: FairnessConstraints, s: number, u: number): boolean {
  for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) if (edgeUnit(g, f, s, e) === u) return true;
  return false;
}
