// Re-validation of a behaviour against its model (every counterexample before it is printed, and
// `replay`), on hand-written traces of a small counter: each way a trace can fail to be a
// behaviour, or fail to show its claim, gives its own step and message.
import { describe, expect, it } from 'vitest';
import { validateTrace } from '../../checker/validate-trace.ts';
import type { AnyModel } from '../../checker/model.ts';
import type { TraceStep } from '../../checker/trace.ts';

// Its variables are not in alphabetical order, so that a list of differing ones shows its sorting.
type Counter = { readonly n: number; readonly label: string };
const counter: AnyModel = {
  name: 'Counter', description: 'adds 1 or 2 below 4; from 10 back to 0', params: [],
  init: () => [{ n: 0, label: 'a' }, { n: 10, label: 'b' }],
  actions: [
    { name: 'Add', description: 'adds k', params: ['k'], successors: (s: Counter) => (s.n >= 4 ? [] : [1, 2].map((k) => ({ params: { k }, state: { ...s, n: s.n + k } }))) },
    { name: 'Reset', description: 'from 10 to 0', successors: (s: Counter) => (s.n === 10 ? [{ state: { n: 0, label: 'a' } }] : []) },
  ],
  invariants: [{ name: 'Small', description: 'n below 3', check: (s: Counter) => (s.n < 3 ? undefined : `n is ${s.n}`) }],
};
const add = (k: number, n: number, label = 'a'): TraceStep => ({ action: { name: 'Add', params: { k } }, state: { n, label } });
const start: TraceStep = { state: { n: 0, label: 'a' } };

describe('a trace that is not a behaviour of the model', () => {
  it('an empty one', () => {
    expect(validateTrace(counter, {}, [])).toEqual({ ok: false, step: 0, message: 'the trace has no states' });
  });

  it('a first state that is no initial state, with the variables that differ from the closest one', () => {
    expect(validateTrace(counter, {}, [{ state: { n: 10, label: 'z' } }])).toEqual({ ok: false, step: 0, message: 'state 1 is not an initial state of the model', differingVars: ['label'] });
    expect(validateTrace(counter, {}, [{ state: { n: 5, label: 'a' } }])).toMatchObject({ step: 0, differingVars: ['n'] }); // not ['label', 'n']: fewest first
    expect(validateTrace(counter, {}, [{ state: { n: 0, label: 'a', extra: 1 } }])).toEqual({ ok: false, step: 0, message: 'state 1 is not an initial state of the model', differingVars: ['extra'] });
  });

  it('a step without its action, or naming an action the model does not have', () => {
    expect(validateTrace(counter, {}, [start, { state: { n: 1, label: 'a' } }])).toEqual({ ok: false, step: 1, message: 'state 2 does not name the action that produced it' });
    expect(validateTrace(counter, {}, [start, { action: { name: 'Jump', params: {} }, state: { n: 1, label: 'a' } }])).toEqual({ ok: false, step: 1, message: 'state 2: the model has no action Jump' });
  });

  it('an action not enabled with those parameters', () => {
    expect(validateTrace(counter, {}, [start, add(3, 3)])).toEqual({ ok: false, step: 1, message: 'state 2: Add(k=3) is not enabled in state 1' });
  });

  it('a state its action does not produce, with the variables that differ (sorted)', () => {
    expect(validateTrace(counter, {}, [start, add(1, 1), add(1, 5, 'q')])).toEqual({ ok: false, step: 2, message: 'state 3: Add(k=1) from state 2 does not produce this state (differs in label, n)', differingVars: ['label', 'n'] });
    expect(validateTrace(counter, {}, [start, { action: { name: 'Add', params: { k: 1 } }, state: { n: 1, label: 'a', extra: 1 } }])).toMatchObject({ ok: false, step: 1, differingVars: ['extra'] });
  });
});

describe('a behaviour and its claim', () => {
  const toFour = [start, add(2, 2), add(2, 4)];

  it('holds without a claim', () => {
    expect(validateTrace(counter, {}, toFour)).toEqual({ ok: true });
  });

  it('a deadlock claim: true where no action is enabled, else the enabled action is named', () => {
    expect(validateTrace(counter, {}, toFour, { kind: 'deadlock', name: 'Deadlock', reason: '' })).toEqual({ ok: true, reason: 'no action is enabled' });
    expect(validateTrace(counter, {}, toFour.slice(0, 2), { kind: 'deadlock', name: 'Deadlock', reason: '' })).toEqual({ ok: false, step: 2, message: 'the last state is not a deadlock: Add is enabled' });
    expect(validateTrace(counter, {}, [{ state: { n: 10, label: 'b' } }], { kind: 'deadlock', name: 'Deadlock', reason: '' })).toEqual({ ok: false, step: 1, message: 'the last state is not a deadlock: Reset is enabled' });
  });

  it('an invariant claim: true with the invariant\'s reason where it fails, else why not', () => {
    expect(validateTrace(counter, {}, toFour, { kind: 'invariant', name: 'Small', reason: '' })).toEqual({ ok: true, reason: 'n is 4' });
    expect(validateTrace(counter, {}, toFour.slice(0, 2), { kind: 'invariant', name: 'Small', reason: '' })).toEqual({ ok: false, step: 2, message: 'invariant Small holds in the last state, so the trace shows no violation' });
    expect(validateTrace(counter, {}, toFour, { kind: 'invariant', name: 'Big', reason: '' })).toEqual({ ok: false, step: 3, message: 'the model has no invariant Big' });
  });
});
