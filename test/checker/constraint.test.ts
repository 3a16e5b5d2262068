// State constraints mean what they mean in TLC (tlc2/tool/Worker.java, addElement): a state the
// constraint excludes is generated (counted), checked against the invariants every time it is
// generated, but never counted distinct and never explored; a search of every state the
// constraint allows is complete.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../checker/check.ts';
import { validateTrace } from '../../checker/validate-trace.ts';
import { graphModel, type Graph, type NodeState } from './graph-model.ts';

/** Reference semantics, written apart from the engine: BFS over the nodes the constraint admits. */
function reference(g: Graph, admits: (n: number) => boolean) {
  const dist = new Map<number, number>();
  let generated = 0;
  let frontier: number[] = [];
  for (const n of g.initial) {
    generated++;
    if (admits(n) && !dist.has(n)) { dist.set(n, 1); frontier.push(n); }
  }
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const n of frontier) {
      for (const m of g.edges[n] ?? []) {
        generated++;
        if (admits(m) && !dist.has(m)) { dist.set(m, dist.get(n)! + 1); next.push(m); }
      }
    }
    frontier = next;
  }
  return { distinct: dist.size, generated, depth: Math.max(0, ...dist.values()), excludedReached: [...dist.keys()].some((n) => (g.edges[n] ?? []).some((m) => !admits(m))) || g.initial.some((n) => !admits(n)) };
}

const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 20 }).chain((nodes) => fc.record({
  nodes: fc.constant(nodes),
  initial: fc.array(fc.nat(nodes - 1), { minLength: 1, maxLength: 3 }),
  edges: fc.array(fc.array(fc.nat(nodes - 1), { maxLength: 4 }), { minLength: nodes, maxLength: nodes }),
}));

describe('a state constraint', () => {
  it('counts excluded states as generated, never as distinct, and explores only what it admits', () => {
    fc.assert(fc.property(graphArb, fc.nat(19), (g, cut) => {
      const admits = (n: number) => n <= cut;
      const ref = reference(g, admits);
      fc.pre(ref.distinct > 0);
      const o = check({ ...graphModel(g), constraint: (s: NodeState) => admits(s.node) }, { consts: {}, checkDeadlock: false });
      expect(o).toMatchObject({ result: 'ok', bound: null, constrained: ref.excludedReached });
      expect(o.stats).toMatchObject({ distinctStates: ref.distinct, generatedStates: ref.generated, depth: ref.depth });
    }), { numRuns: 300 });
  });

  it('checks the invariants of an excluded state every time it is generated', () => {
    // 0 -> 1 -> 3, 0 -> 2 -> 3: node 3 is excluded and generated twice.
    const g: Graph = { nodes: 4, initial: [0], edges: [[1, 2], [3], [3], []] };
    const checked: number[] = [];
    const model = {
      ...graphModel(g),
      constraint: (s: NodeState) => s.node !== 3,
      invariants: [{ name: 'Any', description: 'records what it checks', check: (s: NodeState) => { checked.push(s.node); return undefined; } }],
    };
    expect(check(model, { consts: {}, checkDeadlock: false })).toMatchObject({ result: 'ok', bound: null, constrained: true, stats: { distinctStates: 3, generatedStates: 5, depth: 2 } });
    expect(checked).toEqual([0, 1, 2, 3, 3]);
  });

  it('reports a violation in an excluded state with its trace: the parent chain, then that state', () => {
    const g: Graph = { nodes: 4, initial: [0], edges: [[1, 2], [3], [3], []] };
    const model = { ...graphModel(g, 3), constraint: (s: NodeState) => s.node !== 3 };
    const o = check(model, { consts: {}, checkDeadlock: false });
    expect(o).toMatchObject({ result: 'violation', violation: { name: 'Avoid', reason: 'reached node 3' }, stats: { distinctStates: 3, generatedStates: 4, depth: 3 } });
    if (o.result !== 'violation') return;
    expect(o.violation.trace.map((s) => s.state.node)).toEqual([0, 1, 3]);
    expect(o.violation.trace.slice(1).map((s) => s.action)).toEqual([{ name: 'Step', params: { to: 1 } }, { name: 'Step', params: { to: 3 } }]);
    expect(validateTrace(model, {}, o.violation.trace, o.violation)).toMatchObject({ ok: true });
  });

  it('checks excluded initial states too, and refuses a model none of whose initial states it admits', () => {
    const g: Graph = { nodes: 3, initial: [2, 0], edges: [[1], [], []] };
    const o = check({ ...graphModel(g, 2), constraint: (s: NodeState) => s.node !== 2 }, { consts: {}, checkDeadlock: false });
    // The search stops at the first violation, here the first initial state.
    expect(o).toMatchObject({ result: 'violation', violation: { name: 'Avoid' }, stats: { distinctStates: 0, generatedStates: 1, depth: 1 } });
    if (o.result === 'violation') expect(o.violation.trace.map((s) => s.state.node)).toEqual([2]);
    expect(() => check({ ...graphModel(g), constraint: () => false }, { consts: {} })).toThrow(/^model Graph has no initial state that satisfies its state constraint$/);
  });

  it('a state whose successors are all excluded is not a deadlock (it has successors)', () => {
    const g: Graph = { nodes: 2, initial: [0], edges: [[1], []] };
    expect(check({ ...graphModel(g), constraint: (s: NodeState) => s.node === 0 }, { consts: {} })).toMatchObject({ result: 'ok', bound: null, constrained: true });
  });

  it('is reported by name when it throws, at the depth of the state it ran on', () => {
    const g: Graph = { nodes: 2, initial: [0], edges: [[1], []] };
    const model = { ...graphModel(g), constraint: (s: NodeState) => { if (s.node === 1) throw new Error('boom'); return true; } };
    expect(() => check(model, { consts: {}, checkDeadlock: false })).toThrow(/^the state constraint, on a state at depth 2: boom$/);
  });
});
