// The uploader's checkpoint sync: shared-buffer compaction of the queued imms of every epoch up to
// the collected barrier into one SST, resolving each table through the compaction-catalog cache.
import type { Set as ISet } from 'immutable';
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState, TableId } from './state.ts';
import { collected } from './barrier.ts';
import { fetchableTables } from './storage.ts';
import { recordUpload } from './compactor.ts';

type Action = ActionSpec<DropState, DropConsts>;

/**
 * How each table of a compaction task resolves: from the cache (the compute node's, unless another
 * is given: the dedicated compactor has its own), by an on-demand fetch, or not at all.
 */
export function resolveTables(s: DropState, tables: readonly TableId[], consts: DropConsts, cache: ISet<TableId> = s.cache): { cached: TableId[]; fetched: TableId[]; missing: TableId[] } {
  const fromMeta = fetchableTables(s, consts);
  const out = { cached: [] as TableId[], fetched: [] as TableId[], missing: [] as TableId[] };
  for (const t of tables) (cache.has(t) ? out.cached : fromMeta.has(t) ? out.fetched : out.missing).push(t);
  return out;
}

/**
 * The sync of `epoch`: with `skip`, unresolved tables are left out of the SST, which still replaces
 * every input imm; with `fail-task`, one unresolved table fails the whole task and changes nothing
 * but the record of the failure.
 */
export function sync(s: DropState, epoch: number, consts: DropConsts): DropState {
  const input = s.imms.filter((imm) => imm.epoch <= epoch);
  const tables = [...new Set(input.map((imm) => imm.table))].sort();
  const { fetched, missing } = resolveTables(s, tables, consts);
  if (missing.length > 0 && consts.compaction === 'fail-task') return { ...s, failedSync: epoch };
  let synced = s.synced;
  for (const imm of input) if (!missing.includes(imm.table)) synced = synced.set(imm.table, imm.value); // input is oldest first
  let discarded = s.discarded;
  for (const t of missing) if (!discarded.has(t)) discarded = discarded.set(t, epoch);
  // The SST goes to meta; the dedicated compactor sees it once its epoch is committed.
  return {
    ...recordUpload(s, epoch, tables.filter((t) => !missing.includes(t))),
    imms: s.imms.filter((imm) => imm.epoch > epoch),
    synced,
    syncedEpoch: epoch,
    failedSync: 0,
    cache: s.cache.union(fetched),
    discarded,
  };
}

export const syncEpoch: Action = {
  name: 'SyncEpoch',
  description: 'once every actor collected the barrier, the node syncs its epoch: compacts the queued imms into an SST that replaces them (cache miss: fetch from meta)',
  params: ['epoch'],
  fairness: { kind: 'weak' },
  *successors(s, consts) {
    const epoch = s.syncedEpoch + 1;
    if (epoch > s.epoch || !collected(s, epoch)) return;
    const next = sync(s, epoch, consts);
    // A retry that fails again changes nothing: a stutter, not a step (see the README's matrix notes).
    if (next.failedSync === epoch && s.failedSync === epoch) return;
    yield { params: { epoch }, state: next };
  },
};
