// A chunk's result as the cluster holds it, for the coordinator: the new states' fingerprints,
// parents and generated counts as binary arrays, its events as JSON; with temporal properties or
// --coverage, its edges (per expanded state, per edge) and its new states' predicate bits as
// binary arrays too, so the coordinator records the graph the in-process search records. The
// states themselves are in the chunk's segment (segments.ts); the decoded result names it by reference.
import type { ChunkEdges, ChunkEvent, ChunkResult } from '../parallel/expand-chunk.ts';
import { remoteSegment } from './segments.ts';

interface Head {
  readonly count: number;
  readonly generated: number;
  readonly constraintCut: boolean;
  readonly firstExcludedAt: number;
  readonly events: readonly ChunkEvent[];
  /** With edges: how many states were expanded, how many edges, and the chunk's fairness units. */
  readonly edges?: { readonly states: number; readonly count: number; readonly units: ChunkEdges['units'] };
  /** With predicate bits: their words (count × words per state). */
  readonly bitWords?: number;
}

/** 32-bit arrays in the order they are written (Int32Array labels as their bits). */
function wordArrays(r: ChunkResult): ArrayLike<number>[] {
  const arrays: ArrayLike<number>[] = [r.hi, r.lo, r.parentPos];
  if (r.edges) arrays.push(r.edges.perState, r.edges.foundBy, r.edges.hi, r.edges.lo, new Uint32Array(r.edges.labels.buffer, r.edges.labels.byteOffset, r.edges.labels.length));
  if (r.predicateBits) arrays.push(r.predicateBits);
  return arrays;
}

export function encodeChunkResult(r: ChunkResult): Buffer {
  const e = r.edges;
  const head: Head = {
    count: r.count, generated: r.generated, constraintCut: r.constraintCut, firstExcludedAt: r.firstExcludedAt, events: r.events,
    ...(e ? { edges: { states: e.perState.length, count: e.hi.length, units: e.units } } : {}),
    ...(r.predicateBits ? { bitWords: r.predicateBits.length } : {}),
  };
  const json = Buffer.from(JSON.stringify(head));
  const arrays = wordArrays(r);
  const words = arrays.reduce((n, a) => n + a.length, 0);
  const out = Buffer.alloc(4 + json.length + 4 * words + 8 * r.count);
  out.writeUInt32BE(json.length, 0);
  json.copy(out, 4);
  let at = 4 + json.length;
  for (const a of arrays) for (let i = 0; i < a.length; i++, at += 4) out.writeUInt32BE(a[i]! >>> 0, at);
  for (let i = 0; i < r.count; i++, at += 8) out.writeDoubleBE(r.generatedAt[i]!, at);
  return out;
}

/** The result, its segment named by `segmentKey`. */
export function decodeChunkResult(b: Buffer, segmentKey: string): ChunkResult {
  const len = b.readUInt32BE(0);
  const head = JSON.parse(b.subarray(4, 4 + len).toString('utf8')) as Head;
  const n = head.count;
  const words = 3 * n + (head.edges ? head.edges.states + n + 3 * head.edges.count : 0) + (head.bitWords ?? 0);
  if (b.length !== 4 + len + 4 * words + 8 * n) throw new Error('a chunk result in the cluster is damaged');
  let at = 4 + len;
  const read = (k: number) => { const a = new Uint32Array(k); for (let i = 0; i < k; i++, at += 4) a[i] = b.readUInt32BE(at); return a; };
  const hi = read(n), lo = read(n), parentPos = read(n);
  let edges: ChunkEdges | undefined;
  if (head.edges) {
    const perState = read(head.edges.states), foundBy = read(n);
    const ehi = read(head.edges.count), elo = read(head.edges.count), labels = new Int32Array(read(head.edges.count).buffer);
    edges = { perState, foundBy, hi: ehi, lo: elo, labels, units: head.edges.units };
  }
  const predicateBits = head.bitWords === undefined ? undefined : read(head.bitWords);
  const generatedAt = new Float64Array(n);
  for (let i = 0; i < n; i++, at += 8) generatedAt[i] = b.readDoubleBE(at);
  return {
    count: n, hi, lo, parentPos, generatedAt, segment: remoteSegment({ key: segmentKey, count: n }),
    generated: head.generated, constraintCut: head.constraintCut, firstExcludedAt: head.firstExcludedAt, events: head.events,
    ...(edges ? { edges } : {}), ...(predicateBits ? { predicateBits } : {}),
  };
}
