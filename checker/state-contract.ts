// What every command requires of the states and invariant results that model code produces, in
// one place: check, simulate, replay and trace rebuilding all go through these, so they accept
// and refuse the same models with the same messages. Values are validated by the fingerprint
// walk itself (it refuses whatever is not a state value, at no extra cost); only when it refuses
// one is the state walked again, slowly, to name the path to the offending part.
import type { Consts, InvariantSpec, State } from './model.ts';
import { ModelError } from './errors.ts';
import { valueProblem } from './value.ts';
import { fingerprintHi, fingerprintLo, successorKeysAsParent } from './fingerprint.ts';
import { stateFingerprintHi, type Symmetry } from './state-fingerprint.ts';

/** A model error located in the model's code: `where` is e.g. `action Inc, on a state at depth 3`. */
export function modelCodeError(where: string, e: unknown): ModelError {
  if (e instanceof ModelError && e.located) return e;
  const message = e instanceof Error ? e.message : String(e);
  const located = new ModelError(`${where}: ${message}`);
  located.located = true;
  return located;
}

const describe = (s: unknown): string => (s === null ? 'null' : typeof s === 'object' ? `a ${Object.getPrototypeOf(s)?.constructor?.name ?? 'object'}` : typeof s === 'string' ? `the string ${JSON.stringify(s)}` : String(s));

/**
 * Why `s` cannot be a state, looking at its variables only: it is not a plain object, or its
 * variables are not those of `reference` (every state of a model has the same variables).
 */
export function shapeProblem(s: unknown, reference?: State): string | undefined {
  const proto = typeof s === 'object' && s !== null ? Object.getPrototypeOf(s) : undefined;
  if (proto !== Object.prototype && proto !== null) return `the state is ${describe(s)}, not a plain object of variables`;
  if (reference === undefined) return undefined;
  const added = Object.keys(s as object).filter((k) => !Object.hasOwn(reference, k));
  const removed = Object.keys(reference).filter((k) => !Object.hasOwn(s as object, k));
  if (added.length === 0 && removed.length === 0) return undefined;
  const changes = [...added.map((k) => `added ${k}`), ...removed.map((k) => `removed ${k}`)];
  return `it changed the set of variables (${changes.join(', ')}): every state has the same variables`;
}

/** Why `s` is not a state, naming the variable path to the offending value; undefined when it is one. */
export function stateProblem(s: unknown, reference?: State): string | undefined {
  const shape = shapeProblem(s, reference);
  if (shape !== undefined) return shape;
  for (const [k, v] of Object.entries(s as object)) {
    const problem = valueProblem(v, k);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * The error to report when fingerprinting `s` threw `e`: the fingerprint walk refuses values
 * without saying where (and overflows the stack on a cycle); this names the path.
 */
export function invalidStateError(s: unknown, e: unknown): unknown {
  if (!(e instanceof ModelError || e instanceof RangeError)) return e;
  const problem = stateProblem(s);
  return problem === undefined ? e : new ModelError(problem);
}

/**
 * `stateFingerprintHi` of `t` (the low half in `stateFingerprintLo()`), refusing what is not a
 * state with the variables of `reference` (its parent, or the first initial state: an action that
 * added or removed one) and naming the path of a value no state holds (a function, a cycle ...).
 * Both search engines hash every state through it. A successor hashed with its parent's variables
 * in its parent's order needs no further look.
 */
export function contractedFingerprintHi(symmetry: Symmetry, consts: Consts, t: State, reference: State, successor: boolean): number {
  let hi: number;
  try {
    hi = stateFingerprintHi(symmetry, consts, t, successor);
  } catch (e) {
    throw invalidStateError(t, e);
  }
  if (successor && !symmetry && successorKeysAsParent()) return hi;
  const problem = shapeProblem(t, reference);
  if (problem !== undefined) throw new ModelError(problem);
  return hi;
}

/** The fingerprint of `s`, computed from scratch; a state that is not a value is a ModelError naming the path. */
export function checkedFingerprint(s: State): { readonly hi: number; readonly lo: number } {
  const problem = shapeProblem(s);
  if (problem !== undefined) throw new ModelError(problem);
  try {
    const hi = fingerprintHi(s);
    return { hi, lo: fingerprintLo() };
  } catch (e) {
    throw invalidStateError(s, e);
  }
}

/** Runs an invariant: undefined when it holds, else the reason; any other result is a model error. */
export function invariantReason(inv: InvariantSpec<any, any>, s: State, consts: Consts): string | undefined {
  const reason: unknown = inv.check(s, consts);
  if (reason === undefined || typeof reason === 'string') return reason;
  let shown: string;
  try {
    shown = JSON.stringify(reason) ?? typeof reason;
  } catch {
    shown = typeof reason;
  }
  throw new ModelError(`it returned ${shown}: a check returns undefined when the invariant holds, or the reason (a string) when it is violated`);
}
