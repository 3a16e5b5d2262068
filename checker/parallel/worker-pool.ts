// The coordinator's side of the worker threads: starts them, hands out a level's chunks (each
// worker takes the next chunk when it finishes one), grows the shared seen-set when a worker
// finds it crowded, then has each worker resolve its chunks once every chunk was expanded.
import { Worker } from 'node:worker_threads';
import { ModelError } from '../errors.ts';
import type { ChunkResult } from './expand-chunk.ts';
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

  /** Starts `count` worker threads (each loads a model when a search is set up). */
  static start(count: number): WorkerPool {
    return new WorkerPool(Array.from({ length: count }, () => new SearchWorker()));
  }

  /** Prepares every worker for a search (loading its model module), sharing `seen` with them. */
  async setUp(setup: WorkerSetup, seen: SharedSeenSet): Promise<void> {
    this.table = seen;
    await Promise.all(this.workers.map((w) => w.call({ type: 'setup', setup, table: seen.buffer, header: seen.headerBuffer })));
  }

  get size(): number { return this.workers.length; }

  async expandLevel(request: LevelRequest, seen: { current: SharedSeenSet }): Promise<ChunkResult[]> {
    const { jobs, atDepthLimit, depth } = request;
    // The coordinator may have grown the table in its own thread since the last level.
    if (this.table !== seen.current) await this.shareTable(seen.current);
    // The blocks of the level released last: the workers write this level's new states into them.
    const share = Math.ceil(spareBlockCount() / this.workers.length);
    if (share > 0) await Promise.all(this.workers.map((w) => w.call({ type: 'spares', blocks: takeSpareBlocks(share) })));
    const owner: number[] = [];
    const paused: number[][] = this.workers.map(() => []);
    let next = 0;
    for (;;) {
      // Phase A: every chunk expanded, or paused because the seen-set got crowded.
      await Promise.all(this.workers.map(async (w, wi) => {
        const resume = paused[wi]!;
        paused[wi] = [];
        for (let k = 0; k < resume.length; k++) {
          const r = await w.call({ type: 'continue', chunk: resume[k]! });
          if (r.type === 'expanded' && !r.done) { paused[wi] = resume.slice(k); return; }
        }
        while (next < jobs.length) {
          const c = next++;
          owner[c] = wi;
          const r = await w.call({ type: 'expand', chunk: c, slices: jobs[c]!.slices, startPos: jobs[c]!.startPos, atDepthLimit, depth });
          if (r.type === 'expanded' && !r.done) { paused[wi]!.push(c); return; }
        }
      }));
      if (paused.every((p) => p.length === 0)) break;
      seen.current = seen.current.grown();
      await this.shareTable(seen.current);
    }
    // Phase B: each worker resolves its own chunks.
    const results: ChunkResult[] = new Array(jobs.length);
    await Promise.all(this.workers.map(async (w, wi) => {
      for (let c = 0; c < jobs.length; c++) {
        if (owner[c] !== wi) continue;
        const r = await w.call({ type: 'resolve', chunk: c });
        if (r.type === 'resolved') results[c] = r.result;
      }
    }));
    return results;
  }

  private async shareTable(table: SharedSeenSet): Promise<void> {
    this.table = table;
    await Promise.all(this.workers.map((w) => w.call({ type: 'table', table: table.buffer, header: table.headerBuffer })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
