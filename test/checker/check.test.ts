import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../checker/check.ts';
import { validateTrace } from '../../checker/validate-trace.ts';
import { graphModel, referenceDistances, type Graph } from './graph-model.ts';

const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 30 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    initial: fc.array(fc.nat(nodes - 1), { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(fc.nat(nodes - 1), { maxLength: 4 }), { minLength: nodes, maxLength: nodes }),
  }),
);

describe('check on random graphs', () => {
  it('finds exactly the reachable set, at the depth of the longest shortest path, counting like TLC', () => {
    fc.assert(fc.property(graphArb, (g) => {
      const dist = referenceDistances(g);
      const o = check(graphModel(g), { consts: {}, checkDeadlock: false });
      expect(o.result).toBe('ok');
      expect(o.bound).toBeNull();
      expect(o.stats.distinctStates).toBe(dist.size);
      expect(o.stats.depth).toBe(Math.max(...dist.values()) + 1);
      const successorsComputed = [...dist.keys()].reduce((n, node) => n + (g.edges[node]?.length ?? 0), 0);
      expect(o.stats.generatedStates).toBe(g.initial.length + successorsComputed);
      // The widest level is the most states held at once; the seen-set and log cost at least
      // 8 and 12 bytes a state.
      const levelSizes = [...dist.values()].reduce((m, d) => m.set(d, (m.get(d) ?? 0) + 1), new Map<number, number>());
      expect(o.stats.peakQueue).toBe(Math.max(...levelSizes.values()));
      expect(o.stats.indexBytesPerState).toBeGreaterThanOrEqual(20);
    }), { numRuns: 300 });
  });

  it('reports a shortest path to every reachable target, and a real one', () => {
    fc.assert(fc.property(graphArb, fc.nat(29), (g, t) => {
      const target = t % g.nodes;
      const dist = referenceDistances(g);
      const model = graphModel(g, target);
      const o = check(model, { consts: {}, checkDeadlock: false });
      if (!dist.has(target)) {
        expect(o.result).toBe('ok');
        return;
      }
      expect(o.result).toBe('violation');
      if (o.result !== 'violation') return;
      expect(o.violation.trace).toHaveLength(dist.get(target)! + 1);
      expect(o.violation.trace.at(-1)!.state.node).toBe(target);
      expect(validateTrace(model, {}, o.violation.trace, o.violation)).toMatchObject({ ok: true });
    }), { numRuns: 300 });
  });

  it('reports the first deadlock reached, with a shortest trace', () => {
    fc.assert(fc.property(graphArb, (g) => {
      const dist = referenceDistances(g);
      const dead = [...dist.keys()].filter((n) => (g.edges[n]?.length ?? 0) === 0);
      const o = check(graphModel(g), { consts: {} });
      if (dead.length === 0) {
        expect(o.result).toBe('ok');
        return;
      }
      expect(o).toMatchObject({ result: 'violation', violation: { kind: 'deadlock', name: 'Deadlock' } });
      if (o.result !== 'violation') return;
      const last = o.violation.trace.at(-1)!.state.node;
      expect(dead).toContain(last);
      expect(o.violation.trace).toHaveLength(Math.min(...dead.map((n) => dist.get(n)!)) + 1);
    }), { numRuns: 200 });
  });
});

describe('bounds', () => {
  // A chain 0 -> 1 -> ... -> 9.
  const chain: Graph = { nodes: 10, initial: [0], edges: Array.from({ length: 10 }, (_, i) => (i < 9 ? [i + 1] : [])) };

  it('a max depth that hides states is reported as the bound, never as a plain pass', () => {
    const o = check(graphModel(chain), { consts: {}, checkDeadlock: false, maxDepth: 4 });
    expect(o).toMatchObject({ result: 'ok', bound: 'max-depth', stats: { distinctStates: 4, depth: 4 } });
  });

  it('a max depth at or past the real depth cuts nothing', () => {
    expect(check(graphModel(chain), { consts: {}, checkDeadlock: false, maxDepth: 10 })).toMatchObject({ result: 'ok', bound: null, stats: { distinctStates: 10 } });
    expect(check(graphModel(chain), { consts: {}, checkDeadlock: false, maxDepth: 50 })).toMatchObject({ result: 'ok', bound: null });
  });

  it('max states stops the search and says so', () => {
    const o = check(graphModel(chain), { consts: {}, checkDeadlock: false, maxStates: 3 });
    expect(o).toMatchObject({ result: 'ok', bound: 'max-states', stats: { distinctStates: 3 } });
    expect(check(graphModel(chain), { consts: {}, checkDeadlock: false, maxStates: 10 })).toMatchObject({ bound: null });
  });

  it('a state constraint that excludes states gives a complete search of the states it allows, as in TLC', () => {
    const model = { ...graphModel(chain), constraint: (s: { node: number }) => s.node < 5 };
    const o = check(model, { consts: {}, checkDeadlock: false });
    // Nodes 0..4 are distinct; node 5 is generated (once) and excluded.
    expect(o).toMatchObject({ result: 'ok', bound: null, constrained: true, stats: { distinctStates: 5, generatedStates: 6, depth: 5 } });
  });

  it('rejects bounds that are not positive integers', () => {
    expect(() => check(graphModel(chain), { consts: {}, maxDepth: 0 })).toThrow(/positive integer/);
    expect(() => check(graphModel(chain), { consts: {}, maxStates: -3 })).toThrow(/positive integer/);
  });
});

