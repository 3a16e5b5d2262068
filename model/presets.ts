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

/** The recovery bounds of the history matrix: one node crash (with every recovery after an actor failure). */
export const historyGlobalRecovery = { recoveries: 1 } as const;
/** From v2.8.0: one per-database recovery, the first sink created in the foreground so that it fails its CREATE. */
export const historyDatabaseRecovery = { dbRecoveries: 1, foregroundSinks: 1 } as const;

/**
 * The parameter sets a version's row of the history matrix checks: its preset with one node crash
 * (and the recoveries after actor failures); from v2.8.0 (its preset sets `dbRecoveryDirty`) its
 * preset with one per-database recovery too; and for a version with the snapshot-backfill reset
 * (#24286 on: its preset sets `cleanup`) its preset with snapshot-backfill jobs, since a run's
 * sinks are all of one kind. Each recovery gets a search of its own: together they multiply the
 * states (head: 17,647 and 21,535 alone, 64,979 together) and no version's verdict needs both.
 */
export function historyRuns(preset: Preset): Consts[] {
  const c = preset.consts;
  return [
    { ...c, ...historyGlobalRecovery },
    ...(c.dbRecoveryDirty !== undefined ? [{ ...c, ...historyDatabaseRecovery }] : []),
    ...(c.cleanup !== undefined ? [{ ...c, jobKind: 'snapshot-backfill' }] : []),
  ];
}

/** What a history run adds to its preset, in a few words: the job kind and the recovery it has. */
export function historyRunLabel(consts: Consts): string {
  const recovery = Number(consts.dbRecoveries) > 0 ? 'per-database recovery' : Number(consts.recoveries) > 0 ? 'node crash' : 'no recovery';
  return `${String(consts.jobKind ?? 'backfill')}, ${recovery}`;
}
