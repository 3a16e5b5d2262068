// check (both engines: the one-thread search and the default level search, also when it only
// probes past --max-depth), simulate and trace validation (replay) accept and refuse the same
// states and invariant results, with the same message after the place ("on a state at depth 1"
// in a search, "on the state at step 1" in a walk or a trace).
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { simulate } from '../../checker/simulate.ts';
import { validateTrace } from '../../checker/validate-trace.ts';
import { searchOneWorker } from '../../checker/parallel/search.ts';
import type { AnyModel, State } from '../../checker/model.ts';

/** A model whose one action, from `{ msgs: [] }`, yields `next`; its invariant returns `verdict`. */
const modelYielding = (next: () => unknown, verdict: (s: State) => unknown = () => undefined): AnyModel => ({
  name: 'Bad', description: 'yields what it is given', params: [], checkDeadlock: false,
  init: () => [{ msgs: [] }],
  actions: [{ name: 'Send', description: 'one step', successors: (s: State) => ((s.msgs as unknown[]).length === 0 ? [{ state: next() as State }] : []) }],
  invariants: [{ name: 'Fine', description: 'as told', check: (s: State) => verdict(s) as string | undefined }],
});

/** The message each command gives, with its location: [check, simulate, validateTrace, level search, level search probing past --max-depth 1]. */
function messages(model: AnyModel, claimInvariant = false): string[] {
  const attempt = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };
  const trace = [{ state: { msgs: [] } }];
  return [
    attempt(() => check(model, { consts: {} })),
    attempt(() => simulate(model, { consts: {}, seed: 1, runs: 3 })),
    attempt(() => validateTrace(model, {}, claimInvariant ? trace : [...trace, { action: { name: 'Send', params: {} }, state: { msgs: [] } }], claimInvariant ? { kind: 'invariant', name: 'Fine', reason: '' } : undefined)),
    attempt(() => searchOneWorker(model, { consts: {} })),
    attempt(() => searchOneWorker(model, { consts: {}, maxDepth: 1 })),
  ];
}

class Message { constructor(readonly at: number) {} }
const cyclic = (): unknown => { const at: { self?: unknown } = {}; at.self = at; return at; };
const withBadAt = (bad: () => unknown) => () => ({ msgs: [{ at: 1 }, { at: 2 }, { at: 3 }, { at: bad() }] });

describe('one validation for every command', () => {
  const refused: [string, () => unknown, string][] = [
    ['a function', withBadAt(() => () => 1), 'msgs[3].at is a function, which is not a state value'],
    ['a symbol', withBadAt(() => Symbol('x')), 'msgs[3].at is a symbol, which is not a state value'],
    ['a Date', withBadAt(() => new Date(0)), 'msgs[3].at is a Date, which is not a state value'],
    ['a class instance', withBadAt(() => new Message(1)), 'msgs[3].at is a Message, which is not a state value'],
    ['undefined', withBadAt(() => undefined), 'msgs[3].at is undefined, which is not a state value'],
    ['NaN', withBadAt(() => NaN), 'msgs[3].at is the non-integer number NaN, which is not a state value'],
    ['a cycle', withBadAt(cyclic), 'msgs[3].at.self is msgs[3].at again (a cycle), which no state value holds'],
    ['a new variable', () => ({ msgs: [1], extra: 1 }), 'it changed the set of variables (added extra): every state has the same variables'],
    ['a missing variable', () => ({}), 'it changed the set of variables (removed msgs): every state has the same variables'],
    ['no state at all', () => 7, 'the state is 7, not a plain object of variables'],
  ];
  for (const [what, next, message] of refused) {
    it(`refuses ${what} in a successor, naming the action, the place and the path`, () => {
      const [checked, simulated, validated, searched, probed] = messages(modelYielding(next));
      expect(checked).toMatch(new RegExp(`^action Send, on a state at depth 1: ${escape(message)}`));
      expect(simulated).toMatch(new RegExp(`^action Send, on the state at step 1: ${escape(message)}`));
      expect(validated).toBe(simulated);
      expect(searched).toBe(checked);
      expect(probed).toBe(checked);
    });
  }

  it('an invariant that returns something other than undefined or a string is a model error in every command', () => {
    const [checked, simulated, validated, searched] = messages(modelYielding(() => ({ msgs: [1] }), () => true), true);
    const message = 'it returned true: a check returns undefined when the invariant holds, or the reason (a string) when it is violated';
    expect(checked).toBe(`invariant Fine, on a state at depth 1: ${message}`);
    expect(simulated).toBe(`invariant Fine, on the state at step 1: ${message}`);
    expect(validated).toBe(simulated);
    expect(searched).toBe(checked);
  });

  it('refuses a bad value in an initial state with the same message in both search engines', () => {
    for (const [, bad, message] of refused.slice(0, 7)) {
      const model: AnyModel = { ...modelYielding(() => ({ msgs: [] })), init: () => [bad() as State] };
      const run = (f: () => unknown): string => { try { f(); return 'accepted'; } catch (e) { return (e as Error).message; } };
      const checked = run(() => check(model, { consts: {} }));
      expect(checked).toMatch(new RegExp(`^init: ${escape(message)}`));
      expect(run(() => searchOneWorker(model, { consts: {} }))).toBe(checked);
    }
  });

  it('accepts what check accepts', () => {
    expect(messages(modelYielding(() => ({ msgs: [{ at: 1 }] })))).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
