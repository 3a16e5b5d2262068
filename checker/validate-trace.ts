// Re-execution of a behaviour against a model: the checker runs it on every counterexample
// before reporting it, and `replay` runs it on trace files. Model code runs here under the same
// rules as in the search (state-contract.ts, mutation-guard.ts): a state that is not a value, an
// action that changes the variables or modifies its input, an invariant that returns something
// else than a reason is a model error naming the code and the step.
import type { AnyModel, Consts, State } from './model.ts';
import type { PropertyViolation, TraceStep } from './trace.ts';
import { formatAction } from './trace.ts';
import { valueEquals, type Value } from './value.ts';
import { guarded } from './mutation-guard.ts';
import { checkedFingerprint, invariantReason, modelCodeError, shapeProblem } from './state-contract.ts';
import { ModelError } from './errors.ts';

export type TraceCheck =
  | { readonly ok: true; readonly reason?: string }
  | {
      readonly ok: false;
      /** 0-based index of the first state that is not explained by the model (== steps.length for the property). */
      readonly step: number;
      readonly message: string;
      /** Variables whose values differ from the closest state the model produces, when there is one. */
      readonly differingVars?: readonly string[];
    };

/** Variables whose values differ between two states (by name, sorted). */
export function differingVariables(a: State, b: State): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].sort().filter((k) => !(k in a) || !(k in b) || !valueEquals(a[k] as Value, b[k] as Value));
}

function paramsEqual(a: Readonly<Record<string, Value>>, b: Readonly<Record<string, Value>>): boolean {
  return valueEquals(a as Value, b as Value);
}

/** Where state k (1-based) of a trace is. */
export const atStep = (k: number): string => `on the state at step ${k}`;

/** Throws a located ModelError when `s`, produced by `where`, is not a state with `reference`'s variables. */
function validateProduced(s: State, reference: State | undefined, where: () => string): void {
  const shape = shapeProblem(s, reference);
  try {
    if (shape !== undefined) throw new ModelError(shape);
    checkedFingerprint(s);
  } catch (e) {
    throw modelCodeError(where(), e);
  }
}

/**
 * Checks that `steps` is a behaviour of `model`: the first state is initial, each later state is
 * produced from its predecessor by the action it names (with those parameters), and, when
 * `claim` is given, the claimed property fails in the last state. `label(k)` says where state k
 * (1-based) is in the messages of model errors.
 */
export function validateTrace(model: AnyModel, consts: Consts, steps: readonly TraceStep[], claim?: PropertyViolation, label: (k: number) => string = atStep): TraceCheck {
  if (steps.length === 0) return { ok: false, step: 0, message: 'the trace has no states' };
  const first = steps[0]!.state;
  let inits: State[];
  try {
    inits = [...model.init(consts)] as State[];
  } catch (e) {
    throw modelCodeError('init', e);
  }
  inits.forEach((s) => validateProduced(s, inits[0], () => 'init'));
  if (!inits.some((s) => valueEquals(s as Value, first as Value))) {
    const closest = inits.map((s) => differingVariables(s, first)).sort((x, y) => x.length - y.length)[0];
    return { ok: false, step: 0, message: 'state 1 is not an initial state of the model', ...(closest ? { differingVars: closest } : {}) };
  }
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1]!.state;
    const { action: label_, state } = steps[i]!;
    if (!label_) return { ok: false, step: i, message: `state ${i + 1} does not name the action that produced it` };
    const action = model.actions.find((a) => a.name === label_.name);
    if (!action) return { ok: false, step: i, message: `state ${i + 1}: the model has no action ${label_.name}` };
    const where = () => `action ${action.name}, ${label(i)}`;
    const produced = guarded(prev, where, (copy) => [...action.successors(copy, consts)]);
    produced.forEach((s) => validateProduced(s.state as State, prev, where));
    const candidates = produced.filter((s) => paramsEqual(s.params ?? {}, label_.params));
    if (candidates.length === 0) {
      return { ok: false, step: i, message: `state ${i + 1}: ${formatAction(label_)} is not enabled in state ${i}` };
    }
    if (!candidates.some((s) => valueEquals(s.state as Value, state as Value))) {
      const diff = candidates.map((s) => differingVariables(s.state, state)).sort((x, y) => x.length - y.length)[0]!;
      return { ok: false, step: i, message: `state ${i + 1}: ${formatAction(label_)} from state ${i} does not produce this state (differs in ${diff.join(', ')})`, differingVars: diff };
    }
  }
  if (!claim) return { ok: true };
  const last = steps[steps.length - 1]!.state;
  const n = steps.length;
  if (claim.kind === 'deadlock') {
    const enabled = model.actions.find((a) => guarded(last, () => `action ${a.name}, ${label(n)}`, (copy) => !(a.successors(copy, consts)[Symbol.iterator]().next().done)));
    return enabled
      ? { ok: false, step: steps.length, message: `the last state is not a deadlock: ${enabled.name} is enabled` }
      : { ok: true, reason: 'no action is enabled' };
  }
  const inv = model.invariants.find((x) => x.name === claim.name);
  if (!inv) return { ok: false, step: steps.length, message: `the model has no invariant ${claim.name}` };
  const reason = guarded(last, () => `invariant ${inv.name}, ${label(n)}`, (copy) => invariantReason(inv, copy, consts));
  return reason === undefined
    ? { ok: false, step: steps.length, message: `invariant ${claim.name} holds in the last state, so the trace shows no violation` }
    : { ok: true, reason };
}
