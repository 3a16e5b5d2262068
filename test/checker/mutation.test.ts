// Model code that modifies a state is caught by re-fingerprinting the state, not by freezing it,
// and named precisely: which action or invariant, at which depth (or walk step), which variable.
import { describe, expect, it } from 'vitest';
import { List, Map as IMap } from 'immutable';
import { check } from '../../checker/check.ts';
import { simulate } from '../../checker/simulate.ts';
import { search } from '../../checker/parallel/search.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel, State } from '../../checker/model.ts';
import { findMutation } from '../../checker/mutation-guard.ts';
import { ModelError } from '../../checker/errors.ts';
import { evaluateMatrix } from '../../cli/commands/matrix.ts';
import protocol from '../../model/index.ts';

type Acc = { readonly xs: readonly number[]; readonly n: number };

/** Appends 1 to xs up to three times; `act` builds the successors of `s`. */
const accumulating = (act: (s: Acc) => Iterable<{ state: Acc }>, check?: (s: Acc) => string | undefined): AnyModel => ({
  name: 'Acc', description: 'appends to a list', params: [], checkDeadlock: false,
  init: () => [{ xs: [], n: 0 }],
  actions: [{ name: 'Append', description: 'append a 1', successors: (s: Acc) => (s.xs.length >= 3 ? [] : act(s)) }],
  invariants: [{ name: 'Short', description: 'fewer than 3 items', check: check ?? ((s: Acc) => (s.xs.length < 3 ? undefined : `${s.xs.length} items`)) }],
});

const advice = 'states are values: build new ones instead of modifying those given';

