// The baseline the benchmark measures the engine against, in the same run: the BFS a first
// version would write, keying a JS Set by each state's canonical ITF JSON text.
import type { AnyModel, Consts, State } from '../checker/model.ts';
import { toItf } from '../traces/itf-value.ts';

export interface NaiveResult {
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly durationMs: number;
}

export function naiveBfs(model: AnyModel, consts: Consts): NaiveResult {
  const start = performance.now();
  const seen = new Set<string>();
  let generated = 0;
  let frontier: State[] = [];
  const visit = (s: State, into: State[]) => {
    generated++;
    const key = JSON.stringify(toItf(s));
    if (seen.has(key)) return;
    seen.add(key);
    for (const inv of model.invariants) inv.check(s, consts);
    into.push(s);
  };
  for (const s of model.init(consts) as Iterable<State>) visit(s, frontier);
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const s of frontier) for (const a of model.actions) for (const succ of a.successors(s, consts)) visit(succ.state as State, next);
    frontier = next;
  }
  return { distinctStates: seen.size, generatedStates: generated, durationMs: performance.now() - start };
}
