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
import type { AnyModel, InvariantSpec, State } from '../model.ts';
import type { PropertyViolation } from '../trace.ts';
import { collisionProbability, type Bound, type CheckOutcome, type CheckStats, type Counterexample, type Progress } from '../check.ts';
import { ModelError } from '../errors.ts';
import { StateLog } from '../state-log.ts';
import { stateFingerprintHi, stateFingerprintLo } from '../state-fingerprint.ts';
import { rebuildTrace } from '../rebuild-trace.ts';
import { validateTrace } from '../validate-trace.ts';
import { ByteWriter } from '../encoding/byte-buffer.ts';
import { StringDictionary } from '../encoding/value-codec.ts';
import { BlockWriter, Level, releaseLevel } from './frontier.ts';
import type { SegmentSlice } from './interfaces.ts';
import { faultOf, type ChunkResult, type ExpandSetup, type ModelFault } from './expand-chunk.ts';
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
  /** How many chunks to cut a level into (at least the number of workers). */
  readonly chunks: number;
  /** The seen-set as it is now (the driver grows it by replacing it). */
  readonly seen: () => SharedSeenSet;
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** A checkpoint to continue from instead of the initial states. */
  readonly resume?: LevelSnapshot;
  /** Called at each level boundary with the search's state there; 'stop' ends the search there, interrupted. */
  readonly atBoundary?: (snapshot: () => LevelSnapshot) => 'stop' | undefined;
}

const FROZEN_HINT = ' (states are frozen: build new values instead of modifying the state given)';

/** The one-worker search's wording of a fault in model code; `depth` is the level being expanded. */
export function faultError(f: ModelFault, model: AnyModel, invariants: readonly InvariantSpec<any, any>[], depth: number): Error {
  const where = f.during === 'invariant' ? `invariant ${invariants[f.index]!.name}, on a state at depth ${depth + 1}`
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
  const progressEveryMs = setup.progressEveryMs ?? 1000;
  const log = resume?.log ?? new StateLog();
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

  const found = new Map<string, [PropertyViolation, number]>((resume?.found ?? []).map(([claim, index]) => [claim.name, [claim, index]]));
  const propertyCount = invariants.length + (checkDeadlock ? 1 : 0);

  const counterexample = ([claim, index]: [PropertyViolation, number]): Counterexample => {
    const trace = rebuildTrace(model, consts, log, index, symmetry);
    const verdict = validateTrace(model, consts, trace, claim);
    if (!verdict.ok) throw new ModelError(`the counterexample failed re-validation (${verdict.message}): is the model deterministic?`);
    return { ...claim, trace };
  };

  const finish = (bound: Bound | null, boundDetail?: string): CheckOutcome => {
    const detail = boundDetail === undefined ? {} : { boundDetail };
    const constrained = constraintCut;
    if (found.size === 0) return { result: 'ok', stats: stats(), constrained, bound, ...detail };
    const violations = [...found.values()].map(counterexample);
    return { result: 'violation', stats: stats(), constrained, bound, ...detail, violation: violations[0]!, violations };
  };
  const maxStatesReached = () => finish('max-states', `stopped at ${maxStates} distinct states (--max-states)`);

  /** Records a violation; true when the search should stop now. */
  const violated = (kind: 'invariant' | 'deadlock', name: string, reason: string, index: number): boolean => {
    if (!found.has(name)) found.set(name, [{ kind, name, reason }, index]);
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
    let runningInvariant = -1;
    try {
      const inits = [...model.init(consts)] as State[];
      for (const s of inits) codec.recordTypes.learn(s);
      for (const s of inits) {
        generated++;
        if (constraint && !constraint(s, consts)) { constraintCut = true; continue; }
        const hi = stateFingerprintHi(symmetry, consts, s, false);
        const lo = stateFingerprintLo();
        if (!setup.seen().addCommitted(hi, lo)) continue;
        if (maxStates !== undefined && log.size >= maxStates) return maxStatesReached();
        const idx = log.append(hi, lo, -1);
        initWriter.length = 0;
        codec.encode(s, initWriter, initStrings);
        initOffsets.push(initBlocks.append(initWriter));
        for (let k = 0; k < invariants.length; k++) {
          runningInvariant = k;
          const reason = invariants[k]!.check(s, consts);
          if (!encodesAs(codec, s, initStrings, againWriter, initWriter.view(), 0)) {
            runningInvariant = -1; // the error below is located already
            throw invariantMutation(consts, codec.decode(initWriter.view(), 0, initStrings.strings()) as State, invariants, 1);
          }
          if (reason === undefined) continue;
          if (typeof reason !== 'string') throw new ModelError(`it returned ${JSON.stringify(reason) ?? typeof reason}: a check returns undefined when the invariant holds, or the reason (a string) when it is violated`);
          if (violated('invariant', invariants[k]!.name, reason, idx)) { depth = 1; return finish(null); }
        }
        runningInvariant = -1;
      }
    } catch (e) {
      const fault = faultOf(e, runningInvariant >= 0 ? 'invariant' : 'none', runningInvariant);
      if (runningInvariant >= 0 || e instanceof ModelError) throw faultError(fault, model, invariants, 0);
      throw new ModelError(`${constraint ? 'init or the state constraint' : 'init'}: ${fault.message}${fault.frozenWrite ? FROZEN_HINT : ''}`);
    }
    level.push({ count: initOffsets.length, offsets: Float64Array.from(initOffsets), blocks: initBlocks.blocks, strings: initStrings.strings() });
  }
  if (!resume) {
    if (level.size === 0 && !constraintCut) throw new ModelError(`model ${model.name} has no initial state`);
    if (level.size > 0) depth = 1;
  }
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
    const results: ChunkResult[] = yield { jobs: chunkJobs(level, setup.chunks), atDepthLimit, depth };
    const next = new Level();
    const nextBase = log.size;
    for (const r of results) {
      const genBase = generated;
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
            if (violated('deadlock', 'Deadlock', 'no action is enabled', levelBase + ev.parentPos)) return finish(null);
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
        if (maxStates !== undefined && log.size >= maxStates) return maxStatesReached();
        const idx = log.append(r.hi[w]!, r.lo[w]!, levelBase + r.parentPos[w]!);
        const ev = events[e];
        if (ev?.type === 'state' && ev.winner === w) {
          e++;
          for (const [k, reason] of ev.violations) {
            if (violated('invariant', invariants[k]!.name, reason, idx)) { depth++; return finish(null); }
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
    releaseLevel(level, setup.budget);
    level = next;
    levelBase = nextBase;
    if (level.size > 0) depth++;
  }
  return finish(null);
}
