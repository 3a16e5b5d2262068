// Breadth-first explicit-state search: every reachable state, each invariant checked on each
// distinct state when it is first reached, so the first violation found has a shortest trace.
//
// The search is an object that runs in slices (`Search.advance`): `check` runs it to the end in
// one call, `checkAsync` yields to the event loop between slices, so that a signal can stop it
// and the figures learned so far are kept (`Search.interrupt`).
import type { AnyModel, Consts, InvariantSpec, State } from './model.ts';
import type { PropertyViolation, TraceStep } from './trace.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { StateLog } from './state-log.ts';
import { captureEntries, fingerprintHi, holdEntries, fingerprintLo, StateRecords, type Fingerprint } from './fingerprint.ts';
import { stateFingerprintLo, stateOwnHi, stateOwnLo, type Symmetry } from './state-fingerprint.ts';
import { atDepth, rebuildPath } from './rebuild-trace.ts';
import { validateTrace } from './validate-trace.ts';
import { contractedFingerprintHi, invariantReason, modelCodeError } from './state-contract.ts';
import { findMutation, unexplainedChange } from './mutation-guard.ts';
import { recordCopy, sameRecord } from './state-copy.ts';
import { InputError, ModelError } from './errors.ts';
import { DEFAULT_SLICE_MS, yieldToEventLoop, type Interruptible } from './slices.ts';
import { observers, type SearchObserver } from './search-observer.ts';
import { prepareLiveness, selectProperties, type LivenessPhase, type LivenessReport } from './liveness/check-liveness.ts';

/** Which limit stopped the search before it had seen every state the model allows. */
export type Bound = 'max-depth' | 'max-states';

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
  /**
   * Do not verify that model code left the states it was given unmodified. Only the benchmark
   * sets it, to measure what verifying costs: an unverified search can miscount, and miss a
   * violation of, a model that modifies its states.
   */
  readonly unverified?: boolean;
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

interface Figures {
  readonly stats: CheckStats;
  /** The temporal properties' verdicts, when any was checked (`stats` are the search's alone). */
  readonly temporal?: LivenessReport;
  /**
   * True when the model's state constraint excluded at least one state: the search covered the
   * states the constraint allows (complete under the constraint when `bound` is null).
   */
  readonly constrained: boolean;
}

/** The verdict of a search that ran to its end (or to a bound). */
export type CheckVerdict =
  | (Figures & { readonly result: 'ok'; readonly bound: Bound | null; readonly boundDetail?: string })
  | (Figures & {
      readonly result: 'violation';
      /** Non-null only with continueAfterViolation, when the search was also cut short. */
      readonly bound: Bound | null;
      readonly boundDetail?: string;
      /** The first violation found (the shortest trace of all). */
      readonly violation: Counterexample;
      /** The first violation of each property, in the order found (just `violation` unless continuing). */
      readonly violations: readonly Counterexample[];
    });

/** Where a search stopped before its end: no verdict, only what it had learned. */
export interface Interrupted extends Figures {
  readonly result: 'interrupted';
  /** The BFS level being expanded: its depth, and how many of its states were expanded. */
  readonly level: { readonly depth: number; readonly expanded: number; readonly of: number };
  /** Violations already found (with continueAfterViolation only: otherwise the first ends the search). */
  readonly violations: readonly Counterexample[];
}

export type CheckOutcome = CheckVerdict | Interrupted;

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

/** Runs the search to its end. */
export function check(model: AnyModel, options: CheckOptions): CheckVerdict {
  return new Search(model, options).advance(Infinity) as CheckVerdict;
}

export interface AsyncCheckOptions extends CheckOptions, Interruptible {}

/** Runs the search, yielding to the event loop every `sliceMs`, until its end or the signal. */
export async function checkAsync(model: AnyModel, options: AsyncCheckOptions): Promise<CheckOutcome> {
  const search = new Search(model, options);
  const slice = options.sliceMs ?? DEFAULT_SLICE_MS;
  for (;;) {
    if (options.signal?.aborted) return search.interrupt();
    const outcome = search.advance(performance.now() + slice);
    if (outcome !== undefined) return outcome;
    await yieldToEventLoop();
  }
}

