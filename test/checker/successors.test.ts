// Every successor of a state with the action that gives it, in the model's order (the model tests'
// helper, outside the search's inner loop).
import { describe, expect, it } from 'vitest';
import { allSuccessors } from '../../checker/successors.ts';
import type { AnyModel } from '../../checker/model.ts';

type N = { readonly n: number };
const model: AnyModel = {
  name: 'Steps', description: 'two actions, one with two successors', params: [],
  init: () => [{ n: 0 }],
  actions: [
    { name: 'Twice', description: 'adds 1 or 2', params: ['k'], successors: (s: N) => [1, 2].map((k) => ({ params: { k }, state: { n: s.n + k } })) },
    { name: 'Never', description: 'not enabled', successors: () => [] },
    { name: 'Double', description: 'doubles', successors: (s: N) => [{ state: { n: 2 * s.n } }] },
  ],
  invariants: [],
};

describe('allSuccessors', () => {
  it('lists each successor with its action, action by action in the model\'s order', () => {
    const out = allSuccessors(model, { n: 3 }, {});
    expect(out.map((x) => [x.action.name, x.successor.params ?? null, x.successor.state])).toEqual([
      ['Twice', { k: 1 }, { n: 4 }],
      ['Twice', { k: 2 }, { n: 5 }],
      ['Double', null, { n: 6 }],
    ]);
  });
});
