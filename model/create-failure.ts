// CreateFails: a foreground CREATE has registered its state tables at its first barrier and waits
// for the backfill; a database recovery fails that wait and the DDL's error arm aborts the job.
// Its history flipped between unsafe and leaky (protocol-history.md, "Create failure"). The
// recovery itself is not modelled (a later issue): it stops this job's actors and discards their
// unsynced state, which is all this path needs of it.
import type { CreateFailureVariant, DropConsts } from './params.ts';
import { isCreating, startingAction, type TeardownPath } from './teardown.ts';

const createFailurePaths: Record<Exclude<CreateFailureVariant, 'off'>, TeardownPath> = {
  // Before #23087, and again after #23216 gated tombstones on is_cancelled: rows deleted, nothing
  // recorded, the registration left: a registered table meta cannot resolve (unsafe).
  'no-tombstone': { name: 'create-failure', begin: ['delete-catalog'], stop: 'already-stopped', cleanup: [] },
  // #23087 (v2.6): the abort records the tombstone, but no post-collect ever completes it (leaky).
  'tombstone-stale': { name: 'create-failure', begin: ['delete-catalog', 'record-tombstone'], stop: 'already-stopped', cleanup: [] },
  // #25647 (v2.8.4): the tables stay fetchable through the tombstone; the registration is left to a
  // global recovery (leaky). Without recovery in the model it does what tombstone-stale does.
  'tombstone-leak': { name: 'create-failure', begin: ['delete-catalog', 'record-tombstone'], stop: 'already-stopped', cleanup: [] },
  // #26472: an early failure cancels the job with the full Stop barrier and cleanup (clean); the
  // actors are still running, the recovery-caused failures are left to recovery.
  'cancel-and-cleanup': { name: 'create-failure', begin: ['delete-catalog', 'record-tombstone'], stop: 'stop-barrier', cleanup: ['unregister', 'complete-tombstone', 'broadcast-delete'] },
};

/** The create-failure path, or undefined when `createFailure=off`. */
export function createFailurePath({ createFailure }: Pick<DropConsts, 'createFailure'>): TeardownPath | undefined {
  return createFailure === 'off' ? undefined : createFailurePaths[createFailure];
}

// No fairness: an environment event (a recovery) that nothing guarantees.
export const createFails = startingAction({
  name: 'CreateFails',
  description: "a foreground CREATE whose tables are registered fails while its backfill runs; the DDL's error arm aborts the job as createFailure says",
}, createFailurePath, isCreating);
