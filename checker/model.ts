// The contract between a model and the engine. A model is plain data plus pure functions:
// it never sees the checker, the simulator or the trace writer, which all consume this shape.
import type { Value } from './value.ts';

/** A value a parameter (TLA+ CONSTANT) can take on the command line. */
export type ConstValue = number | string | boolean;

/** The parameter values one run of a model uses, by parameter name. */
export type Consts = Readonly<Record<string, ConstValue>>;

export interface ParamSpec {
  readonly name: string;
  readonly type: 'int' | 'string' | 'bool';
  readonly default: ConstValue;
  /** The only values accepted, when the parameter is an enumeration. */
  readonly allowed?: readonly ConstValue[];
  /** Inclusive bounds for an `int` parameter. */
  readonly min?: number;
  readonly max?: number;
  /** One line: what the parameter means. */
  readonly description: string;
}

/** A state: named variables, each an immutable Value. Successors are new objects. */
export type State = { readonly [variable: string]: Value };

/** The parameters of one action instance, e.g. `{ sink: 's1' }` for `DropSink(sink=s1)`. */
export type ActionParams = { readonly [name: string]: Value };

/** One successor an action yields, with the parameter values that produced it. */
export interface Successor<S extends State = State> {
  readonly params?: ActionParams;
  readonly state: S;
}

/**
 * Fairness of an action (TLA+'s WF_vars / SF_vars). `weak`: an action continuously enabled must
 * eventually be taken; `strong`: an action enabled infinitely often must be taken infinitely often.
 * With `perInstance`, each parameter value is its own constraint (`\A s : WF_vars(A(s))`);
 * without it, the action as a whole (`WF_vars(\E s : A(s))`). A step that leaves the state as it
 * was is a stutter: it neither enables nor takes the action.
 */
export interface Fairness {
  readonly kind: 'weak' | 'strong';
  readonly perInstance?: boolean;
  /**
   * Finer than `perInstance`: the instance a step belongs to, from its parameters, or undefined
   * for a step under no fairness. TLA+'s `\A c : WF_vars(Return(c, alloc[c]))` is Return with
   * `instance: (p) => (p.S equals alloc[c] ? p.c : undefined)`, where the step says which it is.
   */
  readonly instance?: (params: ActionParams) => Value | undefined;
}

export interface ActionSpec<S extends State = State, C extends Consts = Consts> {
  readonly name: string;
  /** One line: what the step does in the system being modelled. */
  readonly description: string;
  /** Names of the action's parameters, in display order (for `list` and trace labels). */
  readonly params?: readonly string[];
  /** Fairness for temporal properties; none (the default) means the action may never be taken. */
  readonly fairness?: Fairness;
  /** Every successor of `state` by this action (none when it is disabled). Must not modify `state`. */
  successors(state: S, consts: C): Iterable<Successor<S>>;
}

export interface InvariantSpec<S extends State = State, C extends Consts = Consts> {
  readonly name: string;
  /** One line: what must always be true. */
  readonly description: string;
  /** `undefined` when the invariant holds in `state`; otherwise the reason it is violated. */
  check(state: S, consts: C): string | undefined;
}

/** A state predicate of a temporal property; `instance` is one value of the property's `forAll`. */
export type StatePredicate<S extends State = State, C extends Consts = Consts> = (state: S, consts: C, instance?: Value) => boolean;

/**
 * A temporal property over behaviours (infinite: a state with no successor stutters forever).
 * - `eventually`: <>P
 * - `leadsTo`: [](P => <>Q)
 * - `infinitelyOften`: []<>P
 * - `eventuallyAlways`: <>[]P
 * With `forAll`, the property is the conjunction over its values (`\A s \in Sinks : ...`), and each
 * predicate receives the value as `instance`.
 */
export type TemporalProperty<S extends State = State, C extends Consts = Consts> = {
  readonly name: string;
  /** One line: what must happen. */
  readonly description: string;
  readonly forAll?: (consts: C) => Iterable<Value>;
} & (
  | { readonly kind: 'eventually' | 'infinitelyOften' | 'eventuallyAlways'; readonly p: StatePredicate<S, C> }
  | { readonly kind: 'leadsTo'; readonly p: StatePredicate<S, C>; readonly q: StatePredicate<S, C> }
);

/**
 * A named set of parameter values (say, what one release of the modelled system did). `--preset
 * NAME` starts from the model's defaults, applies these, then any `--const`.
 */
export interface Preset {
  readonly name: string;
  /** One line: what the preset stands for. */
  readonly description: string;
  /** The parameters it sets, by name; the others keep their defaults. */
  readonly consts: Consts;
}

export interface Model<S extends State = State, C extends Consts = Consts> {
  readonly name: string;
  /** One line: what the model describes. */
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** The initial states (at least one). */
  init(consts: C): Iterable<S>;
  /** The actions, in the order the engine tries them (this order makes runs deterministic). */
  readonly actions: readonly ActionSpec<S, C>[];
  readonly invariants: readonly InvariantSpec<S, C>[];
  /** Temporal properties, checked under the actions' fairness over the whole reachable graph. */
  readonly properties?: readonly TemporalProperty<S, C>[];
  /** Named parameter sets for `--preset`, in the order `list` shows them. */
  readonly presets?: readonly Preset[];
  /**
   * Optional state constraint (TLC's CONSTRAINT): a state for which it is false is counted as
   * generated and checked against the invariants every time it is generated (a violation there
   * is reported with its trace), but it is not counted distinct and never explored. A search of
   * every state the constraint allows is complete: it reports `constrained`, not a bound.
   */
  constraint?(state: S, consts: C): boolean;
  /**
   * Whether a state with no successor is a violation (TLC's CHECK_DEADLOCK); default true.
   * A model whose behaviours may legitimately end says false; `--no-deadlock` also turns it off.
   */
  readonly checkDeadlock?: boolean;
  /**
   * Optional symmetry (TLC's SYMMETRY, Stateright's symmetry): the images of `state` under the
   * permutations of interchangeable ids (say, of sinks that differ only by name). The search
   * then keeps one state per class: counts are of classes, and traces remain real behaviours.
   * Sound only when every invariant and action treats the permuted ids alike.
   */
  symmetry?(state: S, consts: C): Iterable<S>;
  /**
   * Optional, beside `symmetry`: the same interchangeable ids described so that a search can
   * canonicalise a state without building every image (used by `search`, see
   * checker/symmetry-canonical.ts). Ids are numbered 0..count-1.
   */
  readonly symmetryIds?: SymmetryIds<S, C>;
}

export interface SymmetryIds<S extends State = State, C extends Consts = Consts> {
  count(consts: C): number;
  /**
   * What `state` says about id `i` without naming any id: renaming the ids must carry each id's
   * signature along (the signature of id π(i) in the renamed state is that of i in `state`).
   */
  signature(state: S, i: number, consts: C): Value;
  /** `state` with each id i renamed to `perm[i]` (renaming twice composes the permutations). */
  rename(state: S, perm: readonly number[], consts: C): S;
}

/** Identity function that gives a model literal its types; the default export of a model module. */
export function defineModel<S extends State, C extends Consts = Consts>(model: Model<S, C>): Model<S, C> {
  return model;
}

/** The model type the engine works with once the concrete state type no longer matters. */
export type AnyModel = Model<any, any>;
