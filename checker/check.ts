// Breadth-first explicit-state search: every reachable state, each invariant checked on each
// distinct state when it is first reached, so the first violation found has a shortest trace.
import type { AnyModel, Consts, InvariantSpec, State } from './model.ts';
import type { PropertyViolation, TraceStep } from './trace.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { StateLog } from './state-log.ts';
import { setParent } from './fingerprint.ts';
import { freezeState } from './freeze-state.ts';
import { stateFingerprintHi, stateFingerprintLo, type Symmetry } from './state-fingerprint.ts';
import { rebuildTrace } from './rebuild-trace.ts';
import { validateTrace } from './validate-trace.ts';
import { InputError, ModelError } from './errors.ts';
import { observers, type SearchObserver } from './search-observer.ts';
import { prepareLiveness, selectProperties, type LivenessReport } from './liveness/check-liveness.ts';

/** Which limit stopped the search before it had seen every reachable state. */
export type Bound = 'max-depth' | 'max-states' | 'constraint';

export interface Progress {
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly queueSize: number;
  readonly depth: number;
  readonly elapsedMs: number;
}

export interface CheckOptions {
  readonly consts: Consts;
  /** Names of the invariants to check; all of the model's when absent. */
  readonly invariants?: readonly string[];
  /** Largest depth (in states, initial states are depth 1) to explore. */
  readonly maxDepth?: number;
  /** Largest number of distinct states to explore. */
  readonly maxStates?: number;
  /** Report states with no successor as violations (default true). */
  readonly checkDeadlock?: boolean;
  /**
   * Keep exploring after a violation (TLC's -continue) and report the first violation of each
   * property, each with its own shortest trace. Off by default: the search stops at the first.
   */
  readonly continueAfterViolation?: boolean;
  /**
   * Reduce by the model's symmetry: one state per class. Off by default: each successor then
   * costs its images' construction and hashing, which a model's symmetry may not repay.
   */
  readonly symmetry?: boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** Names of the temporal properties to check; all of the model's when absent. */
  readonly properties?: readonly string[];
  /** Check temporal properties (default true); false skips them and records no graph. */
  readonly liveness?: boolean;
  /** Told of every state and edge the search finds (coverage, graph export). */
  readonly observer?: SearchObserver;
}

export interface CheckStats {
  /** Initial states plus every successor computed, duplicates included (as TLC counts). */
  readonly generatedStates: number;
  readonly distinctStates: number;
  /** Length in states of the longest shortest path from an initial state. */
  readonly depth: number;
  readonly durationMs: number;
  /** TLC's optimistic estimate of the chance that two distinct states shared a fingerprint. */
  readonly collisionProbability: number;
  /** Largest BFS level held in memory at once. */
  readonly peakQueue: number;
  /** Bytes held by the seen-set and the state log, per distinct state. */
  readonly indexBytesPerState: number;
}

export interface Counterexample extends PropertyViolation {
  readonly trace: readonly TraceStep[];
  /** Liveness: the lasso's last state returns to trace[loop]. */
  readonly loop?: number;
}

export type CheckOutcome =
  | { readonly result: 'ok'; readonly stats: CheckStats; readonly bound: Bound | null; readonly boundDetail?: string; readonly temporal?: LivenessReport }
  | {
      readonly result: 'violation';
      readonly stats: CheckStats;
      /** The temporal properties' verdicts, when any was checked. */
      readonly temporal?: LivenessReport;
      /** Non-null only with continueAfterViolation, when the search was also cut short. */
      readonly bound: Bound | null;
      readonly boundDetail?: string;
      /** The first violation found (the shortest trace of all). */
      readonly violation: Counterexample;
      /** The first violation of each property, in the order found (just `violation` unless continuing). */
      readonly violations: readonly Counterexample[];
    };

/** Invariants selected by name; an unknown name is an InputError. */
export function selectInvariants(model: AnyModel, names: readonly string[] | undefined): InvariantSpec<any, any>[] {
  if (!names || names.length === 0) return [...model.invariants];
  return names.map((n) => {
    const inv = model.invariants.find((i) => i.name === n);
    if (!inv) throw new InputError(`--invariant ${n}: model ${model.name} has no such invariant (invariants: ${model.invariants.map((i) => i.name).join(', ') || 'none'})`);
    return inv;
  });
}

/** TLC's "calculated (optimistic)" fingerprint collision probability: n * (g - n) / 2^64. */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(0, generated - distinct)) / 2 ** 64;
}