/** The first violation of a property: the claim, and where the violating state is. */
interface Found {
  readonly claim: PropertyViolation;
  /** The violating state's index in the log; for a state the constraint excluded (never logged), its parent's (-1: none). */
  readonly index: number;
  /** The fingerprint of a violating state the constraint excluded. */
  readonly excluded?: Fingerprint;
}

/** One breadth-first search, run in slices. */
export class Search {
  private readonly model: AnyModel;
  private readonly consts: Consts;
  private readonly invariants: InvariantSpec<any, any>[];
  private readonly checkDeadlock: boolean;
  private readonly constraint: ((s: State, c: Consts) => boolean) | undefined;
  private readonly symmetry: Symmetry;
  private readonly maxDepth: number | undefined;
  private readonly maxStates: number | undefined;
  private readonly onProgress: ((p: Progress) => void) | undefined;
  private readonly progressEveryMs: number;
  private readonly continuing: boolean;
  private readonly verify: boolean;
  private readonly propertyCount: number;
  private readonly start = performance.now();
  /** Records the graph and decides the temporal properties after the search; undefined without any. */
  private readonly liveness: LivenessPhase | undefined;
  private readonly observer: SearchObserver | undefined;
  /** Set when the search has expanded every state it found (the recorded graph is whole). */
  private exhausted = false;

  private readonly seen = new FingerprintSet();
  private readonly log = new StateLog();
  private readonly found = new Map<string, Found>();
  private generated = 0;
  private depth = 0;
  private peakQueue = 0;
  /** Successors (and initial states) the constraint excluded, duplicates included. */
  private excluded = 0;
  private depthCut = false;
  private lastProgress = this.start;

  // The level being expanded (`frontier`, from position `f`) and the next one. With a symmetry,
  // `*Own` hold each state's own fingerprint (hi, lo pairs): the log has its class's. Without
  // one, `*Records` hold each state's entries as found (see fingerprint.ts).
  private frontier: State[] = [];
  private frontierIdx: number[] = [];
  private frontierOwn: number[] = [];
  private frontierRecords = new StateRecords();
  private f = 0;
  private next: State[] = [];
  private nextIdx: number[] = [];
  private nextOwn: number[] = [];
  private nextRecords = new StateRecords();
  private started = false;
  private outcome: CheckVerdict | undefined;
  /**
   * The states model code yielded since the last check of them, beside the record copies kept
   * in their place (see state-copy.ts): the code that yielded one may still write into it.
   */
  private yielded: State[] = [];
  private copies: State[] = [];

  // What model code is running, so that an exception it throws can be reported by name.
  private runningInit = false;
  private runningAction = -1;
  private runningInvariant = -1;
  private runningConstraint = false;

  constructor(model: AnyModel, options: CheckOptions) {
    const { maxDepth, maxStates } = options;
    if (options.symmetry && !model.symmetry) throw new InputError(`--symmetry: model ${model.name} declares no symmetry`);
    if (maxDepth !== undefined && !(Number.isSafeInteger(maxDepth) && maxDepth >= 1)) throw new InputError(`max depth must be a positive integer, got ${maxDepth}`);
    if (maxStates !== undefined && !(Number.isSafeInteger(maxStates) && maxStates >= 1)) throw new InputError(`max states must be a positive integer, got ${maxStates}`);
    this.model = model;
    this.consts = options.consts;
    this.invariants = selectInvariants(model, options.invariants);
    this.checkDeadlock = options.checkDeadlock ?? true;
    this.constraint = model.constraint?.bind(model);
    this.symmetry = options.symmetry ? model.symmetry?.bind(model) : undefined;
    this.maxDepth = maxDepth;
    this.maxStates = maxStates;
    this.onProgress = options.onProgress;
    this.progressEveryMs = options.progressEveryMs ?? 1000;
    this.continuing = options.continueAfterViolation ?? false;
    this.verify = !options.unverified;
    const temporal = options.liveness === false ? [] : selectProperties(model, options.properties);
    if (temporal.length > 0 && options.symmetry) throw new InputError('--symmetry cannot be used with temporal properties: a cycle of symmetry classes need not be a cycle of states (TLC warns it is unsound); add --no-liveness or drop --symmetry');
    this.liveness = prepareLiveness(model, this.consts, this.log, temporal);
    this.observer = observers(this.liveness?.recorder, options.observer);
    // Temporal properties are decided after the search: while any is selected it never stops early.
    this.propertyCount = this.invariants.length + (this.checkDeadlock ? 1 : 0) + (this.liveness ? Infinity : 0);
  }

