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
import { atStep, validateTrace } from './validate-trace.ts';
import { InputError, ModelError } from './errors.ts';
import { captureEntries, fingerprintLo, fingerprintSuccessorHi, StateRecords, successorKeysAsParent, type Fingerprint } from './fingerprint.ts';
import { checkedFingerprint, invalidStateError, invariantReason, modelCodeError, shapeProblem } from './state-contract.ts';
import { findMutation, unexplainedChange } from './mutation-guard.ts';
import { rebuildPath } from './rebuild-trace.ts';
import { recordCopy } from './state-copy.ts';
import { DEFAULT_SLICE_MS, yieldToEventLoop, type Interruptible } from './slices.ts';

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
  /** Stopped by a signal before its walks were done: no verdict (`stats.runs` counts the walks run). */
  | { readonly result: 'interrupted'; readonly seed: number; readonly stats: SimulateStats }
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

/** The first invariant violated in `s`, state `step` of the walk. */
function firstViolated(ctx: WalkContext, s: State, step: number): PropertyViolation | undefined {
  for (const inv of ctx.invariants) {
    let reason: string | undefined;
    try {
      reason = invariantReason(inv, s, ctx.consts);
    } catch (e) {
      throw modelCodeError(`invariant ${inv.name}, ${atStep(step)}`, e);
    }
    if (reason !== undefined) return { kind: 'invariant', name: inv.name, reason };
  }
  return undefined;
}

interface Enabled {
  /** The successors the constraint admits, in the model's order. */
  readonly options: TraceStep[];
  /** Whether any action was enabled at all. */
  readonly any: boolean;
  /** A successor outside the constraint that violates an invariant (checked, as TLC does, though never stepped to). */
  readonly excludedViolation?: { readonly step: TraceStep; readonly violation: PropertyViolation };
  /** Set when the constraint or an invariant modified a successor it ran on: the walk ends in that error. */
  readonly modified?: true;
}

/**
 * The fingerprint of `t`, a successor of the state last registered as a parent, refusing
 * what is not a state with `parent`'s variables as `check` does (the messages name the path).
 */
function successorFingerprint(t: State, parent: State): Fingerprint {
  const hi = successorHi(t, parent);
  return { hi, lo: fingerprintLo() };
}

/** `successorFingerprint`'s high half, without allocating: `fingerprintLo()` gives the low half. */
function successorHi(t: State, parent: State): number {
  let hi: number;
  try {
    hi = fingerprintSuccessorHi(t);
  } catch (e) {
    throw invalidStateError(t, e);
  }
  if (!successorKeysAsParent()) {
    const problem = shapeProblem(t, parent);
    if (problem !== undefined) throw new ModelError(problem);
  }
  return hi;
}

/**
 * The steps a walk may take from `state`, state `step` of the walk, registered as a parent
 * by the caller. A walk validates the states it steps to (and, with a constraint, the successors
 * it excludes), not every successor it could have taken: hashing them all would make walks
 * several times slower. Model errors are named with the code and the step.
 */
function enabledSteps(ctx: WalkContext, state: State, step: number): Enabled {
  const { model, consts } = ctx;
  const options: TraceStep[] = [];
  let any = false;
  // No closure is made per action here: the TypeScript loader names every function it creates
  // (a property definition each time), which cost a fifth of a walk's time.
  for (const action of model.actions) {
    try {
      for (const succ of action.successors(state, consts)) {
        any = true;
        const t = succ.state as State;
        const taken: TraceStep = { action: { name: action.name, params: succ.params ?? {} }, state: t };
        if (model.constraint) {
          // Fingerprinted before the constraint runs on it, and again after the constraint (and,
          // when it is excluded, its invariants) ran: an excluded successor is never seen again,
          // and an admitted one is recorded only if the walk steps to it, after the constraint.
          // The parent's own verification covers the values the successor shares with it.
          const found = successorFingerprint(t, state);
          const inModel = admitted(ctx, t, step + 1);
          const violation = inModel ? undefined : firstViolated(ctx, t, step + 1);
          if (!sameFingerprint(successorFingerprint(t, state), found)) return { options, any, modified: true };
          if (violation !== undefined) return { options, any, excludedViolation: { step: taken, violation } };
          if (!inModel) continue;
        }
        options.push(taken);
      }
    } catch (e) {
      throw modelCodeError(`action ${action.name}, ${atStep(step)}`, e);
    }
  }
  return { options, any };
}

