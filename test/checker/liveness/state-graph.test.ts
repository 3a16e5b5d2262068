// The compressed graph against the adjacency lists it was built from, at sizes past the builder's
// first buffers (256 states and 256 edges), which the random liveness graphs never reach.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, graphFromLists, type StateGraph } from '../../../checker/liveness/state-graph.ts';

/** The lists a graph holds: the targets and labels of each state's edges. */
function lists(g: StateGraph): [number, number][][] {
  return Array.from({ length: g.size }, (_, s) => {
    const out: [number, number][] = [];
    for (let e = g.offsets[s]!; e < g.offsets[s + 1]!; e++) out.push([g.targets[e]!, g.labels[e]!]);
    return out;
  });
}

describe('state graph', () => {
  it('holds every edge of 700 states, some with none, in order, with its label', () => {
    const n = 700;
    // State s has s % 3 edges, to (s * 7 + k) % n: 233 * (0 + 1 + 2) = 699 edges; states 0, 3, ... have none.
    const edges = Array.from({ length: n }, (_, s) => Array.from({ length: s % 3 }, (_, k) => (s * 7 + k) % n));
    const g = graphFromLists(2, edges, (s, k) => s * 10 + k);
    expect([g.size, g.initialCount, g.targets.length, g.labels.length, g.offsets.length]).toEqual([n, 2, 699, 699, n + 1]);
    expect(lists(g)).toEqual(edges.map((out, s) => out.map((t, k) => [t, s * 10 + k])));
  });

  it('gives states after the last with edges empty slices, and counts its edges and bytes', () => {
    const b = new GraphBuilder();
    b.addEdge(0, 1, 5);
    b.addEdge(0, 0, 6);
    b.addEdge(2, 0, 7);
    expect(b.edges).toBe(3);
    expect(b.byteLength).toBe(3 * 256 * 4);
    const g = b.build(5);
    expect(lists(g)).toEqual([[[1, 5], [0, 6]], [], [[0, 7]], [], []]);
    expect(g.initialCount).toBe(0);
  });

  it('refuses an edge from a state before one already given', () => {
    const b = new GraphBuilder();
    b.addEdge(3, 0, 0);
    expect(() => b.addEdge(2, 0, 0)).toThrow('graph edges out of order: state 2 after 3');
    expect(() => b.addEdge(3, 1, 0)).not.toThrow();
  });
});