  /**
   * Runs the search until it ends (returns its verdict) or until `performance.now()` passes
   * `until` (returns undefined; call again to go on).
   */
  advance(until: number): CheckVerdict | undefined {
    if (this.outcome !== undefined) return this.outcome;
    try {
      if (!this.started) {
        this.started = true;
        this.outcome = this.initialStates();
        if (this.outcome !== undefined) return this.outcome;
      }
      const timed = until !== Infinity;
      for (;;) {
        if (this.f === this.frontier.length) {
          this.outcome = this.endLevel();
          if (this.outcome !== undefined) return this.outcome;
          continue;
        }
        this.outcome = this.expand(this.f);
        if (this.outcome !== undefined) return this.outcome;
        this.f++;
        if (timed && (this.f & 15) === 0 && performance.now() >= until) return undefined;
      }
    } catch (e) {
      throw this.located(this.mutationFirst(e));
    }
  }

  /** Ends the search where it is: the figures so far, and the violations already found. */
  interrupt(): CheckOutcome {
    if (this.outcome !== undefined) return this.outcome;
    try {
      return {
        result: 'interrupted',
        ...this.figures(),
        level: { depth: this.depth, expanded: this.f, of: this.frontier.length },
        violations: this.counterexamples(),
      };
    } catch (e) {
      throw this.located(e);
    }
  }

  private figures(): Figures {
    const log = this.log;
    return {
      stats: {
        generatedStates: this.generated,
        distinctStates: log.size,
        depth: this.depth,
        durationMs: Math.round(performance.now() - this.start),
        collisionProbability: collisionProbability(log.size, this.generated),
        peakQueue: this.peakQueue,
        indexBytesPerState: log.size === 0 ? 0 : (this.seen.byteLength + log.byteLength) / log.size,
      },
      constrained: this.excluded > 0,
    };
  }

  private counterexamples(): Counterexample[] {
    // The search's own model code is done: what fails from here on is named by the trace rebuild.
    this.runningInit = false;
    this.runningAction = -1;
    this.runningInvariant = -1;
    this.runningConstraint = false;
    if (this.verify) this.verifyLive();
    return [...this.found.values()].map((v) => this.counterexample(v));
  }

  private counterexample({ claim, index, excluded }: Found): Counterexample {
    const log = this.log;
    const path = index < 0 ? [] : log.pathTo(index).map((i) => ({ hi: log.hiOf(i), lo: log.loOf(i) }));
    if (excluded) path.push(excluded);
    const trace = rebuildPath(this.model, this.consts, path, this.symmetry, atDepth);
    const verdict = validateTrace(this.model, this.consts, trace, claim, atDepth);
    if (!verdict.ok) throw new ModelError(`the counterexample failed re-validation (${verdict.message}): is the model deterministic?`);
    return { ...claim, trace };
  }

  private finish(bound: Bound | null, boundDetail?: string): CheckVerdict {
    const violations = this.counterexamples();
    const figures = this.figures();
    const report = this.liveness?.run(this.graphIncomplete(bound, boundDetail));
    const temporal = report ? { temporal: report } : {};
    violations.push(...(report?.results.flatMap((r) => (r.violation ? [r.violation] : [])) ?? []));
    const detail = boundDetail === undefined ? {} : { boundDetail };
    if (violations.length === 0) return { result: 'ok', ...figures, ...temporal, bound, ...detail };
    return { result: 'violation', ...figures, ...temporal, bound, ...detail, violation: violations[0]!, violations };
  }

