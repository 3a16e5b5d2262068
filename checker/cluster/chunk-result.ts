// A chunk's result as the cluster holds it, for the coordinator: the new states' fingerprints,
// parents and generated counts as binary arrays, its events as JSON. The states themselves are
// in the chunk's segment (segments.ts); the decoded result names it by reference.
import type { ChunkEvent, ChunkResult } from '../parallel/expand-chunk.ts';
import { remoteSegment } from './segments.ts';

interface Head {
  readonly count: number;
  readonly generated: number;
  readonly constraintCut: boolean;
  readonly firstExcludedAt: number;
  readonly events: readonly ChunkEvent[];
}

export function encodeChunkResult(r: ChunkResult): Buffer {
  const head: Head = { count: r.count, generated: r.generated, constraintCut: r.constraintCut, firstExcludedAt: r.firstExcludedAt, events: r.events };
  const json = Buffer.from(JSON.stringify(head));
  const n = r.count;
  const out = Buffer.alloc(4 + json.length + 20 * n);
  out.writeUInt32BE(json.length, 0);
  json.copy(out, 4);
  let at = 4 + json.length;
  for (const a of [r.hi, r.lo, r.parentPos]) for (let i = 0; i < n; i++, at += 4) out.writeUInt32BE(a[i]!, at);
  for (let i = 0; i < n; i++, at += 8) out.writeDoubleBE(r.generatedAt[i]!, at);
  return out;
}

/** The result, its segment named by `segmentKey`. */
export function decodeChunkResult(b: Buffer, segmentKey: string): ChunkResult {
  const len = b.readUInt32BE(0);
  const head = JSON.parse(b.subarray(4, 4 + len).toString('utf8')) as Head;
  const n = head.count;
  if (b.length !== 4 + len + 20 * n) throw new Error('a chunk result in the cluster is damaged');
  let at = 4 + len;
  const words = () => { const a = new Uint32Array(n); for (let i = 0; i < n; i++, at += 4) a[i] = b.readUInt32BE(at); return a; };
  const hi = words(), lo = words(), parentPos = words();
  const generatedAt = new Float64Array(n);
  for (let i = 0; i < n; i++, at += 8) generatedAt[i] = b.readDoubleBE(at);
  return { count: n, hi, lo, parentPos, generatedAt, segment: remoteSegment({ key: segmentKey, count: n }), generated: head.generated, constraintCut: head.constraintCut, firstExcludedAt: head.firstExcludedAt, events: head.events };
}
