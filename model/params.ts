// The model's parameters (TLA+ CONSTANTS), as `dropcheck list` shows them.
import type { ParamSpec } from '../checker/model.ts';
import { recoveryParamSpecs, type RecoveryConsts } from './recovery-params.ts';

export const dropVariants = ['catalog-first', 'deferred-notify', 'tombstone-fetch', 'stop-first'] as const;
export const compactionModes = ['skip', 'fail-task'] as const;
export type DropVariant = (typeof dropVariants)[number];
export type CompactionMode = (typeof compactionModes)[number];

// The later teardown paths of the bug family (../shared/protocol-history.md). Each `off` or default
// value leaves the model exactly as it was without the parameter.
export const cancelVariants = ['off', 'no-tombstone', 'tombstone'] as const;
export const jobKinds = ['backfill', 'snapshot-backfill'] as const;
export const cleanupSites = ['post-collect', 'issuer'] as const;
export const createFailureVariants = ['off', 'no-tombstone', 'tombstone-stale', 'tombstone-leak', 'cancel-and-cleanup'] as const;
export const alterConnectorVariants = ['off', 'delete-after-unregister', 'delete-before-stop', 'tombstone'] as const;
export type CancelVariant = (typeof cancelVariants)[number];
export type JobKind = (typeof jobKinds)[number];
export type CleanupSite = (typeof cleanupSites)[number];
export type CreateFailureVariant = (typeof createFailureVariants)[number];
export type AlterConnectorVariant = (typeof alterConnectorVariants)[number];

export type DropConsts = {
  readonly drop: DropVariant;
  readonly compaction: CompactionMode;
  readonly sinks: number;
  readonly rows: number;
  readonly rateLimit: number;
  readonly maxEpoch: number;
  readonly cancel: CancelVariant;
  readonly jobKind: JobKind;
  readonly cleanup: CleanupSite;
  readonly createFailure: CreateFailureVariant;
  readonly alterConnector: AlterConnectorVariant;
} & RecoveryConsts;

export const params: readonly ParamSpec[] = [
  {
    name: 'drop', type: 'string', default: 'tombstone-fetch', allowed: dropVariants,
    description: 'order of the DROP steps: catalog-first (before #20010), deferred-notify (#20010), tombstone-fetch (#21017, merged), stop-first (proposed)',
  },
  {
    name: 'compaction', type: 'string', default: 'skip', allowed: compactionModes,
    description: 'what shared-buffer compaction does with a table it cannot resolve: skip its rows, or fail the task',
  },
  { name: 'sinks', type: 'int', default: 1, min: 1, max: 3, description: 'number of sinks, each with one backfill actor and one progress table' },
  { name: 'rows', type: 'int', default: 2, min: 1, max: 5, description: 'rows in the upstream snapshot the backfill reads' },
  { name: 'rateLimit', type: 'int', default: 1, min: 1, max: 5, description: 'backfill rate limit: snapshot rows read per barrier at most' },
  { name: 'maxEpoch', type: 'int', default: 5, min: 1, max: 8, description: 'barriers injected at most (bounds every behaviour)' },
  {
    name: 'cancel', type: 'string', default: 'off', allowed: cancelVariants,
    description: 'CancelJob of a creating backfill job: off, no-tombstone (#20010 until #23087: catalog rows deleted, nothing recorded), tombstone (#23087 on)',
  },
  {
    name: 'jobKind', type: 'string', default: 'backfill', allowed: jobKinds,
    description: 'the sinks\' kind: backfill, or snapshot-backfill (#24286: a creating one is torn down by ResetPartialGraph, no Stop barrier)',
  },
  {
    name: 'cleanup', type: 'string', default: 'issuer', allowed: cleanupSites,
    description: 'who cleans up after a partial-graph reset: post-collect (#24286 until #25480: nobody, the reset never reaches post-collect) or issuer (#25480 on)',
  },
  {
    name: 'createFailure', type: 'string', default: 'off', allowed: createFailureVariants,
    description: 'CreateFails of a foreground creating job: off, no-tombstone, tombstone-stale (never completed), tombstone-leak (#25647), cancel-and-cleanup (#26472)',
  },
  {
    name: 'alterConnector', type: 'string', default: 'off', allowed: alterConnectorVariants,
    description: 'ALTER TABLE DROP CONNECTOR: off, delete-after-unregister (the code today), delete-before-stop (#25588\'s hypothesis), tombstone',
  },
  // Recovery, per-database recovery and meta restart: model/recovery-params.ts.
  ...recoveryParamSpecs,
];

/** The parameters of the later teardown paths: a summary shows them only when one is not at its default. */
export const teardownParams = ['cancel', 'jobKind', 'cleanup', 'createFailure', 'alterConnector'] as const;

