// A last shrinking pass after fast-check's. fast-check shrinks the choice list by its own order
// (fewer and smaller numbers), but a choice means "the k-th enabled successor", so deleting one
// re-targets every later choice and the walk rarely stays a failure; its result is often a few
// steps longer than needed. This pass shrinks the behaviour itself: it deletes a few neighbouring
// actions at once and replays the remaining ones by name and parameters, keeping the result when
// the same property still fails no later. It is deterministic, so a run stays reproducible from
// its seed and path.
import type { ActionLabel, PropertyViolation } from './trace.ts';

export interface WalkOutcome {
  /** States in the walk. */
  readonly length: number;
  readonly violation?: PropertyViolation;
  /** The action of each step after the initial state. */
  readonly actions: readonly ActionLabel[];
}

export interface Walker {
  run(choices: readonly number[]): WalkOutcome;
  /** The choice list that takes these actions from initial state `init` and tries one more step; undefined when one is not enabled. */
  choicesFor(init: number, actions: readonly ActionLabel[]): number[] | undefined;
}

/** The widest run of neighbouring actions deleted at once. */
const MAX_WINDOW = 4;

/** Greedy minimisation of the failing walk `start`, keeping the violated property. */
export function tightenChoices(start: readonly number[], walker: Walker, maxRounds = 20): number[] {
  const first = walker.run(start);
  const property = first.violation?.name;
  if (property === undefined) throw new Error('tightenChoices needs a failing walk');
  const init = start[0] ?? 0;
  // Choice i picks state i; one more is kept because a deadlock shows only when a step is tried.
  let best = start.slice(0, first.length + 1);
  let bestActions = first.actions;
  const tryActions = (actions: readonly ActionLabel[]): boolean => {
    const choices = walker.choicesFor(init, actions);
    if (choices === undefined) return false;
    const r = walker.run(choices);
    if (r.violation?.name !== property || r.length >= bestActions.length + 1) return false;
    best = choices.slice(0, r.length + 1);
    bestActions = r.actions;
    return true;
  };
  for (let round = 0; round < maxRounds; round++) {
    let improved = false;
    for (let width = 1; width <= MAX_WINDOW; width++) {
      for (let i = bestActions.length - width; i >= 0; i--) {
        if (i + width > bestActions.length) continue;
        if (tryActions([...bestActions.slice(0, i), ...bestActions.slice(i + width)])) improved = true;
      }
    }
    if (!improved) break;
  }
  return best;
}
