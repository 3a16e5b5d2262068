// A plain breadth-first search that shares nothing with the checker's search: states are keyed by
// their canonical text (the ITF form, sets and maps sorted, as JSON), not by fingerprint, and kept
// in a JS Map. Tests compare the checker's figures with it. Small bounds only: it is slow.
import type { Consts, Model, State } from '../../checker/model.ts';
import type { Value } from '../../checker/value.ts';
import { toItf } from '../../traces/itf-value.ts';

/** The canonical text of a state: equal exactly when the states are equal values. */
export const canonicalText = (s: State): string => JSON.stringify(toItf(s as Value));

/** Every reachable state, each once, in breadth-first order. */
export function referenceReachable<S extends State, C extends Consts>(model: Model<S, C>, consts: C): S[] {
  const seen = new Map<string, S>();
  let frontier: S[] = [];
  for (const s of model.init(consts)) {
    const k = canonicalText(s);
    if (!seen.has(k)) { seen.set(k, s); frontier.push(s); }
  }
  while (frontier.length > 0) {
    const next: S[] = [];
    for (const s of frontier) for (const a of model.actions) for (const { state } of a.successors(s, consts)) {
      const k = canonicalText(state);
      if (!seen.has(k)) { seen.set(k, state); next.push(state); }
    }
    frontier = next;
  }
  return [...seen.values()];
}

/**
 * The number of symmetry classes among `states`: each state's class is named by the smallest
 * canonical text over the state and all its images, so two states share a class exactly when
 * one is an image of the other (for a symmetry closed under composition, as permutations are).
 */
export function referenceClassCount<S extends State>(states: readonly S[], images: (s: S) => Iterable<S>): number {
  const classes = new Set<string>();
  for (const s of states) {
    let least = canonicalText(s);
    for (const image of images(s)) {
      const t = canonicalText(image);
      if (t < least) least = t;
    }
    classes.add(least);
  }
  return classes.size;
}
