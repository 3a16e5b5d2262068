// One thread's part of a level expanded by several: chunks are claimed from a counter shared by
// every thread (an atomic add), so a thread that finishes a chunk takes the next one without a
// message to the coordinator, and the coordinator's own thread expands chunks like any worker
// (a search with N workers runs N - 1 worker threads: each costs its own V8 heap, tsx and model).
// Which thread expands a chunk does not matter: a chunk's result is the same in any thread.
import type { ChunkJob, LevelRequest } from './level-search.ts';
import { ChunkExpander, type ChunkResult, type ExpandSetup } from './expand-chunk.ts';
import type { SharedSeenSet } from './shared-seen-set.ts';

/** The shared counter of a level's chunks: the next chunk to claim. */
export const chunkCounter = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

export class ChunkClaims {
  private readonly expanders = new Map<number, ChunkExpander>();
  /** The chunk stopped because the seen-set got crowded: it goes on first once the table is grown. */
  private paused: number | undefined;

  constructor(
    private readonly setup: ExpandSetup,
    private readonly jobs: readonly ChunkJob[],
    private readonly request: Pick<LevelRequest, 'atDepthLimit' | 'depth'>,
    private readonly counter: Int32Array,
  ) {}

  /**
   * Phase A: the paused chunk, then chunks claimed until none is left (true) or the seen-set is
   * crowded (false: call again once it is grown).
   */
  expand(seen: SharedSeenSet): boolean {
    if (this.paused !== undefined) {
      if (!this.expanders.get(this.paused)!.expand(seen)) return false;
      this.paused = undefined;
    }
    for (;;) {
      const c = Atomics.add(this.counter, 0, 1);
      if (c >= this.jobs.length) return true;
      const job = this.jobs[c]!;
      const x = new ChunkExpander(this.setup, job.slices, job.startPos, this.request.atDepthLimit, this.request.depth);
      this.expanders.set(c, x);
      if (!x.expand(seen)) {
        this.paused = c;
        return false;
      }
    }
  }

  /** Phase B, once every thread's phase A is done: the results of this thread's chunks, by chunk number. */
  resolve(seen: SharedSeenSet): { chunk: number; result: ChunkResult }[] {
    const out: { chunk: number; result: ChunkResult }[] = [];
    for (const [chunk, x] of this.expanders) {
      out.push({ chunk, result: x.resolve(seen) });
      this.expanders.delete(chunk); // its candidates are garbage once resolved
    }
    return out;
  }
}
