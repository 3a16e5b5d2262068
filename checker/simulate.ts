// Random walks over a model, driven by fast-check so that a failing walk shrinks.
//
// A walk is a list of choices (natural numbers) produced by a fast-check arbitrary: the first
// picks an initial state, each later one picks among the enabled successors (taken modulo their
// number). fast-check shrinks a failing list by dropping and zeroing choices, which gives a
// shorter behaviour that still violates the property; every list denotes a legal behaviour, so
// shrinking never leaves the model. TLC's simulation mode finds such walks but cannot shrink them.
import fc from 'fast-check';
import type { AnyModel, Consts, InvariantSpec, State } from './model.ts';
import type { Counterexample } from './check.ts';
import type { PropertyViolation, TraceStep } from './trace.ts';
import { selectInvariants } from './check.ts';
import { tightenChoices, type Walker } from './simulate-tighten.ts';
import type { ActionLabel } from './trace.ts';
import { valueEquals, type Value } from './value.ts';
import { validateTrace } from './validate-trace.ts';
import { InputError, ModelError } from './errors.ts';

export interface SimulateOptions {
  readonly consts: Consts;
  /** Names of the invariants to check; all of the model's when absent. */
  readonly invariants?: readonly string[];
  /** Number of walks fast-check generates (default 100). */
  readonly runs?: number;
  /** Largest number of actions in one walk (default 100). */
  readonly maxSteps?: number;
  /** fast-check seed; the same seed gives the same walks, the same counterexample and the same output. */
  readonly seed: number;
  /** fast-check replay path (printed with a failure): replays that run and its shrinking only. */
  readonly path?: string;
  /** Report states with no successor as violations (default true). */
  readonly checkDeadlock?: boolean;
  /** Called after every walk (a caller that shows progress throttles it). */
  readonly onProgress?: (p: SimulateProgress) => void;
}

/** How far a simulation is: walks generated (then shrinking walks) and steps taken. */
export interface SimulateProgress {
  /** Walks generated so far; once a walk failed, the one that failed. */
  readonly walks: number;
  /** True once a walk failed and fast-check is shrinking it. */
  readonly shrinking: boolean;
  /** Walks tried while shrinking. */
  readonly shrinkWalks: number;
  readonly steps: number;
  readonly elapsedMs: number;
}

export interface SimulateStats {
  /** Walks fast-check ran before it stopped (at the first failure, or all of them). */
  readonly runs: number;
  /** Actions taken over every walk, shrinking included. */
  readonly steps: number;
  /** Walks run while shrinking. */
  readonly shrinks: number;
  readonly durationMs: number;
  readonly stepsPerSecond: number;
}

export interface SimulateViolation extends Counterexample {
  /** States in the first failing walk found, before shrinking. */
  readonly originalLength: number;
  /** States in fast-check's shrunk walk, before the last pass (simulate-tighten.ts). */
  readonly fastCheckLength: number;
  /** The choice list of the reported walk. */
  readonly choices: readonly number[];
}

export type SimulateOutcome =
  | { readonly result: 'ok'; readonly seed: number; readonly stats: SimulateStats }
  | {
      readonly result: 'violation';
      readonly seed: number;
      /** fast-check's replay path of the shrunk counterexample (pass it back with the seed). */
      readonly path: string;
      readonly stats: SimulateStats;
      readonly violation: SimulateViolation;
    };

/** What one walk did: the states it went through and the violation it ended on, if any. */
export interface Walk {
  readonly trace: TraceStep[];
  readonly violation?: PropertyViolation;
}

export interface WalkContext {
  readonly model: AnyModel;
  readonly consts: Consts;
  readonly inits: readonly State[];
  readonly invariants: readonly InvariantSpec<any, any>[];
  readonly checkDeadlock: boolean;
}

function firstViolated(ctx: WalkContext, s: State): PropertyViolation | undefined {
  for (const inv of ctx.invariants) {
    const reason = inv.check(s, ctx.consts);
    if (reason !== undefined) return { kind: 'invariant', name: inv.name, reason };
  }
  return undefined;
}

/** The steps a walk may take from `state` (constraint applied), and whether any action was enabled at all. */
function enabledSteps(ctx: WalkContext, state: State): { options: TraceStep[]; any: boolean } {
  const { model, consts } = ctx;
  const options: TraceStep[] = [];
  let any = false;
  for (const action of model.actions) {
    for (const succ of action.successors(state, consts)) {
      any = true;
      if (model.constraint && !model.constraint(succ.state, consts)) continue;
      options.push({ action: { name: action.name, params: succ.params ?? {} }, state: succ.state });
    }
  }
  return { options, any };
}

/** The choice list that takes `actions` from initial state `init` and tries one more step; undefined when one is not enabled. */
function choicesFor(ctx: WalkContext, init: number, actions: readonly ActionLabel[]): number[] | undefined {
  const choices = [init];
  let state = ctx.inits[init % ctx.inits.length]!;
  for (const a of actions) {
    const { options } = enabledSteps(ctx, state);
    const k = options.findIndex((o) => o.action!.name === a.name && valueEquals(o.action!.params as Value, a.params as Value));
    if (k === -1) return undefined;
    choices.push(k);
    state = options[k]!.state;
  }
  choices.push(0); // tries one more step, where a deadlock shows
  return choices;
}

/**
 * Runs the walk `choices` denotes. It ends at the first violated invariant, at a deadlock, when a
 * state has no successor the constraint admits, or when the choices run out.
 */