  /** Why the recorded graph is not the whole reachable graph (temporal verdicts are then unknown). */
  private graphIncomplete(bound: Bound | null, boundDetail: string | undefined): string | undefined {
    if (bound !== null) return `unknown: search cut (${boundDetail ?? bound})`;
    if (this.excluded > 0) return 'unknown: the state constraint excluded states, and a graph it cuts is not every behaviour';
    if (this.maxDepth !== undefined) return 'unknown: search cut (--max-depth: the last level\'s edges were not recorded)';
    return this.exhausted ? undefined : 'unknown: the search stopped at a violation';
  }

  /** Records a violation; true when the search should stop now. */
  private violated(kind: 'invariant' | 'deadlock', name: string, reason: string, index: number, excluded?: Fingerprint): boolean {
    if (!this.found.has(name)) this.found.set(name, { claim: { kind, name, reason }, index, ...(excluded ? { excluded } : {}) });
    return !this.continuing || this.found.size === this.propertyCount;
  }

  /** Checks every invariant in `s` (state `index`, or an excluded successor of it); true when the search should stop now. */
  private checkInvariants(s: State, index: number, excluded?: Fingerprint): boolean {
    const invariants = this.invariants;
    for (let k = 0; k < invariants.length; k++) {
      this.runningInvariant = k;
      const reason = invariantReason(invariants[k]!, s, this.consts);
      if (reason !== undefined && this.violated('invariant', invariants[k]!.name, reason, index, excluded)) return true;
    }
    this.runningInvariant = -1;
    return false;
  }

  /** Whether the state constraint admits `s` (TLC's isInModel); every state does without one. */
  private admits(s: State): boolean {
    if (this.constraint === undefined) return true;
    this.runningConstraint = true;
    const inModel = this.constraint(s, this.consts);
    this.runningConstraint = false;
    return inModel;
  }

  // TLC's semantics of a state constraint, as in tlc2/tool/Worker.java (addElement) and
  // ModelChecker.java (DoInitFunctor.addElement), tlaplus/tlaplus at cc6b616: every state
  // generated is counted (statesGenerated++) before the constraint is evaluated; a state outside
  // the constraint (!isInModel) is never put in the fingerprint set, so it stays "unseen" and
  // its invariants are checked every time it is generated, but it is not enqueued (never
  // explored, never counted distinct, no depth). The same holds for initial states; a model whose
  // every initial state is outside the constraint is an error there
  // (TLC_NO_STATES_SATISFYING_INIT_AND_CONSTRAINT). A state with successors that are all
  // outside the constraint is not a deadlock: its successors were generated.
  private initialStates(): CheckVerdict | undefined {
    const { consts, seen, log } = this;
    let first: State | undefined;
    let inits = 0;
    this.runningInit = true;
    for (const s of this.model.init(consts) as Iterable<State>) {
      this.generated++;
      inits++;
      const hi = this.fingerprintOf(s, first ?? s, false);
      const lo = stateFingerprintLo();
      if (!this.symmetry) {
        captureEntries(s);
        holdEntries(); // before any model code runs on it
      }
      first ??= s;
      if (!this.admits(s)) {
        this.excluded++;
        const stop = this.checkInvariants(s, -1, { hi, lo });
        if (this.verify && !this.excludedAsFound(s, hi, lo)) throw this.mutation(-1, { hi, lo });
        if (stop) return this.stopAt(1);
        continue;
      }
      if (!seen.add(hi, lo)) continue;
      if (this.maxStates !== undefined && log.size >= this.maxStates) return this.finish('max-states', `stopped at ${this.maxStates} distinct states (--max-states)`);
      const idx = log.append(hi, lo, -1);
      // Queued before its invariants run, so that a verdict they give verifies it too.
      const kept = this.pushNext(s, idx);
      // The temporal predicates are model code too: they run after it is queued, like invariants.
      if (this.observer) this.observer.state(kept, idx, -1);
      if (this.checkInvariants(kept, idx)) return this.stopAt(1);
    }
    this.runningInit = false;
    if (this.verify) this.verifyYielded(-1);
    if (inits === 0) throw new ModelError(`model ${this.model.name} has no initial state`);
    if (this.next.length === 0 && this.found.size > 0) return this.stopAt(1);
    if (this.next.length === 0) throw new ModelError(`model ${this.model.name} has no initial state that satisfies its state constraint`);
    this.depth = 1;
    this.startLevel();
    return undefined;
  }