const sameFingerprint = (a: Fingerprint, b: Fingerprint): boolean => a.hi === b.hi && a.lo === b.lo;

function admitted(ctx: WalkContext, s: State, step: number): boolean {
  try {
    return ctx.model.constraint!(s, ctx.consts);
  } catch (e) {
    throw modelCodeError(`the state constraint, ${atStep(step)}`, e);
  }
}

/** The choice list that takes `actions` from initial state `init` and tries one more step; undefined when one is not enabled. */
function choicesFor(ctx: WalkContext, init: number, actions: readonly ActionLabel[]): number[] | undefined {
  const choices = [init];
  let state = ctx.inits[init % ctx.inits.length]!;
  for (const a of actions) {
    const { options, excludedViolation } = enabledSteps(ctx, state, choices.length);
    const k = options.findIndex((o) => o.action!.name === a.name && valueEquals(o.action!.params as Value, a.params as Value));
    if (k === -1) {
      // A last step outside the constraint is not a choice: the walk ends there on its own.
      return excludedViolation !== undefined ? [...choices, 0] : undefined;
    }
    choices.push(k);
    state = options[k]!.state;
  }
  choices.push(0); // tries one more step, where a deadlock shows
  return choices;
}

/**
 * The error for state `step` of the walk, found modified after model code ran on it: re-runs the
 * model on copies of the walk's states (`fps` hold their fingerprints as found, hi then lo) to
 * name the code.
 */
function walkMutation(ctx: WalkContext, fps: readonly number[], step: number): ModelError {
  try {
    const path: Fingerprint[] = [];
    for (let k = 0; k < step; k++) path.push({ hi: fps[2 * k]!, lo: fps[2 * k + 1]! });
    const steps = rebuildPath(ctx.model, ctx.consts, path, undefined, atStep);
    findMutation(ctx.model, ctx.consts, steps, { invariants: ctx.invariants, constraint: true }, atStep);
  } catch (e) {
    if (e instanceof ModelError && e.located) return e;
  }
  return unexplainedChange(`the state at step ${step}`);
}

/** The records of the walk under way (one walk at a time), reused so that their storage is grown once. */
const walkRecords = new StateRecords();

/**
 * Runs the walk `choices` denotes. It ends at the first violated invariant (in a state it steps
 * to, or in a successor outside the constraint), at a deadlock, when a state has no successor
 * the constraint admits, or when the choices run out. Every state is verified unmodified once
 * model code has run on it (see mutation-guard.ts), as `check` verifies them.
 */
