// Model code must never modify a state it is given: the search keeps only fingerprints, shares
// unchanged values between a state and its successors, and reuses a parent's hashes for them, so
// a modified state silently corrupts the counts and can hide a violation. Freezing states does
// not catch it everywhere (a CommonJS module runs in sloppy mode, where writes to frozen objects
// are silently ignored), so the commands verify instead: a state's fingerprint is computed again
// after model code has run on it and compared with the one recorded. This file names the culprit
// once a difference has been seen, by re-running model code on private copies of the states.
import type { AnyModel, Consts, InvariantSpec, State } from './model.ts';
import type { TraceStep } from './trace.ts';
import type { Symmetry } from './state-fingerprint.ts';
import { ModelError } from './errors.ts';
import { cloneValue, valueEquals, type Value } from './value.ts';
import { invariantReason, modelCodeError } from './state-contract.ts';

/** Names the variables whose values differ (sorted). */
function changedVariables(before: State, after: State): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].sort().filter((k) => !Object.hasOwn(before, k) || !Object.hasOwn(after, k) || !valueEquals(before[k] as Value, after[k] as Value));
}

const ADVICE = 'states are values: build new ones instead of modifying those given';

function modifiedError(where: string, what: string, before: State, after: State): ModelError {
  const vars = changedVariables(before, after);
  return modelCodeError(where, new ModelError(`it modified ${what} (${vars.length > 0 ? `variable ${vars.join(', ')}` : 'a value inside it'}); ${ADVICE}`));
}

/**
 * Runs `run` on a private copy of `state` and throws a located ModelError when it modified the
 * copy, or when it threw. For the slow paths (trace rebuilding and validation), not the search.
 */
export function guarded<T>(state: State, where: () => string, run: (copy: State) => T): T {
  const copy = cloneValue(state as Value) as State;
  let result: T;
  try {
    result = run(copy);
  } catch (e) {
    throw modelCodeError(where(), e);
  }
  if (!valueEquals(copy as Value, state as Value)) throw modifiedError(where(), 'the state it was given', state, copy);
  return result;
}

/** The model code that runs on states, as the command that saw the difference ran it. */
export interface ModelCode {
  readonly invariants: readonly InvariantSpec<any, any>[];
  readonly constraint: boolean;
  readonly symmetry?: Symmetry;
}

/**
 * Re-runs every piece of model code on copies of the states of `steps` (unmodified states, as the
 * model produces them), in order, and throws the located error of the first one that modifies
 * the state it is given, or a successor it has already yielded. `label(k)` says where state k
 * (1-based) is, e.g. `on a state at depth k`. Returns when nothing modifies anything.
 */
export function findMutation(model: AnyModel, consts: Consts, steps: readonly TraceStep[], code: ModelCode, label: (k: number) => string): void {
  const onState = (s: State, k: number): void => {
    for (const inv of code.invariants) guarded(s, () => `invariant ${inv.name}, ${label(k)}`, (c) => invariantReason(inv, c, consts));
    if (code.constraint && model.constraint) guarded(s, () => `the state constraint, ${label(k)}`, (c) => model.constraint!(c, consts));
    const images = code.symmetry;
    if (typeof images === 'function') guarded(s, () => `the symmetry, ${label(k)}`, (c) => [...images(c, consts)]);
  };
  for (let k = 0; k < steps.length; k++) {
    const s = steps[k]!.state;
    onState(s, k + 1);
    for (const action of model.actions) {
      const where = () => `action ${action.name}, ${label(k + 1)}`;
      const yielded = guarded(s, where, (c) => {
        const out: [State, State][] = [];
        for (const succ of action.successors(c, consts)) out.push([succ.state as State, cloneValue(succ.state as Value) as State]);
        return out;
      });
      for (const [t, atYield] of yielded) {
        if (!valueEquals(t as Value, atYield as Value)) throw modifiedError(where(), 'a successor it had already yielded', atYield, t);
      }
      for (const [t] of yielded) onState(t, k + 2);
    }
  }
}

/** The error when a state changed but re-running the model on copies modifies nothing. */
export function unexplainedChange(where: string): ModelError {
  return modelCodeError(where, new ModelError(`the state changed after model code ran on it, but no action or invariant modifies a copy of it: a value shared between states was modified, or the model depends on something besides its parameters; ${ADVICE}`));
}
