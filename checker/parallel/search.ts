// The level-synchronous search with any number of workers: the same figures, the same first
// violation and the same traces for every count (level-search.ts says why). One worker runs in
// this thread; more run in worker threads that load the model from its module.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrontierBudget, dropSpareBlocks } from './frontier.ts';
import type { AnyModel } from '../model.ts';
import { selectInvariants, type CheckOptions, type CheckOutcome } from '../check.ts';
import { InputError } from '../errors.ts';
import type { SearchObserver } from '../search-observer.ts';
import { selectProperties, temporalPredicates } from '../liveness/check-liveness.ts';
import type { Symmetry } from '../state-fingerprint.ts';
import { searchSymmetry } from '../symmetry-canonical.ts';
import { ValueCodec } from '../encoding/value-codec.ts';
import type { ExpandSetup } from './expand-chunk.ts';
import { expandLevel, searchInProcess } from './in-process.ts';
import { levelSearch, type LevelSearchSetup } from './level-search.ts';
import { SharedSeenSet } from './shared-seen-set.ts';
import { WorkerPool } from './worker-pool.ts';
import { moduleHash, readCheckpoint, writeCheckpoint, type LevelSnapshot, type SearchIdentity } from './checkpoint.ts';

export interface SearchOptions extends CheckOptions {
  /** Worker threads; 1 (the default here) searches in this thread. */
  readonly workers?: number;
  /** Absolute path of the model's module: worker threads load the model from it. */
  readonly modelModule?: string;
  /** Told of every edge, without its state or parameters (--coverage); --dot needs the one-thread search. */
  readonly coverage?: SearchObserver;
  /** Levels with fewer states are expanded in this thread (default 10,000); the figures do not depend on it. */
  readonly minParallelLevel?: number;
  /** Worker threads to use instead of starting `workers` new ones (the caller closes them). */
  readonly pool?: WorkerPool;
  /** Write a checkpoint to `dir` at level boundaries, at most every `everyMs`, and when stopped by `signal`. */
  readonly checkpoint?: { readonly dir: string; readonly everyMs: number };
  /** Ends the search at the next level boundary, with an `interrupted` outcome. */
  readonly signal?: AbortSignal;
  /** Continue the search whose checkpoint is in this folder. */
  readonly resume?: string;
  /** Bytes of encoded frontier to hold in memory; past it, blocks spill to a temporary folder. */
  readonly memoryBytes?: number;
  /**
   * Called once, when the search starts: after a checkpoint to resume was read (with what the
   * search had done when it was saved), before the first level. Nothing is said of a search
   * refused before it (a checkpoint of another search, say).
   */
  readonly onStart?: (resumed: ResumedFrom | undefined) => void;
}

/** What a resumed search had done when it was saved: the depth of the level it goes on with. */
export interface ResumedFrom { readonly depth: number; readonly distinct: number; readonly generated: number; readonly elapsedMs: number }

export const resumedFrom = (snap: LevelSnapshot): ResumedFrom => ({ depth: snap.depth, distinct: snap.log.size, generated: snap.generated, elapsedMs: snap.elapsedMs });

/** Chunks per worker and level: more than one evens out chunks that take longer than others. */
const CHUNKS_PER_WORKER = 4;

/**
 * Refuses, as an InputError, what this search would not check as the one-thread search does;
 * commands call it before printing anything. A checkpoint holds no state graph, so a search
 * that saves or resumes one cannot decide temporal properties: refusing them is the only way not
 * to report them as holding.
 */
export function refuseUnsupported(model: AnyModel, options: { readonly liveness?: boolean; readonly properties?: readonly string[]; readonly checkpoint?: boolean }): void {
  const temporal = options.liveness === false ? [] : selectProperties(model, options.properties);
  if (options.checkpoint && temporal.length > 0) throw new InputError(`model ${model.name} has temporal properties, which --checkpoint and --resume cannot check (a checkpoint holds no state graph): add --no-liveness to check its invariants only, or drop those options`);
}

