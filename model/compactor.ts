// The dedicated compactor (../shared/protocol-history.md, "The dedicated compactor and write
// stop"). Shared-buffer compaction on the compute node skips a table it cannot resolve
// (model/uploader.ts, `compaction=skip`); the failing task is the dedicated compactor's, on
// committed SSTs: a task whose tables cannot all be resolved fails ("Some table ids are not
// acquired") and is retried (#14459, #15144). With write stop, compaction owed and failing stops
// the state-store writes, so the barrier that would commit a drop's Stop is never collected: the
// deadlock of #16511.
//
// Its effects, in order: a sync uploads an SST (recordUpload); the epoch's commit puts the SST in
// L0 (commitUploads); CompactCommitted resolves L0's registered tables through the compactor's
// cache, then an on-demand fetch, and either compacts L0 or fails; DeliverToCompactor applies
// meta's notifications to its cache.
import { Set as ISet, Map as IMap } from 'immutable';
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { CompactorState, DropState, TableId } from './state.ts';
import { subsets } from './state.ts';
import { resolveTables } from './uploader.ts';

type Action = ActionSpec<DropState, DropConsts>;

/**
 * With compactor=on, each initial state once per content of the compactor's cache: cold for a table
 * it never compacted, warm otherwise, as for the compute node's cache.
 */
export function withCompactor(states: readonly DropState[], { compactor }: Pick<DropConsts, 'compactor'>): DropState[] {
  if (compactor === 'off') return [...states];
  return states.flatMap((s) => subsets([...s.catalog].sort()).map((warm): DropState => ({
    ...s,
    compactor: { cache: ISet(warm), notifications: [], uploaded: IMap(), l0: ISet(), failed: ISet() },
  })));
}

const withState = (s: DropState, c: CompactorState): DropState => ({ ...s, compactor: c });

/** The node synced `epoch` into an SST holding `tables`: the compactor sees it once it is committed. */
export function recordUpload(s: DropState, epoch: number, tables: readonly TableId[]): DropState {
  if (s.compactor === undefined || tables.length === 0) return s;
  return withState(s, { ...s.compactor, uploaded: s.compactor.uploaded.set(epoch, ISet(tables)) });
}

/** Meta committed `epoch`: its SST joins L0, owed to the compactor. */
export function commitUploads(s: DropState, epoch: number): DropState {
  const c = s.compactor;
  const sst = c?.uploaded.get(epoch);
  if (c === undefined || sst === undefined) return s;
  return withState(s, { ...c, uploaded: c.uploaded.delete(epoch), l0: c.l0.union(sst) });
}

/** A recovery reset the data plane to the committed epoch: SSTs synced after it are gone, never committed. */
export function dropUncommittedUploads(s: DropState): DropState {
  const c = s.compactor;
  if (c === undefined || c.uploaded.every((_, epoch) => epoch <= s.committedEpoch)) return s;
  return withState(s, { ...c, uploaded: c.uploaded.filter((_, epoch) => epoch <= s.committedEpoch) });
}

/**
 * Meta restarted: the notifications on their way to the compactor are lost, and its subscription
 * starts again from a snapshot of the catalog alone (meta's tombstones were lost with it).
 */
export function resubscribeCompactor(s: DropState): DropState {
  const c = s.compactor;
  return c === undefined ? s : withState(s, { ...c, cache: s.catalog, notifications: [] });
}

/**
 * The tables a task over L0 must resolve: those still registered. An unregistered table's SSTs are
 * no longer part of any task (the task's table ids are the group's registered ones).
 */
export const owedTables = (c: CompactorState, s: DropState): TableId[] => [...c.l0].filter((t) => s.registered.has(t)).sort();

/** Committed-SST compaction is owed and its last task failed. */
export const compactionFailing = (s: DropState): boolean =>
  s.compactor !== undefined && s.compactor.failed.size > 0 && owedTables(s.compactor, s).length > 0;

/** With writeStop, compaction owed and failing stops state-store writes (#16511: L0 past the write-stop threshold). */
export const writesStopped = (s: DropState, { writeStop }: Pick<DropConsts, 'writeStop'>): boolean => writeStop && compactionFailing(s);

/** Nothing left for the compactor: no SST to compact, no notification to apply (always, without one). */
export const compactorIdle = (s: DropState): boolean =>
  s.compactor === undefined || (s.compactor.l0.size === 0 && s.compactor.notifications.length === 0);

/** Whether the compactor's last task failed on `t` while `t` is still registered. */
export const failingOn = (s: DropState, t: TableId): boolean =>
  s.compactor !== undefined && s.compactor.failed.has(t) && s.registered.has(t);

/**
 * One compaction task over L0: every registered table resolved through the compactor's cache or
 * an on-demand fetch (tables fetched are cached either way, as `acquire` does). All resolved: L0
 * is compacted (unregistered tables' data dropped with it). One missing: the task fails and L0
 * stays. A retry that fails the same way changes nothing: a stutter, not a step.
 */
export function compact(s: DropState, consts: DropConsts): DropState | undefined {
  const c = s.compactor;
  if (c === undefined || c.l0.size === 0) return undefined;
  const { fetched, missing } = resolveTables(s, owedTables(c, s), consts, c.cache);
  const cache = c.cache.union(fetched);
  if (missing.length === 0) return withState(s, { ...c, cache, l0: ISet(), failed: ISet() });
  const failed = ISet(missing);
  if (failed.equals(c.failed) && cache.equals(c.cache)) return undefined;
  return withState(s, { ...c, cache, failed });
}

export const compactCommitted: Action = {
  name: 'CompactCommitted',
  description: "the dedicated compactor runs a task over L0's committed SSTs: every registered table resolved through its own cache or an on-demand fetch; one it cannot resolve fails the task (a retry would fail the same way: the model offers none)",
  // Retries are internal to the compactor: weakly fair.
  fairness: { kind: 'weak' },
  *successors(s, consts) {
    const next = compact(s, consts);
    if (next !== undefined) yield { state: next };
  },
};

export const deliverToCompactor: Action = {
  name: 'DeliverToCompactor',
  description: "the dedicated compactor applies meta's oldest catalog notification to its own cache",
  params: ['op', 'table'],
  fairness: { kind: 'weak' },
  *successors(s) {
    const c = s.compactor;
    const first = c?.notifications[0];
    if (c === undefined || first === undefined) return;
    const cache = first.op === 'Add' ? c.cache.add(first.table) : c.cache.delete(first.table);
    yield { params: { op: first.op, table: first.table }, state: withState(s, { ...c, cache, notifications: c.notifications.slice(1) }) };
  },
};