describe('continueAfterViolation', () => {
  it('keeps exploring and reports the first violation of each property with its own shortest trace', () => {
    const g: Graph = { nodes: 6, initial: [0], edges: [[1, 2], [3], [4], [5], [], [0]] };
    const base = graphModel(g, 3);
    const model = { ...base, invariants: [...base.invariants, { name: 'AvoidFour', description: 'node 4 is never reached', check: (s: { node: number }) => (s.node === 4 ? 'reached node 4' : undefined) }] };
    const o = check(model, { consts: {}, continueAfterViolation: true });
    expect(o.result).toBe('violation');
    if (o.result !== 'violation') return;
    expect(o.stats.distinctStates).toBe(6);
    expect(o.violations.map((v) => [v.name, v.trace.length])).toEqual([['Avoid', 3], ['AvoidFour', 3], ['Deadlock', 3]]);
    expect(o.violation.name).toBe('Avoid');
  });
});

describe('max depth against a reference search', () => {
  // What a search to depth d must see, from the reference BFS alone: the nodes at distance < d,
  // each checked against the invariant (those at distance d - 1 form the last level, checked too).
  it('checks every state up to the limit, the last level included, and says whether it hid any', () => {
    fc.assert(fc.property(graphArb, fc.integer({ min: 1, max: 8 }), fc.nat(29), (g, maxDepth, t) => {
      const target = t % g.nodes;
      const dist = referenceDistances(g);
      const within = [...dist.values()].filter((d) => d < maxDepth);
      const hidden = [...dist.values()].some((d) => d >= maxDepth);
      const o = check(graphModel(g, target), { consts: {}, checkDeadlock: false, maxDepth });
      const reached = dist.has(target) && dist.get(target)! < maxDepth;
      if (reached) {
        expect(o.result).toBe('violation');
        if (o.result === 'violation') expect(o.violation.trace).toHaveLength(dist.get(target)! + 1);
        return;
      }
      expect(o.result).toBe('ok');
      expect(o.bound).toBe(hidden ? 'max-depth' : null);
      expect(o.stats.distinctStates).toBe(within.length);
      expect(o.stats.depth).toBe(Math.max(...within) + 1);
    }), { numRuns: 400 });
  });

  it('a violation exactly at the limit is found (the chain, invariant broken at depth 4, limit 4)', () => {
    const chain: Graph = { nodes: 10, initial: [0], edges: Array.from({ length: 10 }, (_, i) => (i < 9 ? [i + 1] : [])) };
    const o = check(graphModel(chain, 3), { consts: {}, checkDeadlock: false, maxDepth: 4 });
    expect(o).toMatchObject({ result: 'violation', bound: null, violation: { name: 'Avoid' }, stats: { depth: 4 } });
    expect(check(graphModel(chain, 4), { consts: {}, checkDeadlock: false, maxDepth: 4 })).toMatchObject({ result: 'ok', bound: 'max-depth' });
  });
});

describe('max depth and deadlocks', () => {
  it('a deadlock at the last explored level is still found when the bound hides other states', () => {
    // 0 -> 1 -> 2 -> 3 (and on), 0 -> 4 -> 5 where 5 is a dead end, both at depth 3.
    const g: Graph = { nodes: 6, initial: [0], edges: [[1, 4], [2], [3], [0], [5], []] };
    const o = check(graphModel(g), { consts: {}, maxDepth: 3 });
    expect(o).toMatchObject({ result: 'violation', violation: { kind: 'deadlock' } });
    if (o.result === 'violation') expect(o.violation.trace.map((s) => s.state.node)).toEqual([0, 4, 5]);
  });
});

