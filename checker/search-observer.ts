// What a search reports, beside its own counting, to whoever records the explored graph
// (temporal properties, --coverage, --dot). The search calls it only when one is given, so a
// search without one pays a test per successor and nothing else.
import type { ActionParams, State } from './model.ts';

export interface SearchObserver {
  /** A new distinct state, numbered `index` in the state log; `parent` is -1 for an initial state. */
  state(s: State, index: number, parent: number): void;
  /**
   * A successor of state `parent` by action number `action`: a new state (`target` its index)
   * or one seen before (`target` -1; `hi`, `lo` its fingerprint). Edges arrive in order of `parent`.
   */
  edge(parent: number, action: number, params: ActionParams | undefined, hi: number, lo: number, target: number): void;
}

/** One observer that forwards to each given one. */
export function observers(...list: (SearchObserver | undefined)[]): SearchObserver | undefined {
  const present = list.filter((o): o is SearchObserver => o !== undefined);
  if (present.length <= 1) return present[0];
  return {
    state: (s, i, p) => { for (const o of present) o.state(s, i, p); },
    edge: (p, a, params, hi, lo, t) => { for (const o of present) o.edge(p, a, params, hi, lo, t); },
  };
}
