// The parameters of recovery, per-database recovery and meta restart (model/recovery.ts,
// database-recovery.ts, meta-restart.ts). Every budget defaults to 0: the model without any of them.
import type { ParamSpec } from '../checker/model.ts';
export const recoveryModes = ['complete', 'keep-tombstones'] as const;
export const dbRecoveryDirtyModes = ['tombstone-and-cleanup', 'delete-only'] as const;
export type RecoveryMode = (typeof recoveryModes)[number];
export type DbRecoveryDirtyMode = (typeof dbRecoveryDirtyModes)[number];

export type RecoveryConsts = {
  readonly recoveries: number;
  readonly recovery: RecoveryMode;
  readonly dbRecoveries: number;
  readonly dbRecoveryDirty: DbRecoveryDirtyMode;
  readonly foregroundSinks: number;
  readonly metaRestarts: number;
};

export const recoveryParamSpecs: readonly ParamSpec[] = [
  { name: 'recoveries', type: 'int', default: 0, min: 0, max: 3, description: 'node crashes (Recover from outside) at most; when not 0, every actor failure is followed by a global recovery too (not counted); 0: no recovery, an actor failure ends the behaviour' },
  {
    name: 'recovery', type: 'string', default: 'complete', allowed: recoveryModes,
    description: "what a global recovery does with tombstones: complete (#23216 on: pre-applied drops' tombstones completed, then every tombstone drained) or keep-tombstones (before #23216)",
  },
  { name: 'dbRecoveries', type: 'int', default: 0, min: 0, max: 3, description: 'per-database recoveries (RecoverDatabase: no drain, no purge) at most' },
  {
    name: 'dbRecoveryDirty', type: 'string', default: 'tombstone-and-cleanup', allowed: dbRecoveryDirtyModes,
    description: "per-database recovery's cleanup of dirty creating jobs: tombstone-and-cleanup (#25592 on) or delete-only (before #25592)",
  },
  { name: 'foregroundSinks', type: 'int', default: 0, min: 0, max: 3, description: 'how many sinks (the first ones) were created in the foreground: their CREATE waits for the backfill, and a per-database recovery fails it' },
  { name: 'metaRestarts', type: 'int', default: 0, min: 0, max: 2, description: "meta restarts (MetaRestart: meta's memory lost, caches re-snapshotted from the catalog, a global recovery follows) at most" },
];

/** The recovery budgets: the recovery variable exists only when one of them is not 0. */
export const recoveryBudgets = ['recoveries', 'dbRecoveries', 'metaRestarts'] as const;

/** The recovery parameters: a summary shows them only when one is not at its default. */
export const recoveryParams = ['recoveries', 'recovery', 'dbRecoveries', 'dbRecoveryDirty', 'foregroundSinks', 'metaRestarts'] as const;