export function check(model: AnyModel, options: CheckOptions): CheckOutcome {
  const start = performance.now();
  const { consts, maxDepth, maxStates, onProgress } = options;
  const invariants = selectInvariants(model, options.invariants);
  const checkDeadlock = options.checkDeadlock ?? true;
  const constraint = model.constraint;
  if (options.symmetry && !model.symmetry) throw new InputError(`--symmetry: model ${model.name} declares no symmetry`);
  const symmetry: Symmetry = options.symmetry ? model.symmetry?.bind(model) : undefined;
  const actions = model.actions;
  const temporal = options.liveness === false ? [] : selectProperties(model, options.properties);
  if (temporal.length > 0 && options.symmetry) throw new InputError('--symmetry cannot be used with temporal properties: a cycle of symmetry classes need not be a cycle of states (TLC warns it is unsound); add --no-liveness or drop --symmetry');
  const progressEveryMs = options.progressEveryMs ?? 1000;
  if (maxDepth !== undefined && !(Number.isSafeInteger(maxDepth) && maxDepth >= 1)) throw new InputError(`max depth must be a positive integer, got ${maxDepth}`);
  if (maxStates !== undefined && !(Number.isSafeInteger(maxStates) && maxStates >= 1)) throw new InputError(`max states must be a positive integer, got ${maxStates}`);

  const seen = new FingerprintSet();
  const log = new StateLog();
  const liveness = prepareLiveness(model, consts, log, temporal);
  const observer = observers(liveness?.recorder, options.observer);
  /** Set once the search has expanded every reachable state (the graph is then complete). */
  let exhausted = false;
  let generated = 0;
  let depth = 0;
  let peakQueue = 0;
  let constraintCut = false;
  let depthCut = false;
  let lastProgress = start;

  const stats = (): CheckStats => ({
    generatedStates: generated,
    distinctStates: log.size,
    depth,
    durationMs: Math.round(performance.now() - start),
    collisionProbability: collisionProbability(log.size, generated),
    peakQueue,
    indexBytesPerState: log.size === 0 ? 0 : (seen.byteLength + log.byteLength) / log.size,
  });

  const continuing = options.continueAfterViolation ?? false;
  /** First violation of each property: (claim, index of the violating state). */
  const found = new Map<string, [PropertyViolation, number]>();
  // Temporal properties are decided after the search: while any is selected it never stops early.
  const propertyCount = invariants.length + (checkDeadlock ? 1 : 0) + (liveness ? Infinity : 0);

  const counterexample = ([claim, index]: [PropertyViolation, number]): Counterexample => {
    const trace = rebuildTrace(model, consts, log, index, symmetry);
    const verdict = validateTrace(model, consts, trace, claim);
    if (!verdict.ok) throw new ModelError(`the counterexample failed re-validation (${verdict.message}): is the model deterministic?`);
    return { ...claim, trace };
  };

  const finish = (bound: Bound | null, boundDetail?: string): CheckOutcome => {
    const detail = boundDetail === undefined ? {} : { boundDetail };
    const safetyStats = stats();
    const incomplete = bound !== null ? `unknown: search cut (${boundDetail ?? bound})` : exhausted ? undefined : 'unknown: the search stopped at a violation';
    const report = liveness?.run(incomplete);
    const lassos = report ? report.results.flatMap((r) => (r.violation ? [r.violation] : [])) : [];
    const extra = report ? { temporal: report } : {};
    const violations = [...[...found.values()].map(counterexample), ...lassos];
    if (violations.length === 0) return { result: 'ok', stats: safetyStats, bound, ...detail, ...extra };
    return { result: 'violation', stats: safetyStats, bound, ...detail, ...extra, violation: violations[0]!, violations };
  };

  /** Records a violation; true when the search should stop now. */
  const violated = (kind: 'invariant' | 'deadlock', name: string, reason: string, index: number): boolean => {
    if (!found.has(name)) found.set(name, [{ kind, name, reason }, index]);
    return !continuing || found.size === propertyCount;
  };

  // What model code is running, so that an exception it throws can be reported by name.
  let runningAction = -1;
  let runningInvariant = -1;

  /** Checks every invariant in state `index`; true when the search should stop now. */
  const checkInvariants = (s: State, index: number): boolean => {
    for (let k = 0; k < invariants.length; k++) {
      const inv = invariants[k]!;
      runningInvariant = k;
      const reason = inv.check(s, consts);
      if (reason === undefined) continue;
      if (typeof reason !== 'string') throw new ModelError(`it returned ${JSON.stringify(reason) ?? typeof reason}: a check returns undefined when the invariant holds, or the reason (a string) when it is violated`);
      if (violated('invariant', inv.name, reason, index)) return true;
    }
    runningInvariant = -1;
    return false;
  };

  try {
    return search();
  } catch (e) {
    if (e instanceof InputError) throw e;
    // An invariant runs on a state just found (one level below the one being expanded); an
    // action runs on a state of the level being expanded.
    const where = runningInvariant >= 0 ? `invariant ${invariants[runningInvariant]!.name}, on a state at depth ${depth + 1}`
      : runningAction >= 0 ? `action ${actions[runningAction]!.name}, on a state at depth ${depth}`
      : e instanceof ModelError ? undefined : constraint ? 'init or the state constraint' : 'init';
    if (where === undefined) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const frozen = e instanceof TypeError && /read.only|not extensible|Cannot assign|Cannot delete|Cannot add|frozen/i.test(message)
      ? ' (states are frozen: build new values instead of modifying the state given)' : '';
    throw new ModelError(`${where}: ${message}${frozen}`);
  }

  function search(): CheckOutcome {
  let frontier: State[] = [];
  let frontierIdx: number[] = [];
  for (const s of model.init(consts) as Iterable<State>) {
    generated++;
    if (constraint && !constraint(s, consts)) { constraintCut = true; continue; }
    const hi = stateFingerprintHi(symmetry, consts, s, false);
    const lo = stateFingerprintLo();
    if (!seen.add(hi, lo)) continue;
    if (maxStates !== undefined && log.size >= maxStates) return finish('max-states', `stopped at ${maxStates} distinct states (--max-states)`);
    const idx = log.append(hi, lo, -1);
    freezeState(s);
    if (observer) observer.state(s, idx, -1);
    if (checkInvariants(s, idx)) { depth = 1; return finish(null); }
    frontier.push(s);
    frontierIdx.push(idx);
  }
  if (frontier.length === 0 && !constraintCut) throw new ModelError(`model ${model.name} has no initial state`);
  if (frontier.length > 0) depth = 1;

  while (frontier.length > 0) {
    peakQueue = Math.max(peakQueue, frontier.length);
    const atDepthLimit = maxDepth !== undefined && depth >= maxDepth;
    const next: State[] = [];
    const nextIdx: number[] = [];
    for (let f = 0; f < frontier.length; f++) {
      const s = frontier[f]!;
      const parent = frontierIdx[f]!;
      let successors = 0;
      setParent(s);
      for (let a = 0; a < actions.length; a++) {
        runningAction = a;
        for (const succ of actions[a]!.successors(s, consts)) {
          successors++;
          const t = succ.state as State;
          if (atDepthLimit) {
            // Only asks whether the limit hides anything (a state not seen yet means it does);
            // the level is still scanned to the end for deadlocks.
            if (!depthCut && (!constraint || constraint(t, consts)) && !seen.has(stateFingerprintHi(symmetry, consts, t, true), stateFingerprintLo())) depthCut = true;
            continue;
          }
          generated++;
          // Every 4096 successors, duplicates included (a duplicate-heavy level still reports).
          if (onProgress && (generated & 0xfff) === 0) {
            const now = performance.now();
            if (now - lastProgress >= progressEveryMs) {
              lastProgress = now;
              onProgress({ distinctStates: log.size, generatedStates: generated, queueSize: frontier.length - f + next.length, depth, elapsedMs: now - start });
            }
          }
          if (constraint && !constraint(t, consts)) { constraintCut = true; continue; }
          const hi = stateFingerprintHi(symmetry, consts, t, true);
          const lo = stateFingerprintLo();
          if (!seen.add(hi, lo)) { if (observer) observer.edge(parent, a, succ.params, hi, lo, -1); continue; }
          if (maxStates !== undefined && log.size >= maxStates) return finish('max-states', `stopped at ${maxStates} distinct states (--max-states)`);
          const idx = log.append(hi, lo, parent);
          freezeState(t);
          if (observer) { observer.state(t, idx, parent); observer.edge(parent, a, succ.params, hi, lo, idx); }
          if (checkInvariants(t, idx)) { depth++; return finish(null); }
          next.push(t);
          nextIdx.push(idx);
        }
      }
      runningAction = -1;
      if (successors === 0 && checkDeadlock && violated('deadlock', 'Deadlock', 'no action is enabled', parent)) return finish(null);
    }
    if (atDepthLimit) {
      if (depthCut) return finish('max-depth', `states beyond depth ${maxDepth} were not explored (--max-depth)`);
      break;
    }
    frontier = next;
    frontierIdx = nextIdx;
    if (frontier.length > 0) depth++;
  }
  exhausted = true;
  if (constraintCut) return finish('constraint', 'the model\'s state constraint excluded some states');
  return finish(null);
  }
}
