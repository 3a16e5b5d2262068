// Model validation on load: every shipped model passes (a check that refused good models would be
// worse than none), and each kind of mistake is named. The CLI table (test/cli/malformed-input)
// covers the messages end to end; here, the cases a module cannot easily express.
import { describe, expect, it } from 'vitest';
import { modelProblem } from '../../checker/is-model.ts';
import type { AnyModel } from '../../checker/model.ts';
import dieHard from '../../examples/die-hard.ts';
import tcommit from '../../examples/tcommit.ts';
import twoPhase from '../../examples/two-phase.ts';
import twoPhasePlain from '../../examples/two-phase-plain.ts';
import protocol from '../../model/index.ts';

const base: AnyModel = {
  name: 'M',
  description: 'a counter',
  params: [{ name: 'k', type: 'int', default: 1, min: 0, max: 3, description: 'a bound' }],
  init: () => [{ n: 0 }],
  actions: [{ name: 'Inc', description: 'counts', *successors(s: { n: number }) { if (s.n < 2) yield { state: { n: s.n + 1 } }; } }],
  invariants: [{ name: 'Small', description: 'small', check: () => undefined }],
};
const withParam = (p: Record<string, unknown>) => ({ ...base, params: [{ name: 'k', type: 'int', default: 1, description: 'd', ...p }] });
const predicate = () => true;

describe('modelProblem', () => {
  it('accepts every shipped model', () => {
    for (const m of [dieHard, tcommit, twoPhase, twoPhasePlain, protocol, base]) expect(modelProblem(m), m.name).toBeUndefined();
  });

  it('accepts well-formed temporal properties and fairness', () => {
    const m = {
      ...base,
      actions: [{ ...base.actions[0]!, fairness: { kind: 'weak' } }],
      properties: [
        { name: 'Ends', description: 'd', kind: 'eventually', p: predicate },
        { name: 'Answers', description: 'd', kind: 'leadsTo', p: predicate, q: predicate, forAll: () => [1, 2] },
      ],
    };
    expect(modelProblem(m)).toBeUndefined();
  });

  it('names the mistake in a parameter', () => {
    expect(modelProblem(withParam({ default: 1.5 }))).toBe('model M: parameter "k": its default 1.5 is not of its type int');
    expect(modelProblem(withParam({ default: 4, max: 3 }))).toBe('model M: parameter "k": its default 4 is above its max 3');
    expect(modelProblem(withParam({ min: 0.5 }))).toBe('model M: parameter "k": its min 0.5 is not an integer');
    expect(modelProblem(withParam({ type: 'string', default: 'a', min: 1 }))).toBe('model M: parameter "k": min and max apply to int parameters only');
    expect(modelProblem(withParam({ allowed: [] }))).toBe('model M: parameter "k": allowed must be a non-empty list');
    expect(modelProblem(withParam({ allowed: [1, 'two'] }))).toBe('model M: parameter "k": its allowed value "two" is not of its type int');
    expect(modelProblem(withParam({ name: 'a=b' }))).toMatch(/parameter "a=b": a parameter name must be non-empty, without "="/);
    expect(modelProblem(withParam({ name: 'a\nb' }))).toMatch(/a parameter name must be/);
  });

  it('refuses an invariant and a temporal property of the same name (one namespace of reported properties)', () => {
    const m = { ...base, properties: [{ name: 'Small', description: 'd', kind: 'eventually', p: predicate }] };
    expect(modelProblem(m)).toBe('model M: two invariants or properties are named "Small"');
  });

  it('names a malformed temporal property or fairness', () => {
    expect(modelProblem({ ...base, properties: [{ name: 'P', kind: 'sometimes', p: predicate }] })).toMatch(/property "P": kind must be one of eventually, leadsTo/);
    expect(modelProblem({ ...base, properties: [{ name: 'P', kind: 'leadsTo', p: predicate }] })).toBe('model M: property "P": its predicates p and q must be functions');
    expect(modelProblem({ ...base, properties: [{ name: 'P', kind: 'eventually', holds: predicate }] })).toBe('model M: property "P": its predicate p must be a function');
    expect(modelProblem({ ...base, properties: [null] })).toBe('model M: every property needs a name');
    expect(modelProblem({ ...base, properties: 'P' })).toBe('not a model module: properties must be a list');
    expect(modelProblem({ ...base, actions: [{ ...base.actions[0]!, fairness: { kind: 'fair' } }] })).toMatch(/action "Inc": fairness must be/);
  });

  it('keeps the shape messages', () => {
    expect(modelProblem(undefined)).toMatch(/^not a model module: it has no default export/);
    expect(modelProblem({ ...base, actions: [] })).toBe('not a model module: the model has no actions');
    expect(modelProblem({ ...base, invariants: [null] })).toBe('not a model module: every invariant needs a name and a check function');
  });
});
