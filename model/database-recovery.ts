// RecoverDatabase: a per-database recovery (../shared/protocol-history.md, "Per-database recovery",
// "Create failure"). Like a global recovery it resets the data plane, but it drains no tombstone and
// purges no registration. It fails the wait of every foreground CREATE still backfilling: the DDL's
// error arm aborts the job (createFailure), and then the recovery cleans the dirty creating jobs it
// still finds in the catalog (`clean_dirty_creating_jobs`, dbRecoveryDirty). That order, the error
// arm first, is the one that reproduces #25647: the cleanup no longer finds a job the error arm
// deleted. A DROP whose command was queued is pre-applied and its issuer cleans up; one whose Stop
// was in flight fails (`run_command` returns the error), so the issuer skips its cleanup (the
// second open question).
import type { ActionSpec } from '../checker/model.ts';
import type { DbRecoveryDirtyMode } from './recovery-params.ts';
import type { DropConsts } from './params.ts';
import type { DropProgress, DropState, SinkId } from './state.ts';
import { sinkIds, sinksOf, tableOf } from './state.ts';
import { beginTeardown, type TeardownPath } from './teardown.ts';
import { createFailurePath } from './create-failure.ts';
import { inFlight, queued, resetDataPlane } from './recovery.ts';

const dirtyJobPaths: Record<DbRecoveryDirtyMode, TeardownPath> = {
  // Before #25592: the catalog rows deleted, no tombstone, no unregister: a registered table meta
  // cannot resolve, until a global recovery purges it.
  'delete-only': { name: 'dirty-job', begin: ['delete-catalog'], stop: 'already-stopped', cleanup: [] },
  // #25592: the tombstone with the delete, then the same cleanup as every other path.
  'tombstone-and-cleanup': { name: 'dirty-job', begin: ['delete-catalog', 'record-tombstone'], stop: 'already-stopped', cleanup: ['unregister', 'complete-tombstone', 'broadcast-delete'] },
};

/** The cleanup of a dirty creating job, or undefined when no per-database recovery can happen. */
export function dirtyJobPath({ dbRecoveries, dbRecoveryDirty }: Pick<DropConsts, 'dbRecoveries' | 'dbRecoveryDirty'>): TeardownPath | undefined {
  return dbRecoveries > 0 ? dirtyJobPaths[dbRecoveryDirty] : undefined;
}

/** A foreground CREATE still waiting: one of the first `foregroundSinks` sinks, live and backfilling (its actor may have failed). */
export const dirtyCreating = (s: DropState, sink: SinkId, { foregroundSinks, rows }: DropConsts): boolean =>
  sinkIds(foregroundSinks).includes(sink) && s.drops[sink]!.phase === 'live' && s.actors[sink]!.pos < rows;

/** A teardown command the recovery found: queued is pre-applied (cleanup owed), in flight fails (no cleanup). */
function takeOver(d: DropProgress): DropProgress {
  const path = d.path !== undefined ? { path: d.path } : {};
  return { phase: queued(d) ? 'stopped' : 'dropped', stopEpoch: 0, ...path, preApplied: true };
}

export function recoverDatabaseStep(s: DropState, consts: DropConsts): DropState {
  const r = s.recovery!;
  const dirty = sinksOf(s).filter((sink) => dirtyCreating(s, sink, consts));
  let next: DropState = { ...resetDataPlane(s), recovery: { ...r, dbRecoveries: r.dbRecoveries + 1 } };
  const drops = Object.fromEntries(sinksOf(s).map((sink) => {
    const d = s.drops[sink]!;
    return [sink, queued(d) || inFlight(d) ? takeOver(d) : d];
  }));
  next = { ...next, drops };
  const errorArm = createFailurePath(consts);
  const cleanup = dirtyJobPath(consts)!;
  for (const sink of dirty) {
    // #26472 cancels only an early failure (a path with its own Stop barrier); a failure caused by
    // the recovery is left to the recovery's cleanup.
    if (errorArm !== undefined && errorArm.stop === 'already-stopped') next = beginTeardown(next, sink, errorArm);
    if (next.catalog.has(tableOf(sink))) next = beginTeardown(next, sink, cleanup);
  }
  return next;
}

// No fairness: the model's per-database recovery is an environment event (a failure in that database).
export const recoverDatabase: ActionSpec<DropState, DropConsts> = {
  name: 'RecoverDatabase',
  description: "per-database recovery: the data plane resets to the committed epoch, queued drops are pre-applied, in-flight ones fail (no cleanup), foreground CREATEs fail (createFailure's error arm), then dirty creating jobs still in the catalog are cleaned (dbRecoveryDirty); no drain, no purge",
  *successors(s, consts) {
    const r = s.recovery;
    if (r === undefined || r.step !== 'none' || r.dbRecoveries >= consts.dbRecoveries) return;
    yield { state: recoverDatabaseStep(s, consts) };
  },
};
