// The public API: what a model module or a program embedding the checker imports from 'dropcheck'.
export { defineModel } from './checker/model.ts';
export type { ActionParams, ActionSpec, AnyModel, ConstValue, Consts, Fairness, InvariantSpec, Model, ParamSpec, State, StatePredicate, Successor, TemporalProperty } from './checker/model.ts';
export type { Value } from './checker/value.ts';
export { valueEquals } from './checker/value.ts';
export { check, checkAsync } from './checker/check.ts';
export type { AsyncCheckOptions, Bound, CheckOptions, CheckOutcome, CheckStats, CheckVerdict, Counterexample, Interrupted } from './checker/check.ts';
export { search } from './checker/parallel/search.ts';
export type { SearchOptions } from './checker/parallel/search.ts';
export type { ActionLabel, PropertyViolation, TraceStep } from './checker/trace.ts';
export { validateTrace } from './checker/validate-trace.ts';
export { resolveConsts } from './checker/consts.ts';
