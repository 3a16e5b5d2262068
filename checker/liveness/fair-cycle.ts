// The core of the liveness phase: is there a fair cycle, inside a region of the graph, through an
// accepting state? That is the negation of a property as a Büchi condition on the state graph.
//
// A behaviour that keeps visiting exactly the set K of states (and may take every edge inside K
// as often as it likes, which can only help fairness) is fair iff, for every unit U:
//   weak:   U is taken inside K, or disabled in some state of K;
//   strong: U is taken inside K, or disabled in every state of K.
// K must be strongly connected; a single state is (it stutters). So: decompose the region into
// strongly connected components (Tarjan, iterative: graphs of millions of states) and test each.
// A component failing a weak unit has no fair sub-cycle (U stays enabled everywhere and untaken);
// one failing only strong units may have one that avoids the states where they are enabled:
// remove those states and decompose again (Emerson-Lei). Each round removes states, so it ends.
import type { StateGraph } from './state-graph.ts';
import { edgeUnit, type FairnessConstraints } from './fairness.ts';

export interface CycleQuery {
  /** States a cycle may use (and, with `seeds`, the only states a path to it may cross). */
  readonly inRegion: (s: number) => boolean;
  /** The cycle must contain one of these. */
  readonly accepting: (s: number) => boolean;
  /** Only the part of the region reachable from these, through the region, counts. */
  readonly seeds: Iterable<number>;
}

/** The states of a fair strongly connected set, or undefined when there is none. */
export function findFairCycle(g: StateGraph, f: FairnessConstraints, q: CycleQuery): number[] | undefined {
  const n = g.size;
  // member[s] === token: s belongs to the subproblem being decomposed; tokens are never reused.
  const member = new Int32Array(n);
  let token = 1;
  const start: number[] = [];
  for (const s of q.seeds) if (member[s] !== token && q.inRegion(s)) { member[s] = token; start.push(s); }
  for (let i = 0; i < start.length; i++) {
    const s = start[i]!;
    for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) {
      const t = g.targets[e]!;
      if (member[t] !== token && q.inRegion(t)) { member[t] = token; start.push(t); }
    }
  }
  const tarjan = new Tarjan(g, member);
  const work: [number, number[]][] = [[token, start]];
  const units = f.units;
  const taken = new Uint8Array(units.length);
  const enabledIn = new Int32Array(units.length);
  const lastState = new Int32Array(units.length).fill(-1);
  const touched: number[] = [];
  while (work.length > 0) {
    const [tok, states] = work.pop()!;
    for (const comp of tarjan.components(tok, states)) {
      if (!comp.some(q.accepting)) continue;
      const compId = tarjan.componentOf(comp[0]!);
      touched.length = 0;
      for (const s of comp) {
        for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) {
          const u = edgeUnit(g, f, s, e);
          if (u < 0) continue;
          if (lastState[u] === -1) touched.push(u);
          if (lastState[u] !== s) { lastState[u] = s; enabledIn[u]!++; }
          if (tarjan.componentOf(g.targets[e]!) === compId) taken[u] = 1;
        }
      }
      let weakFails = false;
      const strongFails: number[] = [];
      for (const u of touched) {
        if (taken[u]) continue;
        if (units[u]!.kind === 'weak') { if (enabledIn[u] === comp.length) weakFails = true; }
        else strongFails.push(u);
      }
      for (const u of touched) { taken[u] = 0; enabledIn[u] = 0; lastState[u] = -1; }
      if (weakFails) continue;
      if (strongFails.length === 0) return comp;
      const fail = new Uint8Array(units.length);
      for (const u of strongFails) fail[u] = 1;
      const rest = comp.filter((s) => {
        for (let e = g.offsets[s]!, end = g.offsets[s + 1]!; e < end; e++) { const u = edgeUnit(g, f, s, e); if (u >= 0 && fail[u]) return false; }
        return true;
      });
      if (rest.length === 0) continue;
      token++;
      for (const s of rest) member[s] = token;
      work.push([token, rest]);
    }
  }
  return undefined;
}

/**
 * Tarjan's strongly connected components of the subgraph of states whose member mark is a
 * given token, without recursion. Component ids are unique across calls, so "is this edge inside
 * that component" stays a lookup.
 */
class Tarjan {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly comp: Int32Array;
  private readonly onStack: Uint8Array;
  private counter = 0;
  private compCounter = 0;

  constructor(private readonly g: StateGraph, private readonly member: Int32Array) {
    this.index = new Int32Array(g.size);
    this.low = new Int32Array(g.size);
    this.comp = new Int32Array(g.size).fill(-1);
    this.onStack = new Uint8Array(g.size);
  }

  componentOf(s: number): number { return this.comp[s]!; }

  /** The components of the states marked `tok` (given as `states`), each as a list of states. */
  components(tok: number, states: readonly number[]): number[][] {
    const { g, member, index, low, comp, onStack } = this;
    for (const s of states) { index[s] = -1; comp[s] = -1; }
    const out: number[][] = [];
    const stack: number[] = [];
    const callState: number[] = [];
    const callEdge: number[] = [];
    for (const root of states) {
      if (index[root] !== -1) continue;
      index[root] = low[root] = this.counter++;
      stack.push(root); onStack[root] = 1;
      callState.push(root); callEdge.push(g.offsets[root]!);
      while (callState.length > 0) {
        const top = callState.length - 1;
        const v = callState[top]!;
        const e = callEdge[top]!;
        if (e < g.offsets[v + 1]!) {
          callEdge[top] = e + 1;
          const w = g.targets[e]!;
          if (w === v || member[w] !== tok) continue;
          if (index[w] === -1) {
            index[w] = low[w] = this.counter++;
            stack.push(w); onStack[w] = 1;
            callState.push(w); callEdge.push(g.offsets[w]!);
          } else if (onStack[w]) {
            if (index[w]! < low[v]!) low[v] = index[w]!;
          }
          continue;
        }
        callState.pop(); callEdge.pop();
        if (callState.length > 0) {
          const parent = callState[callState.length - 1]!;
          if (low[v]! < low[parent]!) low[parent] = low[v]!;
        }
        if (low[v] === index[v]) {
          const id = this.compCounter++;
          const c: number[] = [];
          let w: number;
          do { w = stack.pop()!; onStack[w] = 0; comp[w] = id; c.push(w); } while (w !== v);
          out.push(c);
        }
      }
    }
    return out;
  }
}
