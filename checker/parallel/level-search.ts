// The coordinator of the level-synchronous search. Each level is split into contiguous chunks
// that workers expand (expand-chunk.ts); the coordinator then walks the chunks' results in
// order and does exactly what a one-worker search would have done, successor by successor:
// it numbers the new states in the order that search finds them, counts generated states,
// records violations and deadlocks, and stops where that search stops (a violation, a fault in
// model code, --max-states), with that search's figures at that point. So the figures, the
// first violation and its trace are the same for any number of workers and any chunking.
//
// The search is a generator that yields each level's chunk jobs and receives their results, so
// that one coordinator serves the in-process run and the worker threads alike.
import type { AnyModel, InvariantSpec, State, TemporalProperty } from '../model.ts';
import type { Fingerprint } from '../fingerprint.ts';
import type { SearchObserver } from '../search-observer.ts';
import type { PropertyViolation } from '../trace.ts';
import { collisionProbability, type Bound, type CheckOutcome, type CheckStats, type Counterexample, type Progress } from '../check.ts';
import { ModelError } from '../errors.ts';
import { StateLog } from '../state-log.ts';
import { stateFingerprintHi, stateFingerprintLo } from '../state-fingerprint.ts';
import { invalidStateError } from '../state-contract.ts';
import { atDepth, rebuildPath } from '../rebuild-trace.ts';
import { validateTrace } from '../validate-trace.ts';
import { prepareLiveness } from '../liveness/check-liveness.ts';
import { ByteWriter } from '../encoding/byte-buffer.ts';
import { StringDictionary } from '../encoding/value-codec.ts';
import { BlockWriter, Level, releaseLevel } from './frontier.ts';
import type { SegmentSlice } from './interfaces.ts';
import { faultOf, type ChunkResult, type ExpandSetup, type ModelFault } from './expand-chunk.ts';
import { edgesThrough, recordLevelEdges } from './level-edges.ts';
import type { LevelSnapshot } from './checkpoint.ts';
import { MAX_LEVEL_SIZE, type SharedSeenSet } from './shared-seen-set.ts';
import { encodesAs, invariantMutation } from './unchanged-check.ts';

export interface ChunkJob {
  readonly slices: readonly SegmentSlice[];
  /** Level position of the chunk's first state. */
  readonly startPos: number;
}

export interface LevelRequest {
  readonly jobs: readonly ChunkJob[];
  readonly atDepthLimit: boolean;
  /** Depth of the level's states, for the wording of model errors. */
  readonly depth: number;
}

/** What the coordinator needs beyond what every worker needs to expand states. */
export interface LevelSearchSetup extends ExpandSetup {
  readonly maxDepth?: number;
  readonly maxStates?: number;
  /** How many chunks to cut a level into (at least the number of workers), or how many for a level of `n` states. */
  readonly chunks: number | ((n: number) => number);
  /** The seen-set as it is now (the driver grows it by replacing it). */
  readonly seen: () => SharedSeenSet;
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** A checkpoint to continue from instead of the initial states. */
  readonly resume?: LevelSnapshot;
  /** Called at each level boundary with the search's state there; 'stop' ends the search there, interrupted. */
  readonly atBoundary?: (snapshot: () => LevelSnapshot) => 'stop' | undefined;
  /** Temporal properties to decide after the search, on the graph recorded in one-worker order (the chunks then record edges and predicates). */
  readonly temporal?: readonly TemporalProperty<any, any>[];
  /** Told of every edge (`state` is never called with a state): --coverage. */
  readonly coverage?: SearchObserver;
  /** Keep the blocks of expanded levels as spares (frontier.ts): this thread, or the threads it hands them to, write the next levels. */
  readonly reuseBlocks?: boolean;
}

const FROZEN_HINT = ' (states are frozen: build new values instead of modifying the state given)';

/** The one-worker search's wording of a fault in model code; `depth` is the level being expanded. */
export function faultError(f: ModelFault, model: AnyModel, invariants: readonly InvariantSpec<any, any>[], depth: number): Error {
  const where = f.during === 'invariant' ? `invariant ${invariants[f.index]!.name}, on a state at depth ${depth + 1}`
    : f.during === 'constraint' ? `the state constraint, on a state at depth ${depth + 1}`
    : f.during === 'action' ? `action ${model.actions[f.index]!.name}, on a state at depth ${depth}` : undefined;
  if (where === undefined) return f.modelError ? new ModelError(f.message) : new Error(f.message);
  return new ModelError(`${where}: ${f.message}${f.frozenWrite ? FROZEN_HINT : ''}`);
}

