// What a worker does with one chunk of a level, in the cluster's two phases (the same two
// phases as the worker threads, expand-chunk.ts): A expands the chunk's states and offers the
// candidates' fingerprints, one batch per shard; B, once every chunk of the level was offered,
// claims them, one batch per shard, and writes the chunk's new states and result.
//
// The expander asks its seen-set synchronously, one fingerprint at a time; the cluster answers a
// batch at a time. So the expander runs against a local stand-in: in phase A every fingerprint
// not met before in the chunk may be new (the cluster's answer comes in phase B: a candidate that
// was a duplicate of another chunk or level loses its claim and is dropped, exactly as a worker
// thread's candidate that lost the race), and in phase B the stand-in hands out the claims'
// answers in the order the expander asks for them. At the depth limit the expander asks whether
// successors were seen: it runs twice, once to learn the questions, once with the answers.
import { ChunkExpander, type ChunkResult, type ExpandSetup } from '../parallel/expand-chunk.ts';
import type { SeenSet } from '../parallel/interfaces.ts';
import { call, type SearchCluster } from './connect.ts';
import { readSearch } from './search-record.ts';
import { encodeChunkResult } from './chunk-result.ts';
import type { SearchKeys } from './keys.ts';
import { packSegment, readSlice, writeSegment, type RemoteSlice } from './segments.ts';
import type { SeenShards } from './seen-shards.ts';

export interface ChunkTask {
  readonly startPos: number;
  readonly slices: readonly RemoteSlice[];
}

export interface LevelTask {
  readonly id: number;
  readonly phase: 'A' | 'B';
  /** Depth of the level's states. */
  readonly depth: number;
  readonly atDepthLimit: boolean;
  readonly chunks: readonly ChunkTask[];
}

/** The expander's seen-set in this process: candidates in order, and answers given in turn. */
class LocalSeen implements SeenSet {
  readonly crowded = false;
  readonly his: number[] = [];
  readonly los: number[] = [];
  readonly keys: number[] = [];
  /** Fingerprints asked about with has(), in order. */
  readonly asked: [number, number][] = [];
  private readonly met = new Set<string>();
  private claimed = 0;

  constructor(private readonly claims?: readonly boolean[], private readonly seenAnswers?: readonly boolean[]) {}

  offer(hi: number, lo: number, key: number): boolean {
    const k = `${hi}:${lo}`;
    if (this.met.has(k)) return false; // an earlier candidate of this chunk, with a key no larger
    this.met.add(k);
    this.his.push(hi);
    this.los.push(lo);
    this.keys.push(key);
    return true;
  }

  claim(): boolean { return this.claims![this.claimed++]!; }

  has(hi: number, lo: number): boolean {
    const i = this.asked.length;
    this.asked.push([hi, lo]);
    return this.seenAnswers === undefined ? true : this.seenAnswers[i]!;
  }

  get size(): number { return this.his.length; }
  get byteLength(): number { return 0; }
}

/** A chunk expanded (phase A): the expander, ready to resolve, and its candidates. */
export interface ExpandedChunk {
  readonly expander: ChunkExpander;
  readonly seen: LocalSeen;
}

export class ChunkWork {
  constructor(
    private readonly cluster: SearchCluster,
    private readonly keys: SearchKeys,
    private readonly shards: SeenShards,
    private readonly setup: ExpandSetup,
    /** Fault tests: how long to wait between claiming a chunk's new states and writing them (a worker slower than its lease). */
    private readonly pauseBeforeOutputMs = 0,
  ) {}

  /** Phase A without the offers: reads the chunk's states and expands them here. */
  async expand(task: LevelTask, chunk: ChunkTask): Promise<ExpandedChunk> {
    const slices = await Promise.all(chunk.slices.map((s) => readSlice(this.cluster, s)));
    const run = (seen: LocalSeen): ExpandedChunk => {
      const expander = new ChunkExpander(this.setup, slices, chunk.startPos, task.atDepthLimit, task.depth);
      expander.expand(seen);
      return { expander, seen };
    };
    const first = run(new LocalSeen());
    if (!task.atDepthLimit || first.seen.asked.length === 0) return first;
    const asked = first.seen.asked;
    const answers = await this.shards.has(asked.map(([h]) => h), asked.map(([, l]) => l));
    return run(new LocalSeen(undefined, answers));
  }

  /** Phase A. */
  async offer(x: ExpandedChunk): Promise<void> {
    if (x.seen.size > 0) await this.shards.offer(x.seen.his, x.seen.los, x.seen.keys);
  }

  /**
   * Phase B: claims, then writes the new states and the result (one transaction: all or nothing).
   * Written late, once the search is over, they are removed again: the search's removal of its
   * keys may have run before they were written (whatever was written before the search ended,
   * that removal finds). Late within a search they are left: the segment is the next level's
   * states, and rewriting it gives the same bytes.
   */
  async resolve(task: LevelTask, c: number, x: ExpandedChunk): Promise<void> {
    const { his, los, keys } = x.seen;
    const claims = his.length === 0 ? [] : await this.shards.claim(his, los, keys, task.depth);
    const result: ChunkResult = x.expander.resolve(new LocalSeen(claims));
    const elements = packSegment(this.setup.codec, result.segment);
    if (this.pauseBeforeOutputMs > 0) await new Promise((r) => setTimeout(r, this.pauseBeforeOutputMs));
    const segment = this.keys.segment(task.id, c), resultKey = this.keys.result(task.id, c);
    await writeSegment(this.cluster, segment, elements, [resultKey, encodeChunkResult(result)]);
    const rec = await readSearch(this.cluster);
    if (rec === undefined || rec.sid !== this.keys.sid || rec.status === 'done') await call(Promise.all([this.cluster.unlink(segment), this.cluster.unlink(resultKey)]), 'removing a late chunk\'s output');
  }
}
