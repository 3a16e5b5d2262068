// The model's parameters (TLA+ CONSTANTS), as `dropcheck list` shows them.
import type { ParamSpec } from '../checker/model.ts';

export const dropVariants = ['catalog-first', 'deferred-notify', 'tombstone-fetch', 'stop-first'] as const;
export const compactionModes = ['skip', 'fail-task'] as const;
export type DropVariant = (typeof dropVariants)[number];
export type CompactionMode = (typeof compactionModes)[number];

export type DropConsts = {
  readonly drop: DropVariant;
  readonly compaction: CompactionMode;
  readonly sinks: number;
  readonly rows: number;
  readonly rateLimit: number;
  readonly maxEpoch: number;
};

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
];