/** Cuts positions [0, n) into at most `parts` contiguous chunks of nearly equal size. */
function chunkJobs(level: Level, parts: number): ChunkJob[] {
  const n = level.size;
  const k = Math.max(1, Math.min(parts, n));
  const jobs: ChunkJob[] = [];
  for (let c = 0; c < k; c++) {
    const start = Math.floor((c * n) / k);
    const end = Math.floor(((c + 1) * n) / k);
    if (end > start) jobs.push({ slices: level.slice(start, end), startPos: start });
  }
  return jobs;
}

export function* levelSearch(setup: LevelSearchSetup): Generator<LevelRequest, CheckOutcome, ChunkResult[]> {
  const resume = setup.resume;
  const start = performance.now() - (resume?.elapsedMs ?? 0);
  const { model, consts, invariants, symmetry, maxDepth, maxStates, onProgress } = setup;
  const checkDeadlock = setup.checkDeadlock;
  const continuing = setup.continuing;
  const constraint = model.constraint;
  const coverage = setup.coverage;
  const progressEveryMs = setup.progressEveryMs ?? 1000;
  const log = resume?.log ?? new StateLog();
  /** Words of predicate bits per new state in a chunk's result. */
  const words = Math.ceil((setup.predicates?.length ?? 0) / 32);
  let generated = resume?.generated ?? 0;
  let depth = resume?.depth ?? 0;
  let peakQueue = resume?.peakQueue ?? 0;
  let constraintCut = resume?.constraintCut ?? false;
  let depthCut = false;
  let lastProgress = start;

  const stats = (): CheckStats => ({
    generatedStates: generated,
    distinctStates: log.size,
    depth,
    durationMs: Math.round(performance.now() - start),
    collisionProbability: collisionProbability(log.size, generated),
    peakQueue,
    indexBytesPerState: log.size === 0 ? 0 : (setup.seen().byteLength + log.byteLength) / log.size,
  });

  // A violation: the claim and the violating state's index in the log, or, for a state the
  // constraint excluded (never logged), its parent's index (-1: none) and its fingerprint.
  type Found = [PropertyViolation, number, Fingerprint?];
  const found = new Map<string, Found>((resume?.found ?? []).map((f) => [f[0].name, [...f]]));
  const liveness = prepareLiveness(model, consts, log, setup.temporal ?? []);
  const recorder = liveness?.recorder;
  // Temporal properties are decided after the search: while any is selected it never stops early.
  const propertyCount = invariants.length + (checkDeadlock ? 1 : 0) + (liveness ? Infinity : 0);
  let exhausted = false;

  const counterexample = ([claim, index, excluded]: Found): Counterexample => {
    const path = index < 0 ? [] : log.pathTo(index).map((i) => ({ hi: log.hiOf(i), lo: log.loOf(i) }));
    if (excluded) path.push(excluded);
    const trace = rebuildPath(model, consts, path, symmetry, atDepth);
    const verdict = validateTrace(model, consts, trace, claim, atDepth);
    if (!verdict.ok) throw new ModelError(`the counterexample failed re-validation (${verdict.message}): is the model deterministic?`);
    return { ...claim, trace };
  };

  /** Why the recorded graph is not the whole reachable graph (temporal verdicts are then unknown), as check.ts says it. */
  const graphIncomplete = (bound: Bound | null, boundDetail: string | undefined): string | undefined => {
    if (bound !== null) return `unknown: search cut (${boundDetail ?? bound})`;
    if (constraintCut) return 'unknown: the state constraint excluded states, and a graph it cuts is not every behaviour';
    if (maxDepth !== undefined) return 'unknown: search cut (--max-depth: the last level\'s edges were not recorded)';
    return exhausted ? undefined : 'unknown: the search stopped at a violation';
  };

  const finish = (bound: Bound | null, boundDetail?: string): CheckOutcome => {
    const detail = boundDetail === undefined ? {} : { boundDetail };
    const constrained = constraintCut;
    const violations = [...found.values()].map(counterexample);
    const figures = stats();
    const report = liveness?.run(graphIncomplete(bound, boundDetail));
    const temporal = report ? { temporal: report } : {};
    violations.push(...(report?.results.flatMap((r) => (r.violation ? [r.violation] : [])) ?? []));
    if (violations.length === 0) return { result: 'ok', stats: figures, ...temporal, constrained, bound, ...detail };
    return { result: 'violation', stats: figures, ...temporal, constrained, bound, ...detail, violation: violations[0]!, violations };
  };
  const maxStatesReached = () => finish('max-states', `stopped at ${maxStates} distinct states (--max-states)`);

  /** Records a violation; true when the search should stop now. */
  const violated = (kind: 'invariant' | 'deadlock', name: string, reason: string, index: number, excluded?: Fingerprint): boolean => {
    if (!found.has(name)) found.set(name, excluded ? [{ kind, name, reason }, index, excluded] : [{ kind, name, reason }, index]);
    return !continuing || found.size === propertyCount;
  };

  // ---- initial states: few, checked here in order ----
  const codec = setup.codec;
  const initWriter = new ByteWriter();
  const initStrings = new StringDictionary();
  const initBlocks = new BlockWriter(setup.budget);
  const initOffsets: number[] = [];
  const againWriter = new ByteWriter();
  let level = resume?.level ?? new Level();
  if (resume) {
    // The initial states' Record types, learned as a fresh search learns them.
    for (const s of model.init(consts) as Iterable<State>) codec.recordTypes.learn(s);
  } else {
    // TLC's semantics of a state constraint on initial states, as check.ts has them.
    let running = 'init' as 'init' | 'constraint' | 'invariant';
    let runningInvariant = -1;
    let inits = 0;
    const checkInvariants = (s: State, index: number, excluded?: Fingerprint): boolean => {
      running = 'invariant';
      for (let k = 0; k < invariants.length; k++) {
        runningInvariant = k;
        const reason = invariants[k]!.check(s, consts);
        if (excluded === undefined && !encodesAs(codec, s, initStrings, againWriter, initWriter.view(), 0)) {
          runningInvariant = -1; // the error below is located already
          throw invariantMutation(consts, codec.decode(initWriter.view(), 0, initStrings.strings()) as State, invariants, 1);
        }
        if (reason === undefined) continue;
        if (typeof reason !== 'string') throw new ModelError(`it returned ${JSON.stringify(reason) ?? typeof reason}: a check returns undefined when the invariant holds, or the reason (a string) when it is violated`);
        if (violated('invariant', invariants[k]!.name, reason, index, excluded)) return true;
      }
      runningInvariant = -1;
      running = 'init';
      return false;
    };
    try {
      const initial = [...model.init(consts)] as State[];
      // A value no state holds (a function, a cycle ...) is named with its path, as check.ts does.
      const named = <T>(s: State, f: () => T): T => {
        try {
          return f();
        } catch (e) {
          const named = invalidStateError(s, e);
          throw named instanceof ModelError ? new ModelError(`init: ${named.message}`) : named;
        }
      };
      for (const s of initial) named(s, () => codec.recordTypes.learn(s));
      for (const s of initial) {
        generated++;
        inits++;
        const hi = named(s, () => stateFingerprintHi(symmetry, consts, s, false));
        const lo = stateFingerprintLo();
        if (constraint) {
          running = 'constraint';
          const admitted = constraint(s, consts);
          running = 'init';
          if (!admitted) {
            constraintCut = true;
            if (checkInvariants(s, -1, { hi, lo })) { depth = 1; return finish(null); }
            continue;
          }
        }
        if (!setup.seen().addCommitted(hi, lo)) continue;
        if (maxStates !== undefined && log.size >= maxStates) return maxStatesReached();
        const idx = log.append(hi, lo, -1);
        initWriter.length = 0;
        codec.encode(s, initWriter, initStrings);
        initOffsets.push(initBlocks.append(initWriter));
        coverage?.state(s, idx, -1);
        recorder?.state(s, idx, -1);
        if (checkInvariants(s, idx)) { depth = 1; return finish(null); }
      }
    } catch (e) {
      // An invariant's own exception names it; the modification it made is located already (runningInvariant is -1 then).
      if (runningInvariant >= 0 || e instanceof ModelError) throw faultError(faultOf(e, runningInvariant >= 0 ? 'invariant' : 'none', runningInvariant), model, invariants, 0);
      const fault = faultOf(e, running === 'constraint' ? 'constraint' : 'none', -1);
      if (running === 'constraint') throw faultError(fault, model, invariants, 0);
      throw new ModelError(`init: ${fault.message}${fault.frozenWrite ? FROZEN_HINT : ''}`);
    }
    if (inits === 0) throw new ModelError(`model ${model.name} has no initial state`);
    if (initOffsets.length === 0 && found.size > 0) { depth = 1; return finish(null); }
    if (initOffsets.length === 0) throw new ModelError(`model ${model.name} has no initial state that satisfies its state constraint`);
    level.push({ count: initOffsets.length, offsets: Float64Array.from(initOffsets), blocks: initBlocks.blocks, strings: initStrings.strings() });
  }
  if (!resume) depth = 1;
  let levelBase = resume?.levelBase ?? 0;

  // ---- one level at a time ----
  while (level.size > 0) {
    const boundary = { level, levelBase };
    const stop = setup.atBoundary?.(() => ({
      generated, depth, peakQueue, constraintCut, levelBase: boundary.levelBase, elapsedMs: performance.now() - start,
      found: [...found.values()], log, seen: setup.seen(), level: boundary.level,
    }));
    if (stop === 'stop') {
      return { result: 'interrupted', stats: stats(), constrained: constraintCut, level: { depth, expanded: 0, of: level.size }, violations: [...found.values()].map(counterexample) };
    }
    if (level.size > MAX_LEVEL_SIZE) throw new ModelError(`a BFS level of ${level.size} states is more than the search can number`);
    peakQueue = Math.max(peakQueue, level.size);
    const atDepthLimit = maxDepth !== undefined && depth >= maxDepth;
    const jobs = chunkJobs(level, typeof setup.chunks === 'number' ? setup.chunks : setup.chunks(level.size));
    const results: ChunkResult[] = yield { jobs, atDepthLimit, depth };
    const next = new Level();
    const nextBase = log.size;
    // Where the search stops inside the level: the edges the one-worker search had recorded by then.
    const recordUpTo = (c: number, edges: number): void => {
      const r = results[c]!;
      if (r.firstExcludedAt >= 0 && r.firstExcludedAt <= generated - genBase) constraintCut = true;
      if (recorder || coverage) recordLevelEdges(results.slice(0, c + 1), jobs, levelBase, nextBase, model.actions.length, recorder, coverage, edges);
    };
    let genBase = generated;
    for (let c = 0; c < results.length; c++) {
      const r = results[c]!;
      genBase = generated;
      let e = 0;
      const events = r.events;
      // Events of the chunk before its winner `w` (or its end), in order. Returns an outcome to stop with.
      const eventsBefore = (w: number): CheckOutcome | undefined => {
        for (; e < events.length; e++) {
          const ev = events[e]!;
          if (ev.type === 'state') {
            if (ev.winner >= w) return undefined;
            continue; // handled with its winner
          }
          if (ev.winnersBefore > w) return undefined;
          if (ev.type === 'deadlock') {
            generated = genBase + ev.generated;
            if (violated('deadlock', 'Deadlock', 'no action is enabled', levelBase + ev.parentPos)) { recordUpTo(c, edgesThrough(r, ev.parentPos - jobs[c]!.startPos)); return finish(null); }
          } else if (ev.type === 'excluded') {
            generated = genBase + ev.generated;
            for (const [k, reason] of ev.violations) {
              if (violated('invariant', invariants[k]!.name, reason, levelBase + ev.parentPos, ev.state)) { recordUpTo(c, ev.edgesBefore); depth++; return finish(null); }
            }
            if (ev.fault) throw faultError(ev.fault, model, invariants, depth);
          } else if (ev.type === 'fault') {
            throw faultError(ev.fault, model, invariants, depth);
          } else if (!depthCut) {
            if (ev.fault) throw faultError(ev.fault, model, invariants, depth);
            depthCut = true;
          }
        }
        return undefined;
      };
      for (let w = 0; w < r.count; w++) {
        const stop = eventsBefore(w);
        if (stop) return stop;
        generated = genBase + r.generatedAt[w]!;
        if (maxStates !== undefined && log.size >= maxStates) { recordUpTo(c, r.edges?.foundBy[w] ?? 0); return maxStatesReached(); }
        const idx = log.append(r.hi[w]!, r.lo[w]!, levelBase + r.parentPos[w]!);
        if (recorder) recorder.stateWithBits(idx, levelBase + r.parentPos[w]!, r.predicateBits!, w * words);
        const ev = events[e];
        if (ev?.type === 'state' && ev.winner === w) {
          e++;
          for (const [k, reason] of ev.violations) {
            if (violated('invariant', invariants[k]!.name, reason, idx)) { recordUpTo(c, (r.edges?.foundBy[w] ?? 0) + 1); depth++; return finish(null); }
          }
          if (ev.fault) throw faultError(ev.fault, model, invariants, depth);
        }
      }
      const stop = eventsBefore(Infinity);
      if (stop) return stop;
      generated = genBase + r.generated;
      if (r.constraintCut) constraintCut = true;
      next.push(r.segment);
    }
    if (recorder || coverage) recordLevelEdges(results, jobs, levelBase, nextBase, model.actions.length, recorder, coverage);
    if (onProgress) {
      const now = performance.now();
      if (now - lastProgress >= progressEveryMs) {
        lastProgress = now;
        onProgress({ distinctStates: log.size, generatedStates: generated, queueSize: next.size, depth, elapsedMs: now - start });
      }
    }
    if (atDepthLimit) {
      if (depthCut) return finish('max-depth', `states beyond depth ${maxDepth} were not explored (--max-depth)`);
      break;
    }
    releaseLevel(level, setup.budget, setup.reuseBlocks);
    level = next;
    levelBase = nextBase;
    if (level.size > 0) depth++;
  }
  exhausted = true;
  return finish(null);
}
