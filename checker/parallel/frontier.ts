// BFS levels held as bytes: each chunk of a level writes its new states, encoded, into one
// segment, in SharedArrayBuffers so that every worker can read any part of the level without a
// copy. No state object outlives its expansion.
//
// A segment's bytes are fixed-size blocks that a state never straddles, filled as states are
// encoded: growing never copies, and a chunk's new states become a segment without a copy
// (candidates that turned out not to be new leave their bytes behind as slack).
//
// With a memory budget (--memory), a block that is full while the frontier's blocks in memory
// exceed the budget is written to a file and dropped: a spilled block is read back when its
// states are expanded, and its file is deleted once its level is done.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { ByteWriter } from '../encoding/byte-buffer.ts';
import { InputError } from '../errors.ts';
import type { LevelStore, SegmentSlice } from './interfaces.ts';

/** Bytes of the first block, and of the others at most: small levels stay small. */
const FIRST_BLOCK = 1 << 16;
const MAX_BLOCK = 1 << 20;
/** A state's place: block number * SPAN + offset in the block (a block is smaller than SPAN). */
const SPAN = 1 << 24;

/** A block written to a file. */
export interface SpilledBlock {
  readonly path: string;
  readonly size: number;
}

export type Block = Uint8Array | SpilledBlock;

export interface Segment {
  readonly count: number;
  /** Where each state starts: block number * 2^24 + offset in the block. */
  readonly offsets: Float64Array;
  readonly blocks: readonly Block[];
  /** The strings the encodings refer to, by number. */
  readonly strings: readonly string[];
}

/**
 * The frontier's bytes in memory, shared by every thread: [0] KiB held, [1] the budget in KiB
 * (0: none). Blocks are counted when made and when dropped.
 */
export class FrontierBudget {
  readonly words: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8), readonly spillDir?: string) {
    this.words = new Int32Array(buffer);
  }

  static of(capBytes: number | undefined, spillDir: string | undefined): FrontierBudget {
    const b = new FrontierBudget(new SharedArrayBuffer(8), spillDir);
    b.words[1] = capBytes === undefined ? 0 : Math.max(1, Math.floor(capBytes / 1024));
    return b;
  }

  add(bytes: number): void { Atomics.add(this.words, 0, Math.ceil(bytes / 1024)); }

  remove(bytes: number): void { Atomics.sub(this.words, 0, Math.ceil(bytes / 1024)); }

  get exceeded(): boolean {
    const cap = Atomics.load(this.words, 1);
    return cap > 0 && this.spillDir !== undefined && Atomics.load(this.words, 0) > cap;
  }
}

let spillCount = 0;

/**
 * Blocks of levels already expanded, by size, which this thread's next blocks of that size reuse:
 * level after level, the frontier lives in the same memory. Left to the collectors instead, a
 * level's blocks wait until every thread that saw them has collected its views (shared memory is
 * freed only then), and hundreds of MB of dead levels were measured waiting. Every chunk of every
 * level starts with blocks of 64 KB to 512 KB (its first five), so those are kept too: a level cut
 * into 8 chunks leaves some 8 MB of them, 73 levels of the protocol model with 3 sinks about 600
 * MB of garbage. Not with a budget (--memory): a spare block would be memory the budget does not count.
 */
let spares = new Map<number, Uint8Array[]>();
let spareCount = 0;

/** Sizes a writer makes (FIRST_BLOCK doubled up to MAX_BLOCK): a block of another size (one state larger than MAX_BLOCK) is not kept. */
const standardSize = (n: number): boolean => n >= FIRST_BLOCK && n <= MAX_BLOCK && (n & (n - 1)) === 0;

function keepSpare(b: Uint8Array): void {
  if (!standardSize(b.byteLength)) return;
  let list = spares.get(b.byteLength);
  if (list === undefined) spares.set(b.byteLength, (list = []));
  list.push(b);
  spareCount++;
}

function takeSpare(size: number): Uint8Array | undefined {
  const b = spares.get(size)?.pop();
  if (b !== undefined) spareCount--;
  return b;
}

/** Gives this thread blocks to reuse (from the coordinator, which released them). */
export function addSpareBlocks(blocks: readonly Uint8Array[]): void {
  for (const b of blocks) keepSpare(b);
}

/** Takes up to `n` of this thread's spare blocks, some of each size (to hand them to another thread). */
export function takeSpareBlocks(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const share = n / Math.max(1, spareCount);
  for (const list of spares.values()) out.push(...list.splice(list.length - Math.min(list.length, Math.ceil(list.length * share))));
  spareCount -= out.length;
  while (out.length > n) keepSpare(out.pop()!);
  return out;
}

/** How many spare blocks this thread holds. */
export const spareBlockCount = (): number => spareCount;

