// What each RisingWave version did, as parameter values: the "Version presets" table of
// ../shared/protocol-history.md, one preset per row. Only the columns the model has are here; the
// recovery columns (tombstones at recovery, per-database dirty jobs) belong to a later issue and
// will be further entries of `consts` once their parameters exist.
import type { Consts, Preset } from '../checker/model.ts';

// ALTER TABLE … DROP CONNECTOR (#20023, January 2025) predates every preset, and the history
// records no change of its order: every version runs the code of today.
const alter = { alterConnector: 'delete-after-unregister' } as const;

// The dedicated compactor failing on a table the catalog forgot (#14459, #15144, early 2024) and
// write stop turning that into a deadlock (#16511, April 2024; its fixes #16511 and #19989 were
// closed unmerged) predate every preset: every version runs both.
const compactor = { compactor: 'on', writeStop: true } as const;

export const presets: readonly Preset[] = [
  { name: 'pre-v2.4', description: 'before #20010: catalog-first DROP; cancel and failed CREATE delete rows without tombstones', consts: { drop: 'catalog-first', cancel: 'no-tombstone', createFailure: 'no-tombstone', ...alter, ...compactor } },
  { name: 'v2.4', description: '#20010 + #21017: tombstones and the tombstone fetch for DROP; cancel and failed CREATE still record none', consts: { drop: 'tombstone-fetch', cancel: 'no-tombstone', createFailure: 'no-tombstone', ...alter, ...compactor } },
  { name: 'v2.6', description: '#23087 (backported): cancel records tombstones; a failed CREATE records one that is never completed', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', createFailure: 'tombstone-stale', ...alter, ...compactor } },
  { name: 'v2.7', description: '#23216 gates the abort\'s tombstones on is_cancelled: a failed CREATE records none again', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', createFailure: 'no-tombstone', ...alter, ...compactor } },
  { name: 'v2.8.0', description: '#24286: a creating snapshot-backfill job is reset, its cleanup left to a post-collect that never runs (v2.8.0-2.8.2)', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'post-collect', createFailure: 'no-tombstone', ...alter, ...compactor } },
  { name: 'v2.8.3', description: '#25480: the issuer cleans up after every path, the reset included', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'issuer', createFailure: 'no-tombstone', ...alter, ...compactor } },
  { name: 'v2.8.4', description: '#25647: a failed foreground CREATE keeps its tables fetchable (tombstone), its registration leaked', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'issuer', createFailure: 'tombstone-leak', ...alter, ...compactor } },
  { name: 'head', description: 'HEAD (2026-08), #26472: an early CREATE failure cancels the job with the full Stop and cleanup', consts: { drop: 'tombstone-fetch', cancel: 'tombstone', cleanup: 'issuer', createFailure: 'cancel-and-cleanup', ...alter, ...compactor } },
];

/**
 * The parameter sets a version's row of the history matrix checks: its preset, and for a version
 * with the snapshot-backfill reset (#24286 on: its preset sets `cleanup`) the same with
 * snapshot-backfill jobs too, since a run's sinks are all of one kind.
 */
export function historyRuns(preset: Preset): Consts[] {
  return preset.consts.cleanup === undefined ? [preset.consts] : [preset.consts, { ...preset.consts, jobKind: 'snapshot-backfill' }];
}
