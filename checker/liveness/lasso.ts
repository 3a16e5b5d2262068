// A counterexample to a temporal property as a lasso of graph states: the shortest prefix the
// negation allows from an initial state into the fair set K, then a cycle inside K that takes or
// visits what fairness and acceptance require, back to the state where the prefix entered K.
import type { StateGraph } from './state-graph.ts';
import { edgeUnit, unitEnabled, type FairnessConstraints } from './fairness.ts';
import type { Negation } from './negation.ts';

export interface GraphLasso {
  /** State indices of the trace: prefix, then cycle; the last state returns to states[loop]. */
  readonly states: readonly number[];
  /** The edge that led to each state (-1 for the first). */
  readonly edges: readonly number[];
  readonly loop: number;
}

export function buildLasso(g: StateGraph, f: FairnessConstraints, neg: Negation, fairSet: readonly number[]): GraphLasso {
  const inK = new Uint8Array(g.size);
  for (const s of fairSet) inK[s] = 1;
  const { states, edges } = shortestPrefix(g, neg, inK);
  const entry = states[states.length - 1]!;
  const cycle = cycleThrough(g, f, neg, inK, fairSet, entry);
  const loop = states.length - 1;
  return { states: [...states, ...cycle.states], edges: [...edges, ...cycle.edges], loop };
}

/**
 * BFS over (state, phase): phase 0 walks anywhere and switches to phase 1 at a trigger state;
 * phase 1 walks inside the region. The first phase-1 state of K dequeued ends it.
 */
function shortestPrefix(g: StateGraph, neg: Negation, inK: Uint8Array): { states: number[]; edges: number[] } {
  const n = g.size;
  // Node id: state + phase * n. parent[id] = previous node id (-1 for a start), via edge viaEdge[id].
  const parent = new Int32Array(2 * n).fill(-2);
  const viaEdge = new Int32Array(2 * n).fill(-1);
  const queue: number[] = [];
  const visit = (id: number, from: number, edge: number) => {
    if (parent[id] !== -2) return;
    parent[id] = from; viaEdge[id] = edge; queue.push(id);
  };
  const enter = (s: number, from: number, edge: number) => {
    if (neg.trigger) {
      visit(s, from, edge);
      if (neg.trigger(s) && neg.inRegion(s)) visit(s + n, s, -1); // switching costs no step
    } else if (neg.inRegion(s)) visit(s + n, from, edge);
  };
  for (let s = 0; s < g.initialCount; s++) enter(s, -1, -1);
  for (let h = 0; h < queue.length; h++) {
    const id = queue[h]!;
    const phase = id >= n ? 1 : 0;
    const s = id - phase * n;
    if (phase === 1 && inK[s]) return unwind(parent, viaEdge, id, n);
    for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) {
      const t = g.targets[e]!;
      if (t === s) continue;
      if (phase === 0) enter(t, id, e);
      else if (neg.inRegion(t)) visit(t + n, id, e);
    }
  }
  throw new Error('the fair set is not reachable as the negation requires (a liveness engine bug)');
}

function unwind(parent: Int32Array, viaEdge: Int32Array, id: number, n: number): { states: number[]; edges: number[] } {
  const states: number[] = [];
  const edges: number[] = [];
  for (let cur = id; cur !== -1; cur = parent[cur]!) {
    // A phase switch (no edge, yet a predecessor) repeats its state without a step: skip it.
    if (viaEdge[cur] === -1 && parent[cur] !== -1) continue;
    states.push(cur % n);
    edges.push(viaEdge[cur]!);
  }
  return { states: states.reverse(), edges: edges.reverse() };
}

/**
 * From `entry`, a walk inside K through a state of each kind the cycle needs (an accepting state;
 * for each unit, an edge taking it or a state where it is disabled, as fairness asks), back to
 * `entry`. Empty when `entry` alone (stuttering) satisfies everything.
 */
function cycleThrough(g: StateGraph, f: FairnessConstraints, neg: Negation, inK: Uint8Array, fairSet: readonly number[], entry: number): { states: number[]; edges: number[] } {
  const goals: ({ kind: 'state'; ok: (s: number) => boolean } | { kind: 'edge'; unit: number })[] = [];
  if (!neg.accepting(entry)) goals.push({ kind: 'state', ok: neg.accepting });
  const taken = new Uint8Array(f.units.length);
  const enabledCount = new Int32Array(f.units.length);
  const seenAt = new Int32Array(f.units.length).fill(-1);
  for (const s of fairSet) {
    for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) {
      const u = edgeUnit(g, f, s, e);
      if (u < 0) continue;
      if (seenAt[u] !== s) { seenAt[u] = s; enabledCount[u]!++; }
      if (inK[g.targets[e]!]) taken[u] = 1;
    }
  }
  f.units.forEach((unit, u) => {
    if (enabledCount[u] === 0) return; // disabled throughout K
    if (unit.kind === 'weak' && !unitEnabled(g, f, entry, u)) return; // the entry disables it
    if (taken[u]) goals.push({ kind: 'edge', unit: u });
    else goals.push({ kind: 'state', ok: (s) => !unitEnabled(g, f, s, u) }); // weak, disabled somewhere
  });
  const states: number[] = [];
  const edges: number[] = [];
  let cur = entry;
  const walk = (isGoal: (s: number) => boolean, lastEdge?: (s: number, e: number) => boolean) => {
    const path = pathInside(g, inK, cur, isGoal, lastEdge);
    for (const [s, e] of path) { states.push(s); edges.push(e); }
    if (path.length > 0) cur = path[path.length - 1]![0];
  };
  for (const goal of goals) {
    if (goal.kind === 'state') walk(goal.ok);
    else walk(() => false, (s, e) => edgeUnit(g, f, s, e) === goal.unit);
  }
  if (states.length > 0 && cur !== entry) walk((s) => s === entry);
  // The trace returns to the entry implicitly: drop the final entry state the walk reached.
  if (states.length > 0) { states.pop(); edges.pop(); }
  // A walk that never left the entry but for the return (all goals met there) is a stutter.
  return { states, edges };
}

/**
 * Shortest path inside K from `from` (excluded) to a state with `isGoal`, or whose last edge has
 * `lastEdge`; at least one step when `lastEdge` is given. Pairs (state, edge into it).
 */
function pathInside(g: StateGraph, inK: Uint8Array, from: number, isGoal: (s: number) => boolean, lastEdge?: (s: number, e: number) => boolean): [number, number][] {
  if (!lastEdge && isGoal(from)) return [];
  const parent = new Map<number, [number, number]>(); // state -> (previous state, edge)
  const queue = [from];
  const seen = new Set<number>([from]);
  for (let h = 0; h < queue.length; h++) {
    const s = queue[h]!;
    for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) {
      const t = g.targets[e]!;
      if (t === s || !inK[t]) continue;
      if (lastEdge?.(s, e)) return [...trail(parent, from, s), [t, e]];
      if (seen.has(t)) continue;
      seen.add(t);
      parent.set(t, [s, e]);
      if (!lastEdge && isGoal(t)) return trail(parent, from, t);
      queue.push(t);
    }
  }
  throw new Error('a cycle goal is unreachable inside the fair set (a liveness engine bug)');
}

function trail(parent: Map<number, [number, number]>, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let cur = to; cur !== from;) {
    const [prev, e] = parent.get(cur)!;
    out.push([cur, e]);
    cur = prev;
  }
  return out.reverse();
}