/** Drops this thread's spare blocks (a search is over). */
export function dropSpareBlocks(): void {
  spares = new Map();
  spareCount = 0;
}

/** Reads spilled blocks back, keeping the last one read (states are read mostly in order). */
export class BlockReader {
  private path = '';
  private bytes: Uint8Array = new Uint8Array(0);

  /** The block and offset at which state `i` of a segment starts. */
  locate(segment: Segment, i: number): { block: Uint8Array; offset: number } {
    const at = segment.offsets[i]!;
    const b = Math.floor(at / SPAN);
    const block = segment.blocks[b]!;
    if (block instanceof Uint8Array) return { block, offset: at - b * SPAN };
    if (block.path !== this.path) {
      this.bytes = new Uint8Array(readFileSync(block.path));
      this.path = block.path;
    }
    return { block: this.bytes, offset: at - b * SPAN };
  }
}

/** Shared blocks that encodings are appended to. */
export class BlockWriter {
  readonly blocks: Block[] = [];
  private current: Uint8Array | undefined;
  private used = 0;

  constructor(private readonly budget?: FrontierBudget) {}

  /** Copies `w`'s bytes in; returns where they start. */
  append(w: ByteWriter): number {
    const n = w.length;
    if (this.current === undefined || this.used + n > this.current.length) {
      if (n >= SPAN) throw new Error(`a state whose encoding takes ${n} bytes is larger than the search can hold`);
      if (this.current !== undefined && this.budget?.exceeded) this.spillCurrent();
      // Doubling from FIRST_BLOCK to MAX_BLOCK (the shift bounded: past 15 blocks, a 32-bit shift
      // of FIRST_BLOCK overflowed into blocks of a single state).
      const size = Math.max(n, Math.min(MAX_BLOCK, FIRST_BLOCK << Math.min(this.blocks.length, 4)));
      this.current = takeSpare(size) ?? new Uint8Array(new SharedArrayBuffer(size));
      this.budget?.add(size);
      this.blocks.push(this.current);
      this.used = 0;
    }
    const b = this.blocks.length - 1;
    this.current.set(w.bytes.subarray(0, n), this.used);
    const at = b * SPAN + this.used;
    this.used += n;
    return at;
  }

  private spillCurrent(): void {
    const block = this.current!;
    const path = join(this.budget!.spillDir!, `block-${threadId}-${spillCount++}`);
    try {
      writeFileSync(path, block.subarray(0, this.used));
    } catch (e) {
      throw new InputError(`--memory: cannot spill the frontier to ${this.budget!.spillDir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    this.blocks[this.blocks.length - 1] = { path, size: this.used };
    this.budget!.remove(block.length);
  }

  /** Bytes held in memory. */
  get byteLength(): number {
    return this.blocks.reduce((n, b) => n + (b instanceof Uint8Array ? b.byteLength : 0), 0);
  }
}

/** A block's bytes, read back from its file when it was spilled. */
export function blockBytes(b: Block): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(readFileSync(b.path));
}

/**
 * Drops a level's blocks: in-memory ones leave the budget, spilled ones are deleted. With
 * `keepSpares` (the search's threads write the next levels) and no cap, its blocks become this
 * thread's spares. The level must not be read again.
 */
export function releaseLevel(level: Level, budget: FrontierBudget | undefined, keepSpares = false): void {
  const reuse = keepSpares && (budget === undefined || Atomics.load(budget.words, 1) === 0);
  for (const seg of level.segments) {
    for (const b of seg.blocks) {
      if (b instanceof Uint8Array) {
        budget?.remove(b.byteLength);
        if (reuse) keepSpare(b);
      } else {
        rmSync(b.path, { force: true });
      }
    }
  }
}

/** A level in memory: the segments of its chunks, in order. */
export class Level implements LevelStore {
  readonly segments: Segment[] = [];
  /** starts[i]: position in the level of segment i's first state. */
  private readonly starts: number[] = [];
  private count = 0;
  private bytes = 0;

  get size(): number { return this.count; }

  /** Bytes held by the encoded states. */
  get byteLength(): number { return this.bytes; }

  push(segment: Segment): void {
    if (segment.count === 0) return;
    this.segments.push(segment);
    this.starts.push(this.count);
    this.count += segment.count;
    this.bytes += segment.blocks.reduce((n, b) => n + (b instanceof Uint8Array ? b.byteLength : 0), 0) + segment.offsets.byteLength;
  }

  slice(start: number, end: number): SegmentSlice[] {
    const out: SegmentSlice[] = [];
    for (let i = 0; i < this.segments.length && start < end; i++) {
      const first = this.starts[i]!;
      const seg = this.segments[i]!;
      if (start >= first + seg.count) continue;
      const to = Math.min(seg.count, end - first);
      out.push({ segment: seg, from: start - first, to });
      start = first + to;
    }
    return out;
  }
}