  /** The search stops at a violation in a state at depth `d`. */
  private stopAt(d: number): CheckVerdict {
    this.depth = Math.max(this.depth, d);
    return this.finish(null);
  }

  /** Queues `s`, just fingerprinted as state `idx`: returns the record copy kept in its place. */
  private pushNext(s: State, idx: number): State {
    if (this.symmetry) this.nextOwn.push(stateOwnHi(), stateOwnLo());
    else this.nextRecords.keep(s);
    const kept = recordCopy(s);
    if (this.verify) { this.yielded.push(s); this.copies.push(kept); }
    this.next.push(kept);
    this.nextIdx.push(idx);
    return kept;
  }

  /**
   * Whether the states yielded since the last call still hold what their copies were made with;
   * when one does not, the error for the code that yielded it, expanding state `parent` (-1: init).
   */
  private verifyYielded(parent: number): void {
    const { yielded, copies } = this;
    for (let i = 0; i < yielded.length; i++) {
      if (!sameRecord(yielded[i]!, copies[i]!)) throw this.mutation(parent < 0 ? this.nextIdx[this.next.indexOf(copies[i]!)]! : parent);
    }
    yielded.length = 0;
    copies.length = 0;
  }

  private startLevel(): void {
    this.frontier = this.next;
    this.frontierIdx = this.nextIdx;
    this.frontierOwn = this.nextOwn;
    [this.frontierRecords, this.nextRecords] = [this.nextRecords, this.frontierRecords];
    this.nextRecords.clear();
    this.next = [];
    this.nextIdx = [];
    this.nextOwn = [];
    this.f = 0;
    this.peakQueue = Math.max(this.peakQueue, this.frontier.length);
  }

  private atDepthLimit(): boolean {
    return this.maxDepth !== undefined && this.depth >= this.maxDepth;
  }

  /** After the last state of a level: the verdict when the search ends here, else the next level. */
  private endLevel(): CheckVerdict | undefined {
    if (this.atDepthLimit()) {
      return this.depthCut ? this.finish('max-depth', `states beyond depth ${this.maxDepth} were not explored (--max-depth)`) : this.finish(null);
    }
    this.startLevel();
    if (this.frontier.length === 0) { this.exhausted = true; return this.finish(null); }
    this.depth++;
    return undefined;
  }

  /**
   * The fingerprint the search deduplicates `t` by (the low half in `stateFingerprintLo()`),
   * refusing what is not a state with the variables of `reference`, and naming the path.
   */
  private fingerprintOf(t: State, reference: State, successor: boolean): number {
    return contractedFingerprintHi(this.symmetry, this.consts, t, reference, successor);
  }

