// A model whose states are the nodes of a given directed graph: lets tests compare the checker
// with a plain reference BFS on arbitrary graphs.
import { defineModel, type Model } from '../../checker/model.ts';

export interface Graph {
  readonly nodes: number;
  readonly initial: readonly number[];
  /** edges[i]: successors of node i, in order (duplicates allowed). */
  readonly edges: readonly (readonly number[])[];
}

export type NodeState = { readonly node: number };

/** The graph as a model; invariant `Avoid` is violated at `target` when one is given. */
export function graphModel(g: Graph, target?: number): Model<NodeState> {
  return defineModel<NodeState>({
    name: 'Graph',
    description: 'walks the edges of a fixed graph',
    params: [],
    init: () => g.initial.map((node) => ({ node })),
    actions: [{
      name: 'Step',
      description: 'follow an edge',
      params: ['to'],
      successors: (s) => (g.edges[s.node] ?? []).map((to) => ({ params: { to }, state: { node: to } })),
    }],
    invariants: target === undefined ? [] : [{
      name: 'Avoid',
      description: `node ${target} is never reached`,
      check: (s) => (s.node === target ? `reached node ${target}` : undefined),
    }],
  });
}

/** Reference BFS: distance (in edges) of every node reachable from the initial nodes. */
export function referenceDistances(g: Graph): Map<number, number> {
  const dist = new Map<number, number>();
  let frontier: number[] = [];
  for (const n of g.initial) if (!dist.has(n)) { dist.set(n, 0); frontier.push(n); }
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const n of frontier) for (const m of g.edges[n] ?? []) if (!dist.has(m)) { dist.set(m, dist.get(n)! + 1); next.push(m); }
    frontier = next;
  }
  return dist;
}
