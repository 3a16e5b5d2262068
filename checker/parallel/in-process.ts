// The level-synchronous search run in this thread: the one-worker search, and the reference
// every worker count must reproduce. Its chunks are expanded one after another.
import type { CheckOutcome } from '../check.ts';
import { ChunkExpander, type ChunkResult, type ExpandSetup } from './expand-chunk.ts';
import { levelSearch, type LevelRequest, type LevelSearchSetup } from './level-search.ts';
import type { SharedSeenSet } from './shared-seen-set.ts';

/** Expands a level's chunks in order, growing the seen-set whenever it gets crowded, then commits the level's new states. */
export function expandLevel(setup: ExpandSetup, seen: { current: SharedSeenSet }, request: LevelRequest): ChunkResult[] {
  const expanders = request.jobs.map((j) => new ChunkExpander(setup, j.slices, j.startPos, request.atDepthLimit, request.depth));
  for (const x of expanders) while (!x.expand(seen.current)) seen.current = seen.current.grown();
  const results = expanders.map((x) => x.resolve(seen.current));
  seen.current = seen.current.endLevel();
  return results;
}

/** Runs a whole search in this thread. */
export function searchInProcess(expand: ExpandSetup, search: Omit<LevelSearchSetup, 'seen' | 'chunks'>, seen: { current: SharedSeenSet }): CheckOutcome {
  const run = levelSearch({ ...search, chunks: 1, seen: () => seen.current, reuseBlocks: true });
  let step = run.next();
  while (!step.done) step = run.next(expandLevel(expand, seen, step.value));
  return step.value;
}