  /** Expands state `f` of the level; a verdict when the search ends there. */
  private expand(f: number): CheckVerdict | undefined {
    const s = this.frontier[f]!;
    const parent = this.frontierIdx[f]!;
    const { consts, seen, log, symmetry, constraint, invariants, maxStates, observer } = this;
    const actions = this.model.actions;
    const atDepthLimit = this.atDepthLimit();
    const onProgress = this.onProgress;
    let successors = 0;
    // Its successors reuse the hashes of the variables they share with it, as recorded when it
    // was found (with a symmetry every state is hashed whole). When its variables are no longer
    // those recorded, it was modified since.
    if (!symmetry && !this.frontierRecords.registerParent(s, f) && this.verify) throw this.mutation(parent);
    for (let a = 0; a < actions.length; a++) {
      this.runningAction = a;
      for (const succ of actions[a]!.successors(s, consts)) {
        successors++;
        const t = succ.state as State;
        if (atDepthLimit) {
          // Only asks whether the limit hides anything (a state not seen yet means it does);
          // the level is still scanned to the end for deadlocks.
          if (!this.depthCut) {
            const hi = this.fingerprintOf(t, s, true);
            if (!seen.has(hi, stateFingerprintLo()) && this.admits(t)) this.depthCut = true;
          }
          continue;
        }
        const generated = ++this.generated;
        // Every 4096 successors, duplicates included (a duplicate-heavy level still reports).
        if (onProgress && (generated & 0xfff) === 0) this.progress(f);
        const hi = contractedFingerprintHi(symmetry, consts, t, s, true);
        const lo = stateFingerprintLo();
        // Its entries as they are, before the constraint runs on it (see StateRecords.keep).
        if (constraint !== undefined && symmetry === undefined) holdEntries();
        if (constraint !== undefined && !this.admits(t)) {
          this.excluded++;
          const stop = invariants.length > 0 && this.checkInvariants(t, parent, { hi, lo });
          if (this.verify && !this.excludedAsFound(t, hi, lo)) throw this.mutation(parent);
          if (stop) return this.stopAt(this.depth + 1);
          continue;
        }
        if (!seen.add(hi, lo)) { if (observer) observer.edge(parent, a, succ.params, hi, lo, -1); continue; }
        if (maxStates !== undefined && log.size >= maxStates) return this.finish('max-states', `stopped at ${maxStates} distinct states (--max-states)`);
        const idx = log.append(hi, lo, parent);
        // Its entries as hashed (before any other model code ran on it); queued before its
        // invariants run, so that a verdict they give verifies it too.
        const kept = this.pushNext(t, idx);
        if (observer) { observer.state(kept, idx, parent); observer.edge(parent, a, succ.params, hi, lo, idx); }
        if (invariants.length > 0 && this.checkInvariants(kept, idx)) return this.stopAt(this.depth + 1);
      }
    }
    this.runningAction = -1;
    if (this.verify) {
      if (!this.isAsFound(f)) throw this.mutation(parent);
      this.verifyYielded(parent);
    }
    if (successors === 0 && this.checkDeadlock && this.violated('deadlock', 'Deadlock', 'no action is enabled', parent)) return this.finish(null);
    return undefined;
  }

  private progress(f: number): void {
    const now = performance.now();
    if (now - this.lastProgress < this.progressEveryMs) return;
    this.lastProgress = now;
    this.onProgress!({ distinctStates: this.log.size, generatedStates: this.generated, queueSize: this.frontier.length - f + this.next.length, depth: this.depth, elapsedMs: now - this.start });
  }

  // ---- verifying that model code left its states as they were (see mutation-guard.ts) ----

  // A state is verified once, after the last model code that can touch it has run: the
  // invariants and the constraint when it was found, its parent's action after yielding it, and
  // its own actions. Those all run before its expansion ends, so one comparison with what it was
  // when found, at that end, covers them all. A value it shares by reference with another state
  // (its parent, a sibling, a successor) is verified again with each of them, after their own
  // code ran: a mutation through the shared reference fails the first verification that follows
  // it, and the one that follows the culprit's own code is the culprit's own state (an invariant
  // or the constraint runs on a successor during its parent's expansion). A state whose
  // expansion was cut short by a verdict is verified with those still waiting (`verifyLive`);
  // one cut short by an exception, before that exception is reported (`mutationFirst`). Until
  // a verification fails, a modified state may have given its successors stale hashes: no
  // figure or verdict of such a search is reported, only the modification. Model code is given
  // a record copy of each state kept (state-copy.ts), not the object the action yielded: the
  // action may still hold that one, so it is compared with its copy once the expansion that
  // yielded it ends (`verifyYielded`).

  /** Whether state `f` of the level (or of the next one) is still as it was when it was found. */
  private isAsFound(f: number, level: 'frontier' | 'next' = 'frontier'): boolean {
    const s = level === 'frontier' ? this.frontier[f]! : this.next[f]!;
    if (this.symmetry) return this.unchanged(s, ...this.ownFingerprint(f, level));
    return (level === 'frontier' ? this.frontierRecords : this.nextRecords).unchanged(s, f);
  }