export function runWalk(ctx: WalkContext, choices: readonly number[], onStep?: () => void): Walk {
  const first = ctx.inits[(choices[0] ?? 0) % ctx.inits.length]!;
  const { hi, lo } = checkedInit(first, ctx.inits[0]!);
  const fps = [hi, lo];
  // Each state's entries as they were when it was stepped to, before model code ran on it: its
  // successors reuse their hashes, and it is verified against them once its actions have run
  // (the last state, once its invariants have), which covers everything that ran on it. A
  // value it hands on to the state stepped to (the very object, in the same variable) is
  // verified with that state, after that state's own code ran: later, so it covers both.
  const records = walkRecords;
  records.clear();
  captureEntries(first);
  records.keep(first);
  const trace: TraceStep[] = [{ state: first }];
  let violation = firstViolated(ctx, first, 1);
  let state = first;
  for (let i = 1; i < choices.length && violation === undefined; i++) {
    // The state stepped to last was registered when its parent was verified.
    if (i === 1 && !records.registerParent(state, 0)) throw walkMutation(ctx, fps, i);
    const { options, any, excludedViolation, modified } = enabledSteps(ctx, state, i);
    if (modified) throw walkMutation(ctx, fps, i);
    if (excludedViolation !== undefined || !any || options.length === 0) {
      // The walk ends here: the state is verified whole.
      if (!records.unchanged(state, i - 1)) throw walkMutation(ctx, fps, i);
      if (excludedViolation !== undefined) {
        trace.push(excludedViolation.step);
        onStep?.();
        return { trace, violation: excludedViolation.violation };
      }
      if (!any && ctx.checkDeadlock) violation = { kind: 'deadlock', name: 'Deadlock', reason: 'no action is enabled' };
      return violation === undefined ? { trace } : { trace, violation };
    }
    const next = options[choices[i]! % options.length]!;
    try {
      fps.push(successorHi(next.state, state), fingerprintLo());
    } catch (e) {
      throw modelCodeError(`action ${next.action!.name}, ${atStep(i)}`, e);
    }
    records.keep(next.state);
    // Model code gets the walk's own record of it from here on (see state-copy.ts).
    const stepped = recordCopy(next.state);
    // Registered as the next parent, then the state left is verified but for what it hands on.
    if (!records.registerParent(stepped, i) || !records.unchanged(state, i - 1, true)) throw walkMutation(ctx, fps, i);
    state = stepped;
    trace.push({ action: next.action!, state });
    onStep?.();
    violation = firstViolated(ctx, state, i + 1);
  }
  // The last state was not expanded, but its invariants ran on it.
  if (!records.unchanged(state, trace.length - 1)) throw walkMutation(ctx, fps, trace.length);
  return violation === undefined ? { trace } : { trace, violation };
}

/** An initial state's fingerprint, refusing what is not a state with `reference`'s variables. */
function checkedInit(s: State, reference: State): Fingerprint {
  try {
    const problem = shapeProblem(s, reference);
    if (problem !== undefined) throw new ModelError(problem);
    return checkedFingerprint(s);
  } catch (e) {
    throw modelCodeError('init', e);
  }
}

const DEFAULT_RUNS = 100;
const DEFAULT_MAX_STEPS = 100;

/** A seed for a run the user gave none for (printed, so the run can be repeated). */
export function freshSeed(): number {
  return (Math.random() * 0x7fffffff) | 0;
}

/** A simulation under way: its walks, counted, with what ends them early. */
class Simulation {
  readonly start = performance.now();
  readonly ctx: WalkContext;
  readonly walks: fc.Arbitrary<number[]>;
  readonly parameters: fc.Parameters<[number[]]>;
  steps = 0;
  /** Walks actually run (a stopped simulation skips the rest). */
  walksRun = 0;
  /** Walks generated before the first failure, and then walks tried while shrinking it (for progress). */
  generated = 0;
  shrinkWalks = 0;
  firstFailure: readonly number[] | undefined;
  /** A model error in a walk: it ends the simulation (fast-check then shrinks nothing). */
  modelFailure: unknown;
  stopped = false;
  readonly countStep = () => { this.steps++; };

