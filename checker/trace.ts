import type { ActionParams, State } from './model.ts';

/** The action that led to a state: its name and parameter values. */
export interface ActionLabel {
  readonly name: string;
  readonly params: ActionParams;
}

/** One state of a behaviour; every state but the first records the action that produced it. */
export interface TraceStep<S extends State = State> {
  readonly action?: ActionLabel;
  readonly state: S;
}

/** What a counterexample demonstrates. */
export interface PropertyViolation {
  readonly kind: 'invariant' | 'deadlock' | 'liveness';
  /** The invariant's or temporal property's name, or `Deadlock`. */
  readonly name: string;
  /** Why the property fails: in the last state, or (liveness) on the lasso. */
  readonly reason: string;
}

/** `DropSink(sink=s1)`: the TLC-style label of an action instance. */
export function formatAction(a: ActionLabel): string {
  const params = Object.entries(a.params);
  if (params.length === 0) return a.name;
  return `${a.name}(${params.map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')})`;
}
