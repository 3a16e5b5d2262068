// The later teardown paths as data (../shared/protocol-history.md): every path is the same four
// effects (delete the catalog row, record the tombstone, stop the writers, clean up) in an order
// of its own. A path declares them; the functions here perform them, and the Stop barrier, sync,
// commit and FinishDrop steps of DROP SINK carry a path from its first step to its last.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropPhase, DropState, SinkId, TableId, TeardownPathName } from './state.ts';
import { sinksOf, tableOf } from './state.ts';

/**
 * One meta-side effect on a table. `complete-tombstone` clears `dropped_tables` only: whether the
 * Delete reaches the storage observers is a `broadcast-delete` of its own, because some paths
 * (the cancel path before #23087) told only the frontend.
 */
export type Effect = 'delete-catalog' | 'record-tombstone' | 'broadcast-delete' | 'unregister' | 'complete-tombstone';

/**
 * How the writers stop: `stop-barrier`, a Stop (or replace) mutation on the next barrier, collected
 * and committed like any barrier; `reset-partial-graph`, a snapshot-backfill job's own graph is
 * reset by a step of its own, no barrier; `already-stopped`, the event that starts the path (a
 * recovery that failed a CREATE) has stopped them.
 */
export type WriterStop = 'stop-barrier' | 'reset-partial-graph' | 'already-stopped';

export interface TeardownPath {
  readonly name: TeardownPathName;
  /** The effects of the step that starts the teardown (the DDL, or the event), in order. */
  readonly begin: readonly Effect[];
  readonly stop: WriterStop;
  /** The effects once the writers have stopped (FinishDrop), in order; none: nobody cleans up. */
  readonly cleanup: readonly Effect[];
}

function applyEffect(s: DropState, t: TableId, effect: Effect): DropState {
  switch (effect) {
    case 'delete-catalog': return { ...s, catalog: s.catalog.delete(t) };
    case 'record-tombstone': return { ...s, tombstones: s.tombstones.add(t) };
    case 'broadcast-delete': return { ...s, notifications: [...s.notifications, { op: 'Delete', table: t }] };
    case 'unregister': return { ...s, registered: s.registered.delete(t) };
    case 'complete-tombstone': return { ...s, tombstones: s.tombstones.delete(t) };
  }
}

const applyEffects = (s: DropState, t: TableId, effects: readonly Effect[]): DropState => effects.reduce((acc, e) => applyEffect(acc, t, e), s);

const withPhase = (s: DropState, sink: SinkId, phase: DropPhase, path: TeardownPathName): DropState => {
  const d = s.drops[sink]!;
  // A recovery that took the command over (model/recovery.ts) stays on the record.
  return { ...s, drops: { ...s.drops, [sink]: { phase, stopEpoch: d.stopEpoch, path, ...(d.preApplied ? { preApplied: d.preApplied } : {}) } } };
};

/** Where a path is once its writers have stopped: cleanup owed, or nothing left to run. */
const afterStop = (path: TeardownPath): DropPhase => (path.cleanup.length > 0 ? 'stopped' : 'dropped');

/**
 * The writers of `sink` stop without a barrier (a reset, or a recovery): the actor is stopped and
 * the table's unsynced state (memtable and imms) is discarded; synced SSTs stay.
 */
export function stopWriters(s: DropState, sink: SinkId): DropState {
  const t = tableOf(sink);
  return {
    ...s,
    actors: { ...s.actors, [sink]: { ...s.actors[sink]!, status: 'stopped' } },
    memtable: s.memtable.delete(t),
    imms: s.imms.some((i) => i.table === t) ? s.imms.filter((i) => i.table !== t) : s.imms,
  };
}

/** The first step of a path: its begin effects, then it waits for its writers to stop. */
export function beginTeardown(s: DropState, sink: SinkId, path: TeardownPath): DropState {
  const t = tableOf(sink);
  switch (path.stop) {
    case 'stop-barrier': return withPhase(applyEffects(s, t, path.begin), sink, 'scheduled', path.name);
    case 'reset-partial-graph': return withPhase(applyEffects(s, t, path.begin), sink, 'resetting', path.name);
    case 'already-stopped': return withPhase(applyEffects(stopWriters(s, sink), t, path.begin), sink, afterStop(path), path.name);
  }
}

/** A partial-graph reset: the writers stop, the uncommitted state goes, no barrier is involved. */
export function resetWriters(s: DropState, sink: SinkId, path: TeardownPath): DropState {
  return withPhase(stopWriters(s, sink), sink, afterStop(path), path.name);
}

/** The last step (FinishDrop): the cleanup effects in order. */
export function finishTeardown(s: DropState, sink: SinkId, path: TeardownPath): DropState {
  return withPhase(applyEffects(s, tableOf(sink), path.cleanup), sink, 'dropped', path.name);
}

/**
 * A sink is creating while its backfill has not read the whole snapshot: that is what a background
 * backfilling job is (and a foreground one, whose CREATE waits for it). Its tables are registered
 * from the start (the first barrier of the CREATE registered them before the model begins).
 */
export function isCreating(s: DropState, sink: SinkId, { rows }: Pick<DropConsts, 'rows'>): boolean {
  const a = s.actors[sink]!;
  return s.drops[sink]!.phase === 'live' && a.status === 'running' && a.pos < rows;
}

/**
 * The action that starts a path (a DDL or an event, so no fairness): for every sink it `applies`
 * to, the path's first step; nothing while the parameters leave the path off.
 */
export function startingAction(
  spec: { readonly name: string; readonly description: string },
  pathOf: (consts: DropConsts) => TeardownPath | undefined,
  applies: (s: DropState, sink: SinkId, consts: DropConsts) => boolean,
): ActionSpec<DropState, DropConsts> {
  return {
    ...spec,
    params: ['sink'],
    *successors(s, consts) {
      const path = pathOf(consts);
      if (path === undefined) return;
      for (const sink of sinksOf(s)) if (applies(s, sink, consts)) yield { params: { sink }, state: beginTeardown(s, sink, path) };
    },
  };
}
