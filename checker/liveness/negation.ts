// Each property kind's negation as a question to the fair-cycle search (a Büchi condition), and
// the shape a counterexample's prefix must have. With P, Q the property's predicates:
//   <>P         fails on a fair behaviour where ~P holds throughout: a fair cycle in ~P, reached
//               from an initial state through ~P states;
//   P ~> Q      fails on one that reaches a P /\ ~Q state and then never leaves ~Q;
//   []<>P       fails on one that eventually stays in ~P;
//   <>[]P       fails on one that visits ~P infinitely often: a fair cycle through a ~P state.
import type { CycleQuery } from './fair-cycle.ts';
import type { StateGraph } from './state-graph.ts';

export type PropertyKind = 'eventually' | 'leadsTo' | 'infinitelyOften' | 'eventuallyAlways';

/** A state predicate by state index (values computed once per state during the search). */
export type IndexPredicate = (s: number) => boolean;

export interface Negation extends CycleQuery {
  /**
   * How a counterexample's prefix reaches the cycle: from an initial state, anywhere until a
   * state satisfying `trigger` when there is one, then only through `inRegion` states.
   */
  readonly trigger?: IndexPredicate;
}

const always: IndexPredicate = () => true;

function* range(n: number): Iterable<number> { for (let i = 0; i < n; i++) yield i; }

export function negate(g: StateGraph, kind: PropertyKind, p: IndexPredicate, q?: IndexPredicate): Negation {
  const notP: IndexPredicate = (s) => !p(s);
  const initial = range(g.initialCount);
  switch (kind) {
    case 'eventually':
      return { inRegion: notP, accepting: always, seeds: initial };
    case 'leadsTo': {
      if (!q) throw new Error('leadsTo needs q');
      const notQ: IndexPredicate = (s) => !q(s);
      const trigger: IndexPredicate = (s) => p(s) && !q(s);
      return { inRegion: notQ, accepting: always, seeds: [...range(g.size)].filter(trigger), trigger };
    }
    case 'infinitelyOften':
      return { inRegion: notP, accepting: always, seeds: range(g.size), trigger: notP };
    case 'eventuallyAlways':
      return { inRegion: always, accepting: notP, seeds: initial };
  }
}
