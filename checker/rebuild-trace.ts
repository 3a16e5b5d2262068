import type { ActionParams, AnyModel, Consts, State } from './model.ts';
import type { StateLog } from './state-log.ts';
import type { TraceStep } from './trace.ts';
import type { Fingerprint } from './fingerprint.ts';
import { stateFingerprintHi, stateFingerprintLo, type Symmetry } from './state-fingerprint.ts';
import { ModelError } from './errors.ts';
import { guarded } from './mutation-guard.ts';
import { modelCodeError } from './state-contract.ts';

/** Where state k (1-based) of a search's trace is: its depth. */
export const atDepth = (k: number): string => `on a state at depth ${k}`;

/**
 * Rebuilds the states and actions on the path to state `target` by re-executing the model
 * along the recorded fingerprint chain: the search keeps fingerprints, not states. `symmetry`
 * must be the one the search used.
 */
export function rebuildTrace(model: AnyModel, consts: Consts, log: StateLog, target: number, symmetry?: Symmetry): TraceStep[] {
  return rebuildPath(model, consts, log.pathTo(target).map((i) => ({ hi: log.hiOf(i), lo: log.loOf(i) })), symmetry, atDepth);
}

/** Which step to take from several that reach the same state: (step number, action index, params). */
export type StepFilter = (k: number, action: number, params: ActionParams | undefined) => boolean;

/**
 * Re-executes the model from an initial state through successors with the fingerprints of
 * `path`, in order. Each action runs on a copy of the state and must leave it as it was, so the
 * states returned are the model's own even when some of its code modifies its input (that
 * code is then named, with `label(k)` saying where state k is). `accept`, when given, picks
 * among the steps that reach a state (a lasso's cycle must take the fair actions it was built with).
 */
export function rebuildPath(model: AnyModel, consts: Consts, path: readonly Fingerprint[], symmetry: Symmetry, label: (k: number) => string, accept?: StepFilter): TraceStep[] {
  const matches = (fp: Fingerprint, s: State): boolean => stateFingerprintHi(symmetry, consts, s, false) === fp.hi && stateFingerprintLo() === fp.lo;
  let inits: State[];
  try {
    inits = [...model.init(consts)] as State[];
  } catch (e) {
    throw modelCodeError('init', e);
  }
  const first = inits.find((s) => matches(path[0]!, s));
  if (!first) throw new ModelError('no initial state matches the recorded one: does the model depend on anything but its parameters?');
  const steps: TraceStep[] = [{ state: first }];
  let current = first;
  for (let k = 1; k < path.length; k++) {
    let found: TraceStep | undefined;
    for (let a = 0; a < model.actions.length; a++) {
      const action = model.actions[a]!;
      found = guarded(current, () => `action ${action.name}, ${label(k)}`, (copy) => {
        for (const succ of action.successors(copy, consts)) {
          if (matches(path[k]!, succ.state as State) && (!accept || accept(k, a, succ.params))) return { action: { name: action.name, params: succ.params ?? {} }, state: succ.state as State };
        }
        return undefined;
      });
      if (found) break;
    }
    if (!found) throw new ModelError(`state ${k + 1} of the counterexample cannot be regenerated: is the model deterministic?`);
    steps.push(found);
    current = found.state;
  }
  return steps;
}
