// A level's states in the cluster: each chunk's new states, already encoded (checker/encoding),
// packed many to a list element. Element 0 holds the segment's strings (JSON); element 1 + e
// holds states [e * PACK, (e + 1) * PACK) as [count u32][end offset u32 per state][bytes].
// A worker reads only the elements its slice of the level needs.
import { ByteWriter } from '../encoding/byte-buffer.ts';
import { StringDictionary, type ValueCodec } from '../encoding/value-codec.ts';
import { BlockReader, type Segment } from '../parallel/frontier.ts';
import type { SegmentSlice } from '../parallel/interfaces.ts';
import { call, type SearchCluster } from './connect.ts';

/** States per list element. */
export const PACK = 256;

/** A segment held by the cluster: what tasks and snapshots name. */
export interface SegmentRef {
  readonly key: string;
  readonly count: number;
}

/** A Segment of a Level whose states are in the cluster (its bytes are not in this process). */
export interface RemoteSegment extends Segment {
  readonly ref: SegmentRef;
}

export const remoteSegment = (ref: SegmentRef): RemoteSegment =>
  ({ ref, count: ref.count, offsets: new Float64Array(0), blocks: [], strings: [] });

export const isRemote = (s: Segment): s is RemoteSegment => (s as RemoteSegment).ref !== undefined;

/** Packs `count` encodings given as (bytes, start, end) into list elements. */
export function packStates(strings: readonly string[], count: number, at: (i: number) => Uint8Array): Buffer[] {
  const out: Buffer[] = [Buffer.from(JSON.stringify(strings))];
  for (let first = 0; first < count; first += PACK) {
    const n = Math.min(PACK, count - first);
    const parts: Uint8Array[] = [];
    let size = 0;
    const head = Buffer.alloc(4 * (n + 1));
    head.writeUInt32BE(n, 0);
    for (let j = 0; j < n; j++) {
      const bytes = at(first + j);
      parts.push(bytes);
      size += bytes.length;
      head.writeUInt32BE(size, 4 * (j + 1));
    }
    out.push(Buffer.concat([head, ...parts]));
  }
  return out;
}

/**
 * A local segment's states re-encoded one by one (a segment's blocks keep the bytes of
 * candidates that were not new between its states, so their ends are not known otherwise).
 */
export function packSegment(codec: ValueCodec, segment: Segment): Buffer[] {
  const reader = new BlockReader();
  const dictionary = new StringDictionary();
  const w = new ByteWriter();
  const encodings: Uint8Array[] = [];
  for (let i = 0; i < segment.count; i++) {
    const { block, offset } = reader.locate(segment, i);
    w.length = 0;
    codec.encode(codec.decode(block, offset, segment.strings), w, dictionary);
    encodings.push(w.view().slice());
  }
  return packStates(dictionary.strings(), encodings.length, (i) => encodings[i]!);
}

/** Writes a segment's elements under `key` (replacing what a failed earlier attempt left). */
export async function writeSegment(cluster: SearchCluster, key: string, elements: Buffer[], extra?: [string, Buffer]): Promise<void> {
  const tx = cluster.multi().del(key);
  for (let i = 0; i < elements.length; i += 64) tx.rpush(key, ...elements.slice(i, i + 64));
  if (extra) tx.set(extra[0], extra[1]);
  const r = await call(tx.exec(), 'writing a level\'s states');
  const failed = r?.find(([e]) => e !== null);
  if (failed) throw failed[0];
}

/** A slice of the level as held by the cluster. */
export interface RemoteSlice {
  readonly key: string;
  readonly from: number;
  readonly to: number;
}

/** Reads the states of a slice into a local segment, and the slice of it that is `from..to`. */
export async function readSlice(cluster: SearchCluster, s: RemoteSlice): Promise<SegmentSlice> {
  const first = Math.floor(s.from / PACK);
  const last = Math.floor((s.to - 1) / PACK);
  const [stringsEl, elements] = await call(Promise.all([
    cluster.lrangeBuffer(s.key, 0, 0),
    cluster.lrangeBuffer(s.key, 1 + first, 1 + last),
  ]), 'reading a level\'s states');
  if (stringsEl.length !== 1 || elements.length !== last - first + 1) throw new Error(`the cluster lost part of a level (${s.key}): a node lost its data`);
  const strings = JSON.parse(stringsEl[0]!.toString('utf8')) as string[];
  let count = 0;
  let bytes = 0;
  for (const e of elements) { const n = e.readUInt32BE(0); count += n; bytes += e.length - 4 * (n + 1); }
  const block = new Uint8Array(bytes);
  const offsets = new Float64Array(count);
  let i = 0;
  let at = 0;
  for (const e of elements) {
    const n = e.readUInt32BE(0);
    const body = 4 * (n + 1);
    let start = 0;
    for (let j = 0; j < n; j++) {
      offsets[i++] = at + start;
      start = e.readUInt32BE(4 * (j + 1));
    }
    block.set(e.subarray(body), at);
    at += e.length - body;
  }
  const segment: Segment = { count, offsets, blocks: [block], strings };
  return { segment, from: s.from - first * PACK, to: s.to - first * PACK };
}