export function prepare(model: AnyModel, options: SearchOptions): { expand: ExpandSetup; search: Omit<LevelSearchSetup, 'seen' | 'chunks'> } {
  const { consts, maxDepth, maxStates } = options;
  const invariants = selectInvariants(model, options.invariants);
  refuseUnsupported(model, { ...options, checkpoint: options.checkpoint !== undefined || options.resume !== undefined });
  if (options.symmetry && !model.symmetry) throw new InputError(`--symmetry: model ${model.name} declares no symmetry`);
  const temporal = options.liveness === false ? [] : selectProperties(model, options.properties);
  if (temporal.length > 0 && options.symmetry) throw new InputError('--symmetry cannot be used with temporal properties: a cycle of symmetry classes need not be a cycle of states (TLC warns it is unsound); add --no-liveness or drop --symmetry');
  const predicates = temporal.length > 0 ? temporalPredicates(temporal, consts).predicates : undefined;
  const recordEdges = temporal.length > 0 || options.coverage !== undefined;
  const symmetry: Symmetry = options.symmetry ? searchSymmetry(model) : undefined;
  if (maxDepth !== undefined && !(Number.isSafeInteger(maxDepth) && maxDepth >= 1)) throw new InputError(`max depth must be a positive integer, got ${maxDepth}`);
  if (maxStates !== undefined && !(Number.isSafeInteger(maxStates) && maxStates >= 1)) throw new InputError(`max states must be a positive integer, got ${maxStates}`);
  const workers = options.workers ?? 1;
  if (!(Number.isSafeInteger(workers) && workers >= 1)) throw new InputError(`workers must be a positive integer, got ${workers}`);
  const checkDeadlock = options.checkDeadlock ?? true;
  const continuing = options.continueAfterViolation ?? false;
  const codec = new ValueCodec();
  const memoryBytes = options.memoryBytes;
  if (memoryBytes !== undefined && !(Number.isSafeInteger(memoryBytes) && memoryBytes >= 1)) throw new InputError(`memory must be a positive number of bytes, got ${memoryBytes}`);
  const budget = FrontierBudget.of(memoryBytes, memoryBytes === undefined ? undefined : mkdtempSync(join(tmpdir(), 'dropcheck-spill-')));
  const recording = { ...(predicates ? { predicates } : {}), ...(recordEdges ? { recordEdges } : {}) };
  return {
    expand: { model, consts, invariants, symmetry, checkDeadlock, continuing, codec, budget, ...recording, ...(options.unverified ? { unverified: true } : {}) },
    search: {
      model, consts, invariants, symmetry, checkDeadlock, continuing, codec, budget, ...recording,
      ...(temporal.length > 0 ? { temporal } : {}),
      ...(options.coverage ? { coverage: options.coverage } : {}),
      ...(maxDepth !== undefined ? { maxDepth } : {}),
      ...(maxStates !== undefined ? { maxStates } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.progressEveryMs !== undefined ? { progressEveryMs: options.progressEveryMs } : {}),
    },
  };
}

/** Removes the spill folder, if the search had one, and the frontier's spare blocks. */
export function cleanUp(expand: ExpandSetup): void {
  dropSpareBlocks();
  if (expand.budget?.spillDir !== undefined) rmSync(expand.budget.spillDir, { recursive: true, force: true });
}

/** The search in this thread (one worker). */
export function searchOneWorker(model: AnyModel, options: SearchOptions): CheckOutcome {
  const { expand, search } = prepare(model, options);
  try {
    return searchInProcess(expand, search, { current: SharedSeenSet.create() });
  } finally {
    cleanUp(expand);
  }
}

/**
 * Levels smaller than this are expanded in this thread even with several workers: the threads
 * start only when a level is large enough to repay them (figures are the same either way).
 */
const MIN_PARALLEL_LEVEL = 10_000;

/** What a checkpoint of this search must match to be continued by it. */
export function identityOf(model: AnyModel, options: SearchOptions, expand: ExpandSetup, modelModule: string): SearchIdentity {
  return {
    model: model.name,
    moduleHash: moduleHash(modelModule),
    consts: options.consts,
    invariants: expand.invariants.map((i) => i.name),
    symmetry: expand.symmetry !== undefined,
    checkDeadlock: expand.checkDeadlock,
    continuing: expand.continuing,
    maxDepth: options.maxDepth ?? null,
    maxStates: options.maxStates ?? null,
  };
}

