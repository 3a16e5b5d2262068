import type { AnyModel, Consts, State } from './model.ts';
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
  const path = log.pathTo(target);
  const first = ([...model.init(consts)] as State[]).find((s) => matches(symmetry, consts, log, path[0]!, s));
  if (!first) throw new ModelError('no initial state matches the recorded one: does the model depend on anything but its parameters?');
  const steps: TraceStep[] = [{ state: first }];
  let current = first;
  for (let k = 1; k < path.length; k++) {
    let found: TraceStep | undefined;
    search: for (const action of model.actions) {
      for (const succ of action.successors(current, consts)) {
        if (matches(symmetry, consts, log, path[k]!, succ.state)) {
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