describe('a modified state is named, whatever modified it', () => {
  it('an action that modifies a value inside its state (push): check and simulate', () => {
    const model = accumulating((s) => { (s.xs as number[]).push(1); return [{ state: { ...s } }]; });
    expect(() => check(model, { consts: {} })).toThrow(`action Append, on a state at depth 1: it modified the state it was given (variable xs); ${advice}`);
    expect(() => simulate(model, { consts: {}, seed: 1, runs: 5 })).toThrow(`action Append, on the state at step 1: it modified the state it was given (variable xs); ${advice}`);
    // The same model written without the mutation is checked as usual.
    expect(check(accumulating((s) => [{ state: { ...s, xs: [...s.xs, 1] } }]), { consts: {} })).toMatchObject({ result: 'violation', violation: { name: 'Short' } });
  });

  it('check: a value handed on to a successor, modified, when a verdict or the depth limit ends the search there', () => {
    // The successor holds the very array its parent's action pushed into: a violation in that
    // successor ends the search before it is expanded, and --max-depth stops before expanding it.
    const model = accumulating((s) => { (s.xs as number[]).push(1); return [{ state: { ...s, n: s.n + 1 } }]; }, (s) => (s.n < 1 ? undefined : 'n reached 1'));
    expect(() => check(model, { consts: {} })).toThrow(`action Append, on a state at depth 1: it modified the state it was given (variable xs); ${advice}`);
    const unchecked = accumulating((s) => { (s.xs as number[]).push(1); return [{ state: { ...s, n: s.n + 1 } }]; }, () => undefined);
    for (const maxDepth of [1, 2, 3]) {
      expect(() => check(unchecked, { consts: {}, maxDepth })).toThrow(`action Append, on a state at depth 1: it modified the state it was given (variable xs); ${advice}`);
    }
  });

  it('simulate: a value handed on to the state stepped to, modified on the last step of a walk', () => {
    // The walk verifies such a value with the state it was handed to; the last one is verified whole.
    const model = accumulating((s) => { (s.xs as number[]).push(1); return [{ state: { ...s, n: s.n + 1 } }]; });
    for (const maxSteps of [1, 2]) {
      expect(() => simulate(model, { consts: {}, seed: 1, runs: 5, maxSteps })).toThrow(`action Append, on the state at step 1: it modified the state it was given (variable xs); ${advice}`);
    }
  });

  it('an action that modifies a successor it has already yielded (one object reused)', () => {
    function* reusing(s: Acc): Iterable<{ state: Acc }> {
      const next = { xs: [...s.xs, 1], n: s.n };
      yield { state: next };
      (next as { n: number }).n = s.n + 1;
      yield { state: next };
    }
    const model = accumulating(reusing);
    expect(() => check(model, { consts: {} })).toThrow(`action Append, on a state at depth 1: it modified a successor it had already yielded (variable n); ${advice}`);
  });

  it('an invariant that modifies its state, at the depth of that state', () => {
    const model = accumulating((s) => [{ state: { ...s, xs: [...s.xs, 1] } }], (s) => { if (s.xs.length === 2) (s as { n: number }).n = 9; return undefined; });
    expect(() => check(model, { consts: {} })).toThrow(`invariant Short, on a state at depth 3: it modified the state it was given (variable n); ${advice}`);
  });

  it('with a symmetry, and with a state constraint', () => {
    const model = { ...accumulating((s) => { (s as { n: number }).n++; return [{ state: { ...s, xs: [...s.xs, 1] } }]; }), symmetry: (s: State) => [s] };
    expect(() => check(model, { consts: {}, symmetry: true })).toThrow(`action Append, on a state at depth 1: it modified the state it was given (variable n); ${advice}`);
    const constrained = { ...accumulating((s) => [{ state: { ...s, xs: [...s.xs, 1] } }]), constraint: (s: State) => (s.xs as number[]).push(0) > 0 };
    expect(() => check(constrained, { consts: {} })).toThrow(/^the state constraint, on a state at depth 1: it modified the state it was given \(variable xs\)/);
  });

  it('inside immutable.js collections: a plain array held by a Map, a collection left mutable', () => {
    type Boxed = { readonly box: IMap<string, number[]>; readonly n: number };
    const plainInside: AnyModel = {
      name: 'Boxed', description: 'a plain array inside a Map', params: [], checkDeadlock: false,
      init: () => [{ box: IMap({ a: [] as number[] }), n: 0 }],
      actions: [{ name: 'Push', description: 'pushes into the boxed array', successors: (s: Boxed) => { if (s.n >= 2) return []; s.box.get('a')!.push(1); return [{ state: { ...s, n: s.n + 1 } }]; } }],
      invariants: [],
    };
    expect(() => check(plainInside, { consts: {} })).toThrow(`action Push, on a state at depth 1: it modified the state it was given (variable box); ${advice}`);
    type Open = { readonly xs: List<number>; readonly n: number };
    const leftMutable: AnyModel = {
      name: 'Open', description: 'a List left mutable', params: [], checkDeadlock: false,
      init: () => [{ xs: List<number>().asMutable(), n: 0 }],
      actions: [{ name: 'Add', description: 'adds in place', successors: (s: Open) => { if (s.n >= 2) return []; s.xs.push(s.n); return [{ state: { ...s, n: s.n + 1 } }]; } }],
      invariants: [],
    };
    expect(() => check(leftMutable, { consts: {} })).toThrow(`action Add, on a state at depth 1: it modified the state it was given (variable xs); ${advice}`);
  });

  it('the matrix (the built-in model only) refuses it, naming the action', () => {
    const first = protocol.actions[0]!;
    const mutating = {
      ...protocol,
      actions: [{ ...first, successors: (s: State, c: never) => {
        const out = [...first.successors(s as never, c)];
        if (out.length > 0) Object.assign(s, out[0]!.state);
        return out;
      } }, ...protocol.actions.slice(1)],
    } as AnyModel;
    resolveConsts(mutating, {});
    expect(() => evaluateMatrix(mutating, { raw: { drop: 'catalog-first', compaction: 'skip' } })).toThrow(new RegExp(`^action ${first.name}, on a state at depth 1: it modified the state it was given \\(variable `));
  });
});