describe('model code that throws', () => {
  it('is reported with the action or invariant that threw, as a model error', () => {
    const g: Graph = { nodes: 3, initial: [0], edges: [[1], [2], []] };
    const base = graphModel(g);
    const badAction = { ...base, actions: [...base.actions, { name: 'Explode', description: 'throws on node 2', successors: (s: { node: number }) => { if (s.node === 2) throw new TypeError('cannot read x of undefined'); return []; } }] };
    expect(() => check(badAction, { consts: {}, checkDeadlock: false })).toThrow(/^action Explode, on a state at depth 3: cannot read x of undefined$/);
    const badInvariant = { ...base, invariants: [{ name: 'Fragile', description: 'throws on node 1', check: (s: { node: number }) => { if (s.node === 1) throw new Error('boom'); return undefined; } }] };
    expect(() => check(badInvariant, { consts: {}, checkDeadlock: false })).toThrow(/^invariant Fragile, on a state at depth 2: boom$/);
  });
});

describe('model contract violations are caught, not silently checked', () => {
  type Acc = { readonly xs: readonly number[] };
  const accumulating = (mutate: boolean) => ({
    name: 'Acc', description: 'appends to a list', params: [], checkDeadlock: false,
    init: () => [{ xs: [] as number[] }],
    actions: [{
      name: 'Append', description: 'append a 1',
      successors: (s: Acc) => {
        if (s.xs.length >= 3) return [];
        if (mutate) { (s.xs as number[]).push(1); return [{ state: { xs: s.xs } }]; }
        return [{ state: { xs: [...s.xs, 1] } }];
      },
    }],
    invariants: [{ name: 'Short', description: 'fewer than 3 items', check: (s: Acc) => (s.xs.length < 3 ? undefined : `${s.xs.length} items`) }],
  });

  it('an action that modifies the state it is given fails, naming the action', () => {
    expect(() => check(accumulating(true), { consts: {} })).toThrow(/^action Append, on a state at depth 1: it modified the state it was given \(variable xs\)/);
    expect(check(accumulating(false), { consts: {} })).toMatchObject({ result: 'violation', violation: { name: 'Short' } });
  });

  it('an invariant that returns a boolean is refused, not read as a reason', () => {
    const g: Graph = { nodes: 2, initial: [0], edges: [[1], []] };
    const model = { ...graphModel(g), invariants: [{ name: 'Small', description: 'node < 5', check: (s: { node: number }) => (s.node < 5) as unknown as string }] };
    expect(() => check(model, { consts: {}, checkDeadlock: false })).toThrow(/^invariant Small, on a state at depth 1: it returned true: a check returns undefined/);
  });

  it('an action that yields something other than a successor is named', () => {
    const g: Graph = { nodes: 1, initial: [0], edges: [[]] };
    const model = { ...graphModel(g), actions: [{ name: 'Seven', description: 'yields 7', successors: () => [7 as unknown as { state: { node: number } }] }] };
    expect(() => check(model, { consts: {}, checkDeadlock: false })).toThrow(/^action Seven, on a state at depth 1: the state is undefined, not a plain object of variables$/);
  });

  it('a violation in an initial state is at depth 1', () => {
    const g: Graph = { nodes: 1, initial: [0], edges: [[]] };
    expect(check(graphModel(g, 0), { consts: {}, checkDeadlock: false })).toMatchObject({ result: 'violation', stats: { depth: 1 } });
  });
});

describe('progress', () => {
  it('reports distinct and generated states, queue and depth while the search runs', async () => {
    const { default: twoPhase } = await import('../../examples/two-phase.ts');
    const seen: { distinctStates: number; generatedStates: number; queueSize: number; depth: number }[] = [];
    const o = check(twoPhase, { consts: { rms: 5 }, progressEveryMs: 0, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(3);
    for (const p of seen) {
      expect(p.generatedStates % 4096).toBe(0);
      expect(p.distinctStates).toBeLessThanOrEqual(o.stats.distinctStates);
      expect(p.queueSize).toBeGreaterThan(0);
      expect(p.depth).toBeLessThanOrEqual(o.stats.depth);
    }
    expect(seen.map((p) => p.generatedStates)).toEqual([...seen.map((p) => p.generatedStates)].sort((a, b) => a - b));
  });
});
