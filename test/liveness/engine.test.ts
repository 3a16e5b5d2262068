import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../checker/check.ts';
import { validateLasso } from '../../checker/liveness/validate-lasso.ts';
import { kinds, labelledGraphArb, labelledModel, referenceViolated, type LabelledGraph } from './labelled-graph.ts';

const verdicts = (g: LabelledGraph) => {
  const model = labelledModel(g);
  const o = check(model, { consts: {}, checkDeadlock: false });
  return { model, o };
};

describe('liveness on random labelled graphs against a brute-force reference', () => {
  it('gives the reference verdict for every property kind under random weak/strong, per-action/per-instance fairness', () => {
    fc.assert(fc.property(labelledGraphArb, (g) => {
      const { model, o } = verdicts(g);
      expect(o.temporal).toBeDefined();
      for (const kind of kinds) {
        const r = o.temporal!.results.find((x) => x.name === kind)!;
        expect(r.verdict, kind).toBe(referenceViolated(g, kind) ? 'violated' : 'holds');
        if (r.violation) {
          // The checker validated it already; validate again, independently of how it was found.
          const again = validateLasso(model, {}, r.violation.trace, r.violation.loop, model.properties!.find((p) => p.name === kind)!);
          expect(again.ok).toBe(true);
        }
      }
    }), { numRuns: 1500 });
  });
});

describe('liveness on hand-made graphs', () => {
  const base = { nodes: 2, initial: [0], p: [false, true], q: [false, true] };
  it('a state with no successor stutters forever: <>P fails with a one-state cycle', () => {
    const g: LabelledGraph = { ...base, edges: [], fairness: [{ kind: 'weak' }] };
    const { o } = verdicts(g);
    const r = o.temporal!.results.find((x) => x.name === 'eventually')!;
    expect(r.verdict).toBe('violated');
    expect(r.violation!.trace.length).toBe(1);
    expect(r.violation!.loop).toBe(0);
  });

  it('weak fairness forbids stuttering where its action is enabled', () => {
    const unfair: LabelledGraph = { ...base, edges: [[0, 1, 0]], fairness: [undefined] };
    const fair: LabelledGraph = { ...unfair, fairness: [{ kind: 'weak' }] };
    expect(verdicts(unfair).o.temporal!.results[0]!.verdict).toBe('violated');
    expect(verdicts(fair).o.temporal!.results[0]!.verdict).toBe('holds');
  });

  it('a self-loop is a stutter: it neither takes nor enables its action', () => {
    const g: LabelledGraph = { ...base, edges: [[0, 0, 0]], fairness: [{ kind: 'weak' }] };
    expect(verdicts(g).o.temporal!.results[0]!.verdict).toBe('violated');
  });

  it('strong fairness, not weak, forces an action enabled only intermittently', () => {
    // 0 <-> 2 flip forever (fair action A0); A1 leaves for the goal 1, but only from 0.
    const g = (kind: 'weak' | 'strong'): LabelledGraph => ({
      nodes: 3, initial: [0], p: [false, true, false], q: [false, true, false],
      edges: [[0, 2, 0], [2, 0, 0], [0, 1, 1]],
      fairness: [{ kind: 'weak' }, { kind }],
    });
    expect(verdicts(g('weak')).o.temporal!.results[0]!.verdict).toBe('violated');
    expect(verdicts(g('strong')).o.temporal!.results[0]!.verdict).toBe('holds');
    const lasso = verdicts(g('weak')).o.temporal!.results[0]!.violation!;
    expect(lasso.trace.map((s) => (s.state as { node: number }).node)).toEqual([0, 2]);
    expect(lasso.loop).toBe(0);
  });

  it('strong fairness removes only the states that enable the failing action (Emerson-Lei), keeping the fair stutter before them', () => {
    // 0 <-> 1 by the unfair A1; from 1 the strongly fair A0 leaves for the goal 2, so no cycle
    // through 1 is fair, but stuttering in 0 (where A0 is disabled) is. A0 is state 1's first edge.
    const g: LabelledGraph = {
      nodes: 3, initial: [0], p: [false, false, true], q: [false, false, true],
      edges: [[0, 1, 1], [1, 0, 1], [1, 2, 0]],
      fairness: [{ kind: 'strong' }, undefined],
    };
    expect(referenceViolated(g, 'eventually')).toBe(true);
    const r = verdicts(g).o.temporal!.results.find((x) => x.name === 'eventually')!;
    expect(r.verdict).toBe('violated');
    expect(r.violation!.trace.map((s) => (s.state as { node: number }).node)).toEqual([0]);
    // The same with a weakly fair A2 cycling 0 <-> 3: the states kept (0 and 3) have fair edges
    // of their own, and form the fair cycle.
    const kept: LabelledGraph = { ...g, nodes: 4, p: [false, false, true, false], q: [false, false, true, false], edges: [...g.edges, [0, 3, 2], [3, 0, 2]], fairness: [...g.fairness, { kind: 'weak' }] };
    expect(referenceViolated(kept, 'eventually')).toBe(true);
    const k = verdicts(kept).o.temporal!.results.find((x) => x.name === 'eventually')!;
    expect(k.verdict).toBe('violated');
    expect([k.violation!.trace.map((s) => (s.state as { node: number }).node), k.violation!.loop]).toEqual([[0, 3], 0]);
  });

  it('a state constraint or --max-depth leaves the graph partial: every temporal property is unknown', () => {
    const g: LabelledGraph = { ...base, nodes: 3, p: [true, true, true], q: [true, true, true], edges: [[0, 1, 0], [1, 2, 0]], fairness: [{ kind: 'weak' }] };
    const constrained = check({ ...labelledModel(g), constraint: (s: { node: number }) => s.node !== 2 }, { consts: {}, checkDeadlock: false });
    expect(constrained.temporal!.results.map((r) => r.verdict)).toEqual(kinds.map(() => 'unknown'));
    expect(constrained.temporal!.results[0]!.detail).toMatch(/state constraint/);
    const deep = check(labelledModel(g), { consts: {}, checkDeadlock: false, maxDepth: 5 });
    expect(deep.bound).toBeNull(); // nothing lies beyond depth 5, yet the last level's edges were not recorded
    expect(deep.temporal!.results.map((r) => r.verdict)).toEqual(kinds.map(() => 'unknown'));
  });

  it('a search cut by --max-states reports every temporal property as unknown, never holds', () => {
    const g: LabelledGraph = { ...base, nodes: 3, p: [true, true, true], q: [true, true, true], edges: [[0, 1, 0], [1, 2, 0]], fairness: [{ kind: 'weak' }] };
    const o = check(labelledModel(g), { consts: {}, checkDeadlock: false, maxStates: 2 });
    expect(o.temporal!.results.map((r) => r.verdict)).toEqual(kinds.map(() => 'unknown'));
    expect(o.temporal!.results[0]!.detail).toMatch(/search cut/);
  });
});
