import type { ActionParams, AnyModel, Consts, State } from './model.ts';
import type { StateLog } from './state-log.ts';
import type { TraceStep } from './trace.ts';
import { stateFingerprintHi, stateFingerprintLo, type Symmetry } from './state-fingerprint.ts';
import { ModelError } from './errors.ts';

function matches(symmetry: Symmetry, consts: Consts, log: StateLog, i: number, s: State): boolean {
  return stateFingerprintHi(symmetry, consts, s, false) === log.hiOf(i) && stateFingerprintLo() === log.loOf(i);
}

/**
 * Rebuilds the states and actions on the path to state `target` by re-executing the model
 * along the recorded fingerprint chain: the search keeps fingerprints, not states. `symmetry`
 * must be the one the search used.
 */
export function rebuildTrace(model: AnyModel, consts: Consts, log: StateLog, target: number, symmetry?: Symmetry): TraceStep[] {
  return rebuildPath(model, consts, log, log.pathTo(target), symmetry);
}

/** Which step to take from several that reach the same state: (step number, action index, params). */
export type StepFilter = (k: number, action: number, params: ActionParams | undefined) => boolean;

/**
 * Re-executes the model along `path` (state-log indices, the first an initial state, each next a
 * successor of the one before). `accept`, when given, picks among the actions that reach a state.
 */
export function rebuildPath(model: AnyModel, consts: Consts, log: StateLog, path: readonly number[], symmetry?: Symmetry, accept?: StepFilter): TraceStep[] {
  const first = ([...model.init(consts)] as State[]).find((s) => matches(symmetry, consts, log, path[0]!, s));
  if (!first) throw new ModelError('no initial state matches the recorded one: does the model depend on anything but its parameters?');
  const steps: TraceStep[] = [{ state: first }];
  let current = first;
  for (let k = 1; k < path.length; k++) {
    let found: TraceStep | undefined;
    search: for (let a = 0; a < model.actions.length; a++) {
      const action = model.actions[a]!;
      for (const succ of action.successors(current, consts)) {
        if (matches(symmetry, consts, log, path[k]!, succ.state) && (!accept || accept(k, a, succ.params))) {
          found = { action: { name: action.name, params: succ.params ?? {} }, state: succ.state as State };
          break search;
        }
      }
    }
    if (!found) throw new ModelError(`state ${k + 1} of the counterexample cannot be regenerated: is the model deterministic?`);
    steps.push(found);
    current = found.state;
  }
  return steps;
}
