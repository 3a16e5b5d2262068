// ResetPartialGraph: a creating snapshot-backfill job runs in its own partial graph, so a barrier
// on the database graph cannot stop it. Since #24286 its DropStreamingJobs is intercepted
// (`handle_new_barrier` → `CreatingStreamingJobControl::drop`): the partial graph is reset, its
// uncommitted state discarded, and the command never reaches post-collect. Before #25480 that
// meant no cleanup at all (#25466); since, the issuer runs `cleanup_dropped_streaming_jobs`.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState } from './state.ts';
import { sinksOf } from './state.ts';
import { resetWriters, type TeardownPath } from './teardown.ts';

/**
 * The path of a DROP or CANCEL of a creating snapshot-backfill job. It starts with the cancel
 * path's delete and tombstone as #24286 found them (after #23087, so the tombstone is there: the
 * table stays fetchable, which is why #25466 is a leak and not a race).
 */
export function resetPath({ jobKind, cleanup }: Pick<DropConsts, 'jobKind' | 'cleanup'>): TeardownPath | undefined {
  if (jobKind !== 'snapshot-backfill') return undefined;
  return {
    name: 'reset',
    begin: ['delete-catalog', 'record-tombstone'],
    stop: 'reset-partial-graph',
    // #25480: unregister, then complete the tombstone (and tell the storage observers).
    cleanup: cleanup === 'issuer' ? ['unregister', 'complete-tombstone', 'broadcast-delete'] : [],
  };
}

export const resetPartialGraph: ActionSpec<DropState, DropConsts> = {
  name: 'ResetPartialGraph',
  description: "meta intercepts a creating snapshot-backfill job's DropStreamingJobs: its partial graph is reset (actors stopped, unsynced state discarded), no Stop barrier, no post-collect",
  params: ['sink'],
  // An internal step of meta's barrier loop, per job.
  fairness: { kind: 'weak', perInstance: true },
  *successors(s, consts) {
    const path = resetPath(consts);
    if (path === undefined) return;
    for (const sink of sinksOf(s)) if (s.drops[sink]!.phase === 'resetting') yield { params: { sink }, state: resetWriters(s, sink, path) };
  },
};