describe('model code on a state the constraint excludes, or before a walk records it', () => {
  // Each successor gets a new list, so a change to it touches no other state: only verifying
  // the state itself, after the code that ran on it, can see it.
  const appending = (extra: Partial<AnyModel>): AnyModel => ({ ...accumulating((s) => [{ state: { ...s, xs: [...s.xs, 1] } }]), ...extra });
  const excludesTwo = (s: State) => (s.xs as number[]).length < 2;
  const setFirst = (s: State) => { (s.xs as number[])[0] = 7; };

  it('check: an invariant that modifies a successor the constraint excludes', () => {
    const model = appending({ constraint: excludesTwo, invariants: [{ name: 'Touchy', description: 'modifies a 2-item state', check: (s: State) => { if ((s.xs as number[]).length === 2) setFirst(s); return undefined; } }] });
    expect(() => check(model, { consts: {} })).toThrow(`invariant Touchy, on a state at depth 3: it modified the state it was given (variable xs); ${advice}`);
  });

  it('check: a constraint that modifies the successor it excludes', () => {
    const model = appending({ constraint: (s: State) => { if ((s.xs as number[]).length === 2) setFirst(s); return excludesTwo(s); } });
    expect(() => check(model, { consts: {} })).toThrow(`the state constraint, on a state at depth 3: it modified the state it was given (variable xs); ${advice}`);
  });

  it('check: an invariant that modifies an initial state the constraint excludes', () => {
    const model = appending({
      init: () => [{ xs: [], n: 0 }, { xs: [5, 5], n: 0 }],
      constraint: excludesTwo,
      invariants: [{ name: 'Touchy', description: 'modifies a 2-item state', check: (s: State) => { if ((s.xs as number[]).length === 2) setFirst(s); return undefined; } }],
    });
    expect(() => check(model, { consts: {} })).toThrow(`invariant Touchy, on a state at depth 1: it modified the state it was given (variable xs); ${advice}`);
  });

  it('simulate: a constraint that modifies a successor it admits, as check names it', () => {
    const model = appending({ constraint: (s: State) => { if ((s.xs as number[]).length === 1) setFirst(s); return true; } });
    const message = `the state constraint, on %s: it modified the state it was given (variable xs); ${advice}`;
    expect(() => check(model, { consts: {} })).toThrow(message.replace('%s', 'a state at depth 2'));
    expect(() => simulate(model, { consts: {}, seed: 1, runs: 5 })).toThrow(message.replace('%s', 'the state at step 2'));
  });

  it('the level engine names a constraint that modifies a successor it admits, as check does', async () => {
    // The successor is verified against its entries as hashed before the constraint ran: its
    // encoding, made after, would hold the modification and could not show it.
    const model = appending({ constraint: (s: State) => { if ((s.xs as number[]).length === 1) setFirst(s); return true; } });
    await expect(search(model, { consts: {}, workers: 1 })).rejects.toThrow(`the state constraint, on a state at depth 2: it modified the state it was given (variable xs); ${advice}`);
  });

  it('the level engine names an invariant that modifies a new state, and an action that modifies a plain array inside an immutable Map', async () => {
    const touchy = appending({ invariants: [{ name: 'Touchy', description: 'modifies a 2-item state', check: (s: State) => { if ((s.xs as number[]).length === 2) setFirst(s); return undefined; } }] });
    await expect(search(touchy, { consts: {}, workers: 1 })).rejects.toThrow(`invariant Touchy, on a state at depth 3: it modified the state it was given (variable xs); ${advice}`);
    type Boxed = { readonly box: IMap<string, number[]>; readonly n: number };
    const boxed: AnyModel = {
      name: 'Boxed', description: 'pushes into an array held by a Map', params: [], checkDeadlock: false,
      init: () => [{ box: IMap({ a: [] as number[] }), n: 0 }],
      actions: [{ name: 'Push', description: 'push a 1', successors: (s: Boxed) => { if (s.n >= 2) return []; s.box.get('a')!.push(1); return [{ state: { ...s, n: s.n + 1 } }]; } }],
      invariants: [],
    };
    await expect(search(boxed, { consts: {}, workers: 1 })).rejects.toThrow(`action Push, on a state at depth 1: it modified the state it was given (variable box); ${advice}`);
  });

  it('the level engine names an invariant that modifies a plain value a new state shares with its parent', async () => {
    // The new state is not rehashed for `seen`, its parent's object: the parent's verification
    // after its expansion sees the change, and the invariant is named by re-running it.
    type Shared = { readonly seen: { count: number }; readonly n: number };
    const sharing: AnyModel = {
      name: 'Shared', description: 'a plain object every state shares', params: [], checkDeadlock: false,
      init: () => [{ seen: { count: 0 }, n: 0 }],
      actions: [{ name: 'Step', description: 'n + 1', successors: (s: Shared) => (s.n < 3 ? [{ state: { ...s, n: s.n + 1 } }] : []) }],
      invariants: [{ name: 'Counting', description: 'counts the states it sees', check: (s: Shared) => { if (s.n === 2) s.seen.count++; return undefined; } }],
    };
    const message = `invariant Counting, on a state at depth 3: it modified the state it was given (variable seen); ${advice}`;
    expect(() => check(sharing, { consts: {} })).toThrow(message);
    await expect(search(sharing, { consts: {}, workers: 1 })).rejects.toThrow(message);
  });

  it('simulate: an invariant or the constraint that modifies a successor the constraint excludes', () => {
    const touchy = appending({ constraint: excludesTwo, invariants: [{ name: 'Touchy', description: 'modifies a 2-item state', check: (s: State) => { if ((s.xs as number[]).length === 2) setFirst(s); return undefined; } }] });
    expect(() => simulate(touchy, { consts: {}, seed: 1, runs: 5 })).toThrow(`invariant Touchy, on the state at step 3: it modified the state it was given (variable xs); ${advice}`);
    const constraint = appending({ constraint: (s: State) => { if ((s.xs as number[]).length === 2) setFirst(s); return excludesTwo(s); } });
    expect(() => simulate(constraint, { consts: {}, seed: 1, runs: 5 })).toThrow(`the state constraint, on the state at step 3: it modified the state it was given (variable xs); ${advice}`);
  });
});

