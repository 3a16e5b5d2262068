// Lasso validation asked directly about lassos the checker never produces: each refusal with its
// message, and each property kind's reason, on a three-state graph written out by hand.
import { describe, expect, it } from 'vitest';
import { validateLasso } from '../../../checker/liveness/validate-lasso.ts';
import type { AnyModel } from '../../../checker/model.ts';
import type { TraceStep } from '../../../checker/trace.ts';
import { labelledModel, type Kind, type LabelledGraph } from '../../liveness/labelled-graph.ts';

// 0 <-> 1 by the weakly fair A0; 1 -> 2 by A1 (fairness varies). P holds in 1 only, Q in 2 only.
const graph = (a1: LabelledGraph['fairness'][number]): LabelledGraph => ({
  nodes: 3, initial: [0], p: [false, true, false], q: [false, false, true],
  edges: [[0, 1, 0], [1, 0, 0], [1, 2, 1]],
  fairness: [{ kind: 'weak' }, a1],
});
/** The trace through `nodes`, each step by the action whose edge leads there. */
const trace = (nodes: number[]): TraceStep[] => nodes.map((node, i) => (i === 0 ? { state: { node } } : { action: { name: node === 2 ? 'A1' : 'A0', params: { to: node } }, state: { node } }));
const validate = (g: LabelledGraph, nodes: number[], loop: number | undefined, kind: Kind) => {
  const model = labelledModel(g) as AnyModel;
  return validateLasso(model, {}, trace(nodes), loop, model.properties!.find((p) => p.name === kind)!);
};
const unfair = graph(undefined);

describe('validateLasso refuses', () => {
  it('a trace that is not a behaviour of the model', () => {
    // Refused as a trace (state 2 is no successor of 0), before any question about its cycle.
    expect(validate(unfair, [0, 2], 0, 'eventually')).toMatchObject({ ok: false, step: 1 });
    expect(validate(unfair, [0, 2], 0, 'eventually')).not.toMatchObject({ message: expect.stringMatching(/cycle/) });
  });

  it('a lasso without a loop index, or with one outside the trace', () => {
    expect(validate(unfair, [0, 1], undefined, 'eventually')).toEqual({ ok: false, step: 2, message: 'a violation of the temporal property eventually is a lasso, but the trace has no loop index' });
    for (const loop of [2, -1, 0.5]) expect(validate(unfair, [0, 1], loop, 'eventually')).toEqual({ ok: false, step: 2, message: `loop index ${loop} is not a state of the trace` });
  });

  it('a cycle that does not close', () => {
    expect(validate(unfair, [0, 1, 2], 0, 'eventually')).toEqual({ ok: false, step: 3, message: 'the cycle does not close: no action leads from state 3 back to state 1' });
  });

  it('a cycle where a weak unit is always enabled, or a strong one sometimes, and never taken', () => {
    // Stuttering in 1: A0 (weak) is enabled there.
    expect(validate(unfair, [0, 1], 1, 'infinitelyOften')).toEqual({ ok: false, step: 2, message: 'the cycle (state 2 (stuttering)) is not fair: WF(A0) is enabled in every state of it but never taken' });
    // 0 -> 1 -> 0: A0 taken; A1, strong, enabled in 1 and never taken.
    expect(validate(graph({ kind: 'strong' }), [0, 1], 0, 'eventuallyAlways')).toEqual({ ok: false, step: 2, message: 'the cycle (states 1..2) is not fair: SF(A1) is enabled in a state of it but never taken' });
    // Weakly fair A1 is enabled in 1 only: the cycle is fair.
    expect(validate(graph({ kind: 'weak' }), [0, 1], 0, 'eventuallyAlways')).toEqual({ ok: true, reason: 'the condition is false in state 1, which the cycle revisits forever (states 1..2 repeat forever)' });
  });

  it('a fair lasso on which the property holds', () => {
    expect(validate(unfair, [0, 1], 0, 'infinitelyOften')).toEqual({ ok: false, step: 2, message: 'infinitelyOften holds on this behaviour (prefix and states 1..2 forever)' });
    expect(validate(unfair, [0, 1], 0, 'eventually')).toEqual({ ok: false, step: 2, message: 'eventually holds on this behaviour (prefix and states 1..2 forever)' });
  });
});

describe('validateLasso explains each kind', () => {
  it('<>P, []<>P and P ~> Q, with the state the trigger is in', () => {
    const never: LabelledGraph = { ...unfair, p: [false, false, false] };
    expect(validate(never, [0, 1], 0, 'eventually')).toEqual({ ok: true, reason: 'the awaited condition never holds (states 1..2 repeat forever)' });
    expect(validate(unfair, [0, 1, 0], 2, 'infinitelyOften')).toEqual({ ok: false, step: 3, message: 'the cycle (state 3 (stuttering)) is not fair: WF(A0) is enabled in every state of it but never taken' });
    // Q never holds: P in state 2 of the trace triggers, and the cycle 1..2 never reaches Q.
    expect(validate(unfair, [0, 1], 0, 'leadsTo')).toEqual({ ok: true, reason: 'from state 2 on, the awaited state never comes (states 1..2 repeat forever)' });
    // P ~> Q where Q holds on the cycle's last state (2, reached by A1): it holds.
    const toGoal: LabelledGraph = { ...unfair, edges: [...unfair.edges, [2, 0, 0]] };
    // Ending in the dead end 2, which stutters fairly (nothing is enabled there).
    const dead: LabelledGraph = { ...unfair, p: [false, false, false], q: [false, false, false] };
    expect(validate(dead, [0, 1, 2], 2, 'eventually')).toEqual({ ok: true, reason: 'the awaited condition never holds (state 3 stutters forever)' });
    expect(validate(dead, [0, 1, 2], 2, 'leadsTo')).toEqual({ ok: false, step: 3, message: 'leadsTo holds on this behaviour (prefix and state 3 (stuttering) forever)' });
    expect(validate({ ...dead, p: [false, false, true] }, [0, 1, 2], 2, 'eventuallyAlways')).toEqual({ ok: false, step: 3, message: 'eventuallyAlways holds on this behaviour (prefix and state 3 (stuttering) forever)' });
    expect(validate(toGoal, [0, 1, 2], 0, 'leadsTo')).toMatchObject({ ok: false, message: 'leadsTo holds on this behaviour (prefix and states 1..3 forever)' });
  });
});
