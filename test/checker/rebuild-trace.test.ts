// A search keeps fingerprints, not states: its traces are rebuilt by re-running the model along
// the recorded chain. The chains here are written by hand (fingerprints of states spelled out),
// and so are the labels the rebuilt steps must carry.
import { describe, expect, it } from 'vitest';
import { atDepth, rebuildPath } from '../../checker/rebuild-trace.ts';
import { fingerprint } from '../../checker/fingerprint.ts';
import { formatAction } from '../../checker/trace.ts';
import type { AnyModel } from '../../checker/model.ts';

type Counter = { readonly n: number };
const counter: AnyModel = {
  name: 'Counter', description: 'adds 1 or 2 up to 4', params: [],
  init: () => [{ n: 0 }, { n: 10 }],
  actions: [
    { name: 'Add', description: 'adds k', params: ['k'], successors: (s: Counter) => (s.n >= 4 ? [] : [1, 2].map((k) => ({ params: { k }, state: { n: s.n + k } }))) },
    { name: 'Reset', description: 'back to 0', successors: (s: Counter) => (s.n === 0 ? [] : [{ state: { n: 0 } }]) },
  ],
  invariants: [],
};
const fp = (n: number) => fingerprint({ n });

describe('rebuilding a path from its fingerprints', () => {
  it('re-runs the model along the chain, each step labelled with the action and parameters that reach it', () => {
    const steps = rebuildPath(counter, {}, [fp(10), fp(0), fp(2), fp(3)], undefined, atDepth);
    expect(steps.map((s) => s.state)).toEqual([{ n: 10 }, { n: 0 }, { n: 2 }, { n: 3 }]);
    expect(steps.map((s) => (s.action ? formatAction(s.action) : '-'))).toEqual(['-', 'Reset', 'Add(k=2)', 'Add(k=1)']);
  });

  it('says which state cannot be regenerated, and when no initial state matches', () => {
    expect(() => rebuildPath(counter, {}, [fp(0), fp(1), fp(4)], undefined, atDepth)).toThrow('state 3 of the counterexample cannot be regenerated: is the model deterministic?');
    expect(() => rebuildPath(counter, {}, [fp(1)], undefined, atDepth)).toThrow('no initial state matches the recorded one');
  });
});

describe('an action label', () => {
  it('is the name alone without parameters, else name(k=v, ...) with structured values as JSON', () => {
    expect(formatAction({ name: 'Tick', params: {} })).toBe('Tick');
    expect(formatAction({ name: 'Send', params: { to: 'r1', n: 3, ok: true } })).toBe('Send(to=r1, n=3, ok=true)');
    expect(formatAction({ name: 'Put', params: { keys: ['a', 'b'], at: { x: 1 } } })).toBe('Put(keys=["a","b"], at={"x":1})');
  });
});
