// BFS levels held as bytes: each chunk of a level writes its new states, encoded, into one
// segment, in SharedArrayBuffers so that every worker can read any part of the level without a
// copy. No state object outlives its expansion.
//
// A segment's bytes are fixed-size blocks that a state never straddles, filled as states are
// encoded: growing never copies, and a chunk's new states become a segment without a copy
// (candidates that turned out not to be new leave their bytes behind as slack).
import type { ByteWriter } from '../encoding/byte-buffer.ts';
import type { LevelStore, SegmentSlice } from './interfaces.ts';

/** Bytes of the first block, and of the others at most: small levels stay small. */
const FIRST_BLOCK = 1 << 16;
const MAX_BLOCK = 1 << 20;
/** A state's place: block number * SPAN + offset in the block (a block is smaller than SPAN). */
const SPAN = 1 << 24;

export interface Segment {
  readonly count: number;
  /** Where each state starts: block number * 2^24 + offset in the block. */
  readonly offsets: Float64Array;
  readonly blocks: readonly Uint8Array[];
  /** The strings the encodings refer to, by number. */
  readonly strings: readonly string[];
}

/** The block and offset at which state `i` of a segment starts. */
export function locate(segment: Segment, i: number): { block: Uint8Array; offset: number } {
  const at = segment.offsets[i]!;
  const b = Math.floor(at / SPAN);
  return { block: segment.blocks[b]!, offset: at - b * SPAN };
}

/** Shared blocks that encodings are appended to. */
export class BlockWriter {
  readonly blocks: Uint8Array[] = [];
  private used = 0;
  private room = 0;

  /** Copies `w`'s bytes in; returns where they start. */
  append(w: ByteWriter): number {
    const n = w.length;
    if (this.used + n > this.room) {
      if (n >= SPAN) throw new Error(`a state whose encoding takes ${n} bytes is larger than the search can hold`);
      const size = Math.max(n, Math.min(MAX_BLOCK, FIRST_BLOCK << this.blocks.length));
      this.blocks.push(new Uint8Array(new SharedArrayBuffer(size)));
      this.used = 0;
      this.room = size;
    }
    const b = this.blocks.length - 1;
    this.blocks[b]!.set(w.bytes.subarray(0, n), this.used);
    const at = b * SPAN + this.used;
    this.used += n;
    return at;
  }

  /** Bytes held. */
  get byteLength(): number {
    return this.blocks.reduce((n, b) => n + b.byteLength, 0);
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
    this.bytes += segment.blocks.reduce((n, b) => n + b.byteLength, 0) + segment.offsets.byteLength;
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
