// The graph of one level, recorded by the coordinator once the level's new states are numbered:
// the chunks' edges are walked in order (chunks in level order, each state's edges in the order
// its actions produced them), so the state graph is the one a one-worker search records, edge for
// edge and label for label, and the same liveness phase runs on it.
import type { GraphRecorder } from '../liveness/graph-recorder.ts';
import type { SearchObserver } from '../search-observer.ts';
import type { ChunkResult } from './expand-chunk.ts';
import type { ChunkJob } from './level-search.ts';

/**
 * Records the edges of a level whose states are numbered from `levelBase` and whose new states
 * from `nextBase`: a new state's target is its number, any other's is looked up by fingerprint.
 * When the search stopped inside the level, `results` end with the chunk it stopped in and
 * `lastChunkEdges` says how many of that chunk's edges the one-worker search had recorded.
 */
export function recordLevelEdges(results: readonly ChunkResult[], jobs: readonly ChunkJob[], levelBase: number, nextBase: number, actions: number, recorder: GraphRecorder | undefined, coverage: SearchObserver | undefined, lastChunkEdges = Infinity): void {
  let firstNew = nextBase;
  for (let c = 0; c < results.length; c++) {
    const r = results[c]!;
    const edges = r.edges!;
    const limit = c === results.length - 1 ? lastChunkEdges : Infinity;
    // Labels of this chunk's fairness units, numbered as the one-worker recorder numbers them.
    const unitLabels = recorder ? edges.units.map((u) => recorder.labelOfUnit(u.action, u.unit)) : [];
    const startPos = jobs[c]!.startPos;
    let e = 0;
    let w = 0;
    for (let i = 0; i < edges.perState.length && e < limit; i++) {
      const parent = levelBase + startPos + i;
      const end = Math.min(limit, e + edges.perState[i]!);
      for (; e < end; e++) {
        const hi = edges.hi[e]!, lo = edges.lo[e]!;
        const target = w < r.count && edges.foundBy[w] === e ? firstNew + w++ : -1;
        const label = edges.labels[e]!;
        if (recorder) recorder.labelledEdge(parent, target >= 0 ? target : recorder.indexOf(hi, lo), label < actions ? label : unitLabels[label - actions]!);
        if (coverage) coverage.edge(parent, label < actions ? label : edges.units[label - actions]!.action, undefined, hi, lo, target);
      }
    }
    firstNew += r.count;
  }
}

/** How many edges the states of a chunk before position `pos` (of the chunk) and that state have. */
export function edgesThrough(r: ChunkResult, pos: number): number {
  let n = 0;
  if (r.edges) for (let i = 0; i <= pos; i++) n += r.edges.perState[i]!;
  return n;
}