  /**
   * `e`, thrown by model code while state `f` was expanded, unless that state was modified
   * before: then the modification, which may be what made the code throw.
   */
  private mutationFirst(e: unknown): unknown {
    if (e instanceof InputError || (e instanceof ModelError && e.located)) return e;
    if (!this.verify || this.runningAction < 0 || this.isAsFound(this.f)) return e;
    return this.mutation(this.frontierIdx[this.f]!);
  }

  /** Whether `s` still has the fingerprint it had when it was found (hashed from scratch). */
  private unchanged(s: State, hi: number, lo: number): boolean {
    try {
      return fingerprintHi(s) === hi && fingerprintLo() === lo;
    } catch {
      return false; // it now holds something that is not a value
    }
  }

  /**
   * Whether `s`, a state the constraint just excluded (fingerprinted as `hi`, `lo`), is still as
   * it was found once the constraint and its invariants have run: no other code runs on it, and
   * it is never kept, so this is its only verification.
   */
  private excludedAsFound(s: State, hi: number, lo: number): boolean {
    return this.symmetry ? this.unchanged(s, stateOwnHi(), stateOwnLo()) : this.unchanged(s, hi, lo);
  }

  /** The fingerprint state `f` of the level (or of the next one) had when it was found: its own, not its class's. */
  private ownFingerprint(f: number, level: 'frontier' | 'next' = 'frontier'): [number, number] {
    const [idx, own] = level === 'frontier' ? [this.frontierIdx, this.frontierOwn] : [this.nextIdx, this.nextOwn];
    return this.symmetry ? [own[2 * f]!, own[2 * f + 1]!] : [this.log.hiOf(idx[f]!), this.log.loOf(idx[f]!)];
  }

  /** Before a verdict is given early: the states still held must be as they were found. */
  private verifyLive(): void {
    this.verifyYielded(this.depth === 0 ? -1 : this.frontierIdx[this.f]!);
    for (let f = this.f; f < this.frontier.length; f++) {
      if (!this.isAsFound(f)) throw this.mutation(this.frontierIdx[f]!);
    }
    for (let f = 0; f < this.next.length; f++) {
      if (!this.isAsFound(f, 'next')) throw this.mutation(this.nextIdx[f]!);
    }
  }

  /**
   * The error for state `index`, found modified: re-runs the model on copies of its path to name
   * the culprit. An initial state the constraint excluded has no index (-1): `excluded` is its
   * fingerprint.
   */
  private mutation(index: number, excluded?: Fingerprint): ModelError {
    const log = this.log;
    const path: Fingerprint[] = log.pathTo(index).map((i) => ({ hi: log.hiOf(i), lo: log.loOf(i) }));
    if (excluded) path.push(excluded);
    const code = { invariants: this.invariants, constraint: true, ...(this.symmetry ? { symmetry: this.symmetry } : {}) };
    try {
      const steps = rebuildPath(this.model, this.consts, path, this.symmetry, atDepth);
      findMutation(this.model, this.consts, steps, code, atDepth);
    } catch (e) {
      if (e instanceof ModelError && e.located) return e;
    }
    return unexplainedChange(`a state at depth ${path.length}`);
  }

  /** The error `e` thrown while model code ran, named with that code and the depth of its state. */
  private located(e: unknown): unknown {
    if (e instanceof InputError || (e instanceof ModelError && e.located)) return e;
    // An invariant or the constraint runs on a state just found (one level below the one being
    // expanded); an action runs on a state of the level being expanded.
    const where = this.runningInvariant >= 0 ? `invariant ${this.invariants[this.runningInvariant]!.name}, on a state at depth ${this.depth + 1}`
      : this.runningConstraint ? `the state constraint, on a state at depth ${this.depth + 1}`
      : this.runningAction >= 0 ? `action ${this.model.actions[this.runningAction]!.name}, on a state at depth ${this.depth}`
      : this.runningInit ? 'init'
      : undefined;
    return where === undefined ? e : modelCodeError(where, e);
  }
}