describe('naming the culprit', () => {
  it('a symmetry that modifies the state it is given', () => {
    const model = { ...accumulating((s) => [{ state: { ...s, xs: [...s.xs, 1] } }]), symmetry: (s: State) => { if ((s.xs as number[]).length === 1) (s as { n: number }).n = 5; return [s]; } };
    expect(() => check(model, { consts: {}, symmetry: true })).toThrow(`the symmetry, on a state at depth 2: it modified the state it was given (variable n); ${advice}`);
  });

  it('every variable modified, in name order', () => {
    type Two = { readonly zeta: number[]; readonly alpha: number[] };
    const model: AnyModel = {
      name: 'Two', description: 'modifies both variables', params: [], checkDeadlock: false,
      init: () => [{ zeta: [], alpha: [] }],
      actions: [{ name: 'Both', description: 'pushes into both', successors: (s: Two) => { s.zeta.push(1); s.alpha.push(1); return []; } }],
      invariants: [],
    };
    expect(() => check(model, { consts: {} })).toThrow(`action Both, on a state at depth 1: it modified the state it was given (variable alpha, zeta); ${advice}`);
  });

  it('a change that no re-run on a copy reproduces: a value shared with the model\'s own code', () => {
    const shared: number[] = [];
    const model = accumulating((s) => { shared.push(1); return s.n < 2 ? [{ state: { ...s, n: s.n + 1 } }] : []; });
    const sharing = { ...model, init: () => [{ xs: shared, n: 0 }] };
    // Not toThrow(text): chai lets a thrown `undefined` pass a message check.
    let thrown: unknown;
    try { check(sharing, { consts: {} }); } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(ModelError);
    expect((thrown as Error).message).toBe(`a state at depth 1: the state changed after model code ran on it, but no action or invariant modifies a copy of it: a value shared between states was modified, or the model depends on something besides its parameters; ${advice}`);
  });

  it('findMutation returns when no model code modifies any state of the trace', () => {
    const model = accumulating((s) => [{ state: { ...s, xs: [...s.xs, 1] } }]);
    const steps = [{ state: { xs: [], n: 0 } }, { state: { xs: [1], n: 0 } }];
    expect(findMutation(model, {}, steps, { invariants: model.invariants, constraint: true }, (k) => `step ${k}`)).toBeUndefined();
  });
});
