// What each RisingWave version did, as parameter values: the "Version presets" table of
// ../shared/protocol-history.md, one preset per row, its recovery columns (tombstones at global
// recovery, per-database recovery's dirty jobs) included.
import type { Consts, Preset } from '../checker/model.ts';

// ALTER TABLE … DROP CONNECTOR (#20023, January 2025) predates every preset, and the history
// records no change of its order: every version runs the code of today.
const alter = { alterConnector: 'delete-after-unregister' } as const;

// The recovery columns. Global recovery kept the tombstones of pre-applied drops until #23216
// (v2.7) made it complete them and drain every tombstone. Per-database recovery came with v2.8.0:
// its cleanup of dirty creating jobs deleted their rows only until #25592 (v2.8.4).
const keepTombstones = { recovery: 'keep-tombstones' } as const;
const complete = { recovery: 'complete' } as const;
const deleteOnly = { ...complete, dbRecoveryDirty: 'delete-only' } as const;
const tombstoneAndCleanup = { ...complete, dbRecoveryDirty: 'tombstone-and-cleanup' } as const;

export const presets: readonly Preset[] = [
  { name: 'pre-v2.4', description: 'before #20010: catalog-first DROP; cancel and failed CREATE delete rows without tombstones', consts: { drop: 'catalog-first', cancel: 'no-tombstone', createFailure: 'no-tombstone', ...alter, ...keepTombstones } },
  { name: 'v2.4', description: '#20010 + #21017: tombstones and the tombstone fetch for DROP; cancel and failed CREATE still record none', consts: { drop: 'tombstone-fetch', cancel: 'no-tombstone', createFailure: 'no-tombstone', ...alter, ...keepTombstones } },
  { name: 'v2.6', description: '#23087 (backported): cancel records tombstones; a failed CREATE records one that is never completed', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', createFailure: 'tombstone-stale', ...alter, ...keepTombstones } },
  { name: 'v2.7', description: '#23216 gates the abort\'s tombstones on is_cancelled: a failed CREATE records none again', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', createFailure: 'no-tombstone', ...alter, ...complete } },
  { name: 'v2.8.0', description: '#24286: a creating snapshot-backfill job is reset, its cleanup left to a post-collect that never runs (v2.8.0-2.8.2)', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'post-collect', createFailure: 'no-tombstone', ...alter, ...deleteOnly } },
  { name: 'v2.8.3', description: '#25480: the issuer cleans up after every path, the reset included', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'issuer', createFailure: 'no-tombstone', ...alter, ...deleteOnly } },
  { name: 'v2.8.4', description: '#25647: a failed foreground CREATE keeps its tables fetchable (tombstone), its registration leaked', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'issuer', createFailure: 'tombstone-leak', ...alter, ...tombstoneAndCleanup } },
  { name: 'head', description: 'HEAD (2026-08), #26472: an early CREATE failure cancels the job with the full Stop and cleanup', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'issuer', createFailure: 'cancel-and-cleanup', ...alter, ...tombstoneAndCleanup } },
];

/**
 * The parameter sets a version's row of the history matrix checks: its preset with the recovery
 * bounds of the history matrix, and for a version with the snapshot-backfill reset (#24286 on: its
 * preset sets `cleanup`) the same with snapshot-backfill jobs too, since a run's sinks are all of
 * one kind.
 */
export function historyRuns(preset: Preset): Consts[] {
  const consts = { ...preset.consts, ...historyRecoveryBounds(preset) };
  return preset.consts.cleanup === undefined ? [consts] : [consts, { ...consts, jobKind: 'snapshot-backfill' }];
}

/**
 * The recovery bounds of the history matrix: one node crash and one meta restart in every version,
 * and from v2.8.0 (its preset sets `dbRecoveryDirty`) one per-database recovery, with the first
 * sink created in the foreground so that the recovery fails its CREATE.
 */
export function historyRecoveryBounds(preset: Preset): Consts {
  const perDatabase: Consts = preset.consts.dbRecoveryDirty !== undefined ? { dbRecoveries: 1, foregroundSinks: 1 } : {};
  return { recoveries: 1, metaRestarts: 1, ...perDatabase };
}
