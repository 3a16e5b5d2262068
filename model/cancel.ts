// CancelJob: the cancel path of a creating job (`cancel_streaming_jobs` →
// `try_abort_creating_streaming_job(job, is_cancelled=true)`, then a `DropStreamingJobs` Stop
// barrier, then its completion). Since #22435 a DROP SINK of a creating sink takes it too, which is
// how the #20953 test failed again (#23071). A snapshot-backfill job is torn down by a partial-graph
// reset instead (model/reset.ts).
import type { CancelVariant, DropConsts } from './params.ts';
import { isCreating, startingAction, type TeardownPath } from './teardown.ts';
import { resetPath } from './reset.ts';

const cancelPaths: Record<Exclude<CancelVariant, 'off'>, TeardownPath> = {
  // #20010 until #23087: the rows are deleted in one transaction and only the frontend is told;
  // nothing goes into dropped_tables, and post-collect only unregisters: no Delete ever reaches
  // the storage observers.
  'no-tombstone': { name: 'cancel', begin: ['delete-catalog'], stop: 'stop-barrier', cleanup: ['unregister'] },
  // #23087: the tombstone in the same critical section as the delete; post-collect (the issuer
  // since #25480) unregisters, completes the tombstone and broadcasts the Delete, as DROP does.
  tombstone: { name: 'cancel', begin: ['delete-catalog', 'record-tombstone'], stop: 'stop-barrier', cleanup: ['unregister', 'complete-tombstone', 'broadcast-delete'] },
};

/** The cancel path of a creating backfill job, or undefined when `cancel=off`. */
export function cancelPath({ cancel }: Pick<DropConsts, 'cancel'>): TeardownPath | undefined {
  return cancel === 'off' ? undefined : cancelPaths[cancel];
}

/** The path a CancelJob of a creating sink takes: the reset for a snapshot-backfill job, else the cancel path. */
export const cancelJobPath = (consts: DropConsts): TeardownPath | undefined => (consts.jobKind === 'snapshot-backfill' ? resetPath(consts) : cancelPath(consts));

// No fairness: CANCEL (or DROP) is user DDL, which may never be issued.
export const cancelJob = startingAction({
  name: 'CancelJob',
  description: 'CANCEL (or, since #22435, DROP) of a creating job: its catalog rows deleted, a tombstone recorded or not (cancel), then its Stop barrier; a snapshot-backfill job waits for its partial-graph reset instead',
}, cancelJobPath, isCreating);