export function runWalk(ctx: WalkContext, choices: readonly number[], onStep?: () => void): Walk {
  const first = ctx.inits[(choices[0] ?? 0) % ctx.inits.length]!;
  const trace: TraceStep[] = [{ state: first }];
  let violation = firstViolated(ctx, first);
  let state = first;
  for (let i = 1; i < choices.length && violation === undefined; i++) {
    const { options, any } = enabledSteps(ctx, state);
    if (!any) {
      if (ctx.checkDeadlock) violation = { kind: 'deadlock', name: 'Deadlock', reason: 'no action is enabled' };
      break;
    }
    if (options.length === 0) break;
    const next = options[choices[i]! % options.length]!;
    trace.push(next);
    state = next.state;
    onStep?.();
    violation = firstViolated(ctx, state);
  }
  return violation === undefined ? { trace } : { trace, violation };
}

const DEFAULT_RUNS = 100;
const DEFAULT_MAX_STEPS = 100;

/** A seed for a run the user gave none for (printed, so the run can be repeated). */
export function freshSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
}

export function simulate(model: AnyModel, options: SimulateOptions): SimulateOutcome {
  const start = performance.now();
  const runs = options.runs ?? DEFAULT_RUNS;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!(Number.isSafeInteger(runs) && runs >= 1)) throw new InputError(`runs must be a positive integer, got ${runs}`);
  if (!(Number.isSafeInteger(maxSteps) && maxSteps >= 1)) throw new InputError(`max steps must be a positive integer, got ${maxSteps}`);
  if (!Number.isSafeInteger(options.seed)) throw new InputError(`seed must be an integer, got ${options.seed}`);
  if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path)) throw new InputError(`replay path ${options.path}: expected numbers separated by colons, as printed by a failing run`);
  const inits = [...model.init(options.consts)] as State[];
  if (inits.length === 0) throw new ModelError(`model ${model.name} has no initial state`);
  const ctx: WalkContext = {
    model,
    consts: options.consts,
    inits,
    invariants: selectInvariants(model, options.invariants),
    checkDeadlock: options.checkDeadlock ?? true,
  };

  let steps = 0;
  let walksRun = 0;
  let shrinkWalks = 0;
  let firstFailure: readonly number[] | undefined;
  const countStep = () => { steps++; };
  const { onProgress } = options;
  // Choice 0 picks the initial state, so a walk of maxSteps actions has maxSteps + 1 choices.
  // size 'max' lets lengths spread over the whole range (the default keeps arrays near 10).
  const walks = fc.array(fc.nat(), { minLength: 1, maxLength: maxSteps + 1, size: 'max' });
  const property = fc.property(walks, (choices) => {
    const walk = runWalk(ctx, choices, countStep);
    if (firstFailure === undefined) walksRun++;
    else shrinkWalks++;
    if (walk.violation !== undefined) firstFailure ??= [...choices];
    onProgress?.({ walks: walksRun, shrinking: firstFailure !== undefined, shrinkWalks, steps, elapsedMs: performance.now() - start });
    return walk.violation === undefined;
  });
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: runs,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  const statsNow = (): SimulateStats => {
    const elapsed = performance.now() - start;
    return {
      // fast-check counts every walk of a replayed path (its shrinks too) as a run: one was generated.
      runs: options.path !== undefined ? Math.min(details.numRuns, 1) : Math.min(details.numRuns, runs),
      steps,
      shrinks: details.numShrinks,
      durationMs: Math.round(elapsed),
      stepsPerSecond: elapsed > 0 ? Math.round(steps / (elapsed / 1000)) : 0,
    };
  };
  if (!details.failed) return { result: 'ok', seed: options.seed, stats: statsNow() };
  if (details.counterexample === null) throw new ModelError(`fast-check stopped without a counterexample: ${String(details.errorInstance)}`);
  const [shrunk] = details.counterexample;
  // Running it again re-raises the error when the walk failed because the model's code threw.
  const fcWalk = runWalk(ctx, shrunk);
  const original = firstFailure ?? shrunk;
  const walker: Walker = {
    run: (c) => {
      const w = runWalk(ctx, c, countStep);
      return { length: w.trace.length, actions: w.trace.slice(1).map((t) => t.action!), ...(w.violation ? { violation: w.violation } : {}) };
    },
    choicesFor: (init, actions) => choicesFor(ctx, init, actions),
  };
  // Tighten fast-check's result, and the first failure too when it violates the same property:
  // the shorter of the two is reported (fast-check's on a tie).
  let choices = tightenChoices(shrunk, walker);
  const originalWalk = runWalk(ctx, original);
  if (originalWalk.violation?.name === fcWalk.violation?.name) {
    const alt = tightenChoices(original, walker);
    if (alt.length < choices.length) choices = alt;
  }
  const walk = runWalk(ctx, choices);
  const claim = walk.violation;
  if (claim === undefined) throw new ModelError('the shrunk walk no longer fails: is the model deterministic?');
  const verdict = validateTrace(model, options.consts, walk.trace, claim);
  if (!verdict.ok) throw new ModelError(`the shrunk walk failed re-validation (${verdict.message}): is the model deterministic?`);
  return {
    result: 'violation',
    seed: options.seed,
    path: details.counterexamplePath ?? '',
    stats: statsNow(),
    violation: { ...claim, trace: walk.trace, originalLength: originalWalk.trace.length, fastCheckLength: fcWalk.trace.length, choices },
  };
}
