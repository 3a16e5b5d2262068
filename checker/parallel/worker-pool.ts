// The coordinator's side of the worker threads: starts them, hands them each level (every
// thread, this one included, claims the next chunk when it finishes one: chunk-claims.ts), grows
// the shared seen-set when a thread finds it crowded, then has each thread resolve its chunks
// once every chunk was expanded.
import { Worker } from 'node:worker_threads';
import { ModelError } from '../errors.ts';
import type { ChunkResult, ExpandSetup } from './expand-chunk.ts';
import { ChunkClaims, chunkCounter } from './chunk-claims.ts';
import type { LevelRequest } from './level-search.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.ts';
import type { SharedSeenSet } from './shared-seen-set.ts';
import { spareBlockCount, takeSpareBlocks } from './frontier.ts';

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
/**
 * A worker's young generation, in MB. V8's default lets it grow to 32 MB per thread, which a
 * worker fills with states decoded and expanded a moment ago; 8 MB holds a chunk's short-lived
 * objects as well (measured: the same search, about 20 MB less per worker). Only the young
 * generation is capped: large objects and the old generation grow as the model needs.
 */
const YOUNG_GENERATION_MB = 8;

class SearchWorker {
  private readonly worker: Worker;
  private pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(ENTRY, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    this.worker.on('message', (m: FromWorker) => {
      const p = this.pending;
      this.pending = undefined;
      if (m.type === 'failed') p?.reject(new ModelError(`a search worker failed: ${m.message}`));
      else p?.resolve(m);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`a search worker exited (code ${code})`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure);
  }

  /** Sends one request and waits for its answer (one at a time). */
  call(m: ToWorker): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(m);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('closed');
    await this.worker.terminate();
  }
}

export class WorkerPool {
  private table: SharedSeenSet | undefined;

  private constructor(private readonly workers: readonly SearchWorker[]) {}

  /**
   * A pool of `count` workers: `count - 1` threads and the thread that runs the search, which
   * expands chunks as they do (each thread costs its own V8 heap, tsx and model: some 40 MB).
   */
  static start(count: number): WorkerPool {
    return new WorkerPool(Array.from({ length: Math.max(0, count - 1) }, () => new SearchWorker()));
  }

  /** Prepares every worker thread for a search (loading its model module), sharing `seen` with them. */
  async setUp(setup: WorkerSetup, seen: SharedSeenSet): Promise<void> {
    this.table = seen;
    await Promise.all(this.workers.map((w) => w.call({ type: 'setup', setup, table: seen.buffers })));
  }

  /** Workers, this thread included. */
  get size(): number { return this.workers.length + 1; }

  /** Expands a level in every thread, this one (with `local`, its own setup) included. */
  async expandLevel(request: LevelRequest, seen: { current: SharedSeenSet }, local: ExpandSetup): Promise<ChunkResult[]> {
    const { jobs, atDepthLimit, depth } = request;
    // The coordinator may have grown the seen-set since the last level (in its own thread, or committing the last level).
    if (this.table !== seen.current) await this.shareTable(seen.current);
    // The blocks of the level released last: every thread writes this level's new states into them.
    const share = Math.ceil(spareBlockCount() / this.size);
    if (share > 0) await Promise.all(this.workers.map((w) => w.call({ type: 'spares', blocks: takeSpareBlocks(share) })));
    const counter = chunkCounter();
    const mine = new ChunkClaims(local, jobs, request, counter);
    let theirs = this.workers.map((w) => w.call({ type: 'level', jobs, counter: counter.buffer as SharedArrayBuffer, atDepthLimit, depth }));
    // Phase A: every chunk expanded, or paused because the seen-set got crowded; then grown, and on.
    for (;;) {
      const done = await alongside(theirs, () => mine.expand(seen.current));
      const answers = await Promise.all(theirs);
      if (done && answers.every((r) => r.type === 'expanded' && r.done)) break;
      seen.current = seen.current.grown();
      await this.shareTable(seen.current);
      theirs = this.workers.map((w) => w.call({ type: 'continue' }));
    }
    // Phase B: each thread resolves the chunks it expanded.
    const results: ChunkResult[] = new Array(jobs.length);
    const resolved = this.workers.map((w) => w.call({ type: 'resolve' }));
    for (const { chunk, result } of await alongside(resolved, () => mine.resolve(seen.current))) results[chunk] = result;
    for (const r of await Promise.all(resolved)) if (r.type === 'resolved') for (const { chunk, result } of r.results) results[chunk] = result;
    seen.current = seen.current.endLevel();
    return results;
  }

  private async shareTable(table: SharedSeenSet): Promise<void> {
    this.table = table;
    await Promise.all(this.workers.map((w) => w.call({ type: 'table', table: table.buffers })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

/**
 * Runs `work` in this thread while the worker threads answer `pending`; when `work` throws, waits
 * for their answers first (they are about the same level), then throws.
 */
async function alongside<T>(pending: readonly Promise<FromWorker>[], work: () => T): Promise<T> {
  try {
    return work();
  } catch (e) {
    await Promise.allSettled(pending);
    throw e;
  }
}