  constructor(readonly model: AnyModel, readonly options: SimulateOptions) {
    const runs = options.runs ?? DEFAULT_RUNS;
    const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (!(Number.isSafeInteger(runs) && runs >= 1)) throw new InputError(`runs must be a positive integer, got ${runs}`);
    if (!(Number.isSafeInteger(maxSteps) && maxSteps >= 1)) throw new InputError(`max steps must be a positive integer, got ${maxSteps}`);
    if (!Number.isSafeInteger(options.seed)) throw new InputError(`seed must be an integer, got ${options.seed}`);
    if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path)) throw new InputError(`replay path ${options.path}: expected numbers separated by colons, as printed by a failing run`);
    const invariants = selectInvariants(model, options.invariants);
    let inits: State[];
    try {
      inits = [...model.init(options.consts)] as State[];
    } catch (e) {
      throw modelCodeError('init', e);
    }
    if (inits.length === 0) throw new ModelError(`model ${model.name} has no initial state`);
    this.ctx = { model, consts: options.consts, inits, invariants, checkDeadlock: options.checkDeadlock ?? true };
    // Choice 0 picks the initial state, so a walk of maxSteps actions has maxSteps + 1 choices.
    // size 'max' lets lengths spread over the whole range (the default keeps arrays near 10).
    this.walks = fc.array(fc.nat(), { minLength: 1, maxLength: maxSteps + 1, size: 'max' });
    this.parameters = { seed: options.seed, numRuns: runs, ...(options.path !== undefined ? { path: options.path } : {}) };
  }

  /** Set once a model error or a stop has ended fast-check's run (by failing one walk). */
  private ended = false;

  /** One walk, as fast-check's predicate: false when it violates a property. */
  readonly predicate = (choices: number[]): boolean => {
    if (this.modelFailure !== undefined || this.stopped) {
      // One failure ends fast-check's runs, and every walk it then tries while shrinking passes at once.
      if (this.ended) return true;
      this.ended = true;
      return false;
    }
    this.walksRun++;
    let violated: boolean;
    try {
      violated = runWalk(this.ctx, choices, this.countStep).violation !== undefined;
    } catch (e) {
      this.modelFailure = e;
      this.ended = true;
      return false;
    }
    if (this.firstFailure === undefined) this.generated++;
    else this.shrinkWalks++;
    if (violated) this.firstFailure ??= [...choices];
    this.options.onProgress?.({ walks: this.generated, shrinking: this.firstFailure !== undefined, shrinkWalks: this.shrinkWalks, steps: this.steps, elapsedMs: performance.now() - this.start });
    return !violated;
  };

  stats(details: fc.RunDetails<[number[]]>): SimulateStats {
    const elapsed = performance.now() - this.start;
    const ran = this.ended ? this.walksRun : details.numRuns;
    return {
      // Never more than --runs: fast-check counts every walk of a replayed path (its shrinks too)
      // as a run, though one was generated.
      runs: Math.min(ran, this.options.path !== undefined ? 1 : this.parameters.numRuns ?? ran),
      steps: this.steps,
      shrinks: details.numShrinks,
      durationMs: Math.round(elapsed),
      stepsPerSecond: elapsed > 0 ? Math.round(this.steps / (elapsed / 1000)) : 0,
    };
  }

  /** The outcome, once fast-check has run the walks. */
  conclude(details: fc.RunDetails<[number[]]>): SimulateOutcome {
    const { ctx, model, options } = this;
    if (this.modelFailure !== undefined) throw this.modelFailure;
    if (this.stopped) return { result: 'interrupted', seed: options.seed, stats: this.stats(details) };
    if (!details.failed) return { result: 'ok', seed: options.seed, stats: this.stats(details) };
    if (details.counterexample === null) throw new ModelError(`fast-check stopped without a counterexample: ${String(details.errorInstance)}`);
    const [shrunk] = details.counterexample;
    const fcWalk = runWalk(ctx, shrunk);
    const original = this.firstFailure ?? shrunk;
    const walker: Walker = {
      run: (c) => {
        const w = runWalk(ctx, c, this.countStep);
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
      stats: this.stats(details),
      violation: { ...claim, trace: walk.trace, originalLength: originalWalk.trace.length, fastCheckLength: fcWalk.trace.length, choices },
    };
  }
}

export function simulate(model: AnyModel, options: SimulateOptions): SimulateOutcome {
  const sim = new Simulation(model, options);
  return sim.conclude(fc.check(fc.property(sim.walks, sim.predicate), sim.parameters));
}

export interface AsyncSimulateOptions extends SimulateOptions, Interruptible {}

/**
 * `simulate`, yielding to the event loop every `sliceMs` between walks so that a signal can stop
 * it. The same seed gives the same walks and outcome as `simulate`.
 */
export async function simulateAsync(model: AnyModel, options: AsyncSimulateOptions): Promise<SimulateOutcome> {
  const sim = new Simulation(model, options);
  const slice = options.sliceMs ?? DEFAULT_SLICE_MS;
  let sliceEnd = performance.now() + slice;
  const property = fc.asyncProperty(sim.walks, async (choices) => {
    if (performance.now() >= sliceEnd) {
      await yieldToEventLoop();
      sliceEnd = performance.now() + slice;
    }
    if (options.signal?.aborted) sim.stopped = true;
    return sim.predicate(choices);
  });
  return sim.conclude(await fc.check(property, sim.parameters));
}
