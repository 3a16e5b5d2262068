// BFS levels held as bytes: each chunk of a level writes its new states, encoded, into one
// segment (the bytes and the offset of each state), in SharedArrayBuffers so that every worker
// can read any part of the level without a copy. No state object outlives its expansion.
import { ByteWriter } from '../encoding/byte-buffer.ts';
import type { LevelStore, SegmentSlice } from './interfaces.ts';

export interface Segment {
  readonly count: number;
  /** count + 1 offsets into `data`: state i is data[offsets[i], offsets[i + 1]). */
  readonly offsets: Uint32Array;
  readonly data: Uint8Array;
  /** The strings the encodings refer to, by number. */
  readonly strings: readonly string[];
}

/** Copies the given byte ranges of `from` (in order) into a new shared segment. */
export function packSegment(from: Uint8Array, starts: ArrayLike<number>, ends: ArrayLike<number>, count: number, strings: readonly string[]): Segment {
  let bytes = 0;
  for (let i = 0; i < count; i++) bytes += ends[i]! - starts[i]!;
  const offsets = new Uint32Array(new SharedArrayBuffer(4 * (count + 1)));
  const data = new Uint8Array(new SharedArrayBuffer(Math.max(1, bytes)));
  let p = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = p;
    data.set(from.subarray(starts[i]!, ends[i]!), p);
    p += ends[i]! - starts[i]!;
  }
  offsets[count] = p;
  return { count, offsets, data, strings };
}

/** A segment of the states written to `w`, one after another, at the given offsets. */
export function segmentOf(w: ByteWriter, offsets: readonly number[], strings: readonly string[]): Segment {
  const count = offsets.length;
  const ends = offsets.slice(1);
  ends.push(w.length);
  return packSegment(w.bytes, offsets, ends, count, strings);
}

/** A level in memory: the segments of its chunks, in order. */
export class Level implements LevelStore {
  private readonly segments: Segment[] = [];
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
    this.bytes += segment.data.byteLength + segment.offsets.byteLength;
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