/** The search with `options.workers` workers (threads when more than one). */
export async function search(model: AnyModel, options: SearchOptions): Promise<CheckOutcome> {
  const workers = options.workers ?? 1;
  const { expand, search: setup } = prepare(model, options);
  try {
    return await searchWith(model, options, workers, expand, setup);
  } finally {
    cleanUp(expand);
  }
}

async function searchWith(model: AnyModel, options: SearchOptions, workers: number, expand: ExpandSetup, setup: ReturnType<typeof prepare>['search']): Promise<CheckOutcome> {
  const modelModule = options.modelModule;
  const checkpoint = options.checkpoint;
  const saving = checkpoint !== undefined || options.resume !== undefined;
  if (modelModule === undefined && (workers > 1 || saving)) {
    throw new InputError('a search with more than one worker or with checkpoints needs the path of the model module (modelModule)');
  }
  const identity = saving ? identityOf(model, options, expand, modelModule!) : undefined;
  const resume = options.resume !== undefined ? readCheckpoint(options.resume, identity!) : undefined;
  options.onStart?.(resume && resumedFrom(resume));
  const seen = { current: resume?.seen ?? SharedSeenSet.create() };
  if (resume) expand.budget?.add(resume.level.byteLength);
  if (workers === 1 && !saving && options.signal === undefined) return searchInProcess(expand, setup, seen);
  // The first boundary writes one (a search interrupted early can still be resumed); a resumed search has one.
  let lastWrite = resume ? performance.now() : -Infinity;
  const signal = options.signal;
  const atBoundary = checkpoint === undefined && signal === undefined ? undefined : (snapshot: () => LevelSnapshot): 'stop' | undefined => {
    const stop = signal?.aborted ?? false;
    if (checkpoint !== undefined && (stop || performance.now() - lastWrite >= checkpoint.everyMs)) {
      writeCheckpoint(checkpoint.dir, identity!, snapshot());
      lastWrite = performance.now();
    }
    return stop ? 'stop' : undefined;
  };
  const minParallelLevel = workers === 1 ? Infinity : options.minParallelLevel ?? MIN_PARALLEL_LEVEL;
  let pool: WorkerPool | undefined;
  let ready = false;
  try {
    const run = levelSearch({
      // A level expanded in this thread alone is one chunk, as in searchInProcess: each chunk
      // starts its own string dictionary and blocks, a cost with nothing to even out.
      ...setup, chunks: (n) => (n < minParallelLevel ? 1 : (options.pool?.size ?? workers) * CHUNKS_PER_WORKER), seen: () => seen.current, reuseBlocks: true,
      ...(resume ? { resume } : {}), ...(atBoundary ? { atBoundary } : {}),
    });
    let step = run.next();
    while (!step.done) {
      const request = step.value;
      // Between levels, let signals and other events through (an interrupt is acted on at a boundary).
      if (atBoundary) await new Promise((r) => setImmediate(r));
      const states = request.jobs.reduce((n, j) => n + j.slices.reduce((m, s) => m + s.to - s.from, 0), 0);
      if (states < minParallelLevel) {
        step = run.next(expandLevel(expand, seen, request));
        continue;
      }
      if (!ready) {
        pool = options.pool ?? WorkerPool.start(workers);
        ready = true;
        await pool.setUp({
          modelModule: modelModule!,
          consts: options.consts,
          invariants: expand.invariants.map((i) => i.name),
          symmetry: expand.symmetry !== undefined,
          checkDeadlock: expand.checkDeadlock,
          continuing: expand.continuing,
          properties: setup.temporal?.map((p) => p.name) ?? [],
          recordEdges: expand.recordEdges ?? false,
          budget: expand.budget!.buffer,
          ...(expand.budget!.spillDir !== undefined ? { spillDir: expand.budget!.spillDir } : {}),
        }, seen.current);
      }
      step = run.next(await pool!.expandLevel(request, seen, expand));
    }
    return step.value;
  } finally {
    if (pool !== options.pool) await pool?.close();
  }
}
