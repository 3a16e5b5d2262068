// DROP SINK in each variant's order of steps. Every variant has the same skeleton: a first meta
// step (DropSink), the Stop barrier (injected, received, synced and committed like any barrier),
// and a last meta step once the Stop is committed (FinishDrop). What each step does is the variant.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState, SinkId } from './state.ts';
import { sinksOf, tableOf } from './state.ts';
import { finishTeardown, isCreating } from './teardown.ts';
import { teardownPath } from './paths.ts';
import { broadcast } from './broadcast.ts';

type Action = ActionSpec<DropState, DropConsts>;

const scheduleStop = (s: DropState, sink: SinkId): DropState['drops'] => ({ ...s.drops, [sink]: { phase: 'scheduled', stopEpoch: 0 } });

/** The DROP request: what meta does before the Stop barrier, per variant. */
export function beginDrop(s: DropState, sink: SinkId, { drop }: DropConsts): DropState {
  const t = tableOf(sink);
  const drops = scheduleStop(s, sink);
  switch (drop) {
    case 'catalog-first': // delete and broadcast the Delete at once
      return broadcast({ ...s, drops, catalog: s.catalog.delete(t) }, { op: 'Delete', table: t });
    case 'deferred-notify': // #20010: a tombstone, the broadcast waits for the Stop
    case 'tombstone-fetch': // #21017: the same, and the on-demand fetch sees the tombstone
      return { ...s, drops, catalog: s.catalog.delete(t), tombstones: s.tombstones.add(t) };
    case 'stop-first': // the catalog is left alone until the actors have stopped
      return { ...s, drops };
  }
}

/** After the Stop barrier is committed: what meta does to complete the drop, per variant. */
export function finishDrop(s: DropState, sink: SinkId, { drop }: DropConsts): DropState {
  const t = tableOf(sink);
  const done = { ...s, drops: { ...s.drops, [sink]: { ...s.drops[sink]!, phase: 'dropped' as const } }, registered: s.registered.delete(t) };
  switch (drop) {
    case 'catalog-first':
      return done;
    case 'deferred-notify':
    case 'tombstone-fetch':
      return broadcast({ ...done, tombstones: s.tombstones.delete(t) }, { op: 'Delete', table: t });
    case 'stop-first':
      return broadcast({ ...done, catalog: s.catalog.delete(t) }, { op: 'Delete', table: t });
  }
}

// DROP is user DDL: no fairness (a user may never issue it). Meta's own steps are weakly fair.
export const dropSink: Action = {
  name: 'DropSink',
  description: 'DROP SINK: catalog-first deletes the table and broadcasts the Delete, deferred-notify/tombstone-fetch delete it leaving a tombstone, stop-first only schedules the Stop',
  params: ['sink'],
  *successors(s, consts) {
    for (const sink of sinksOf(s)) {
      if (s.drops[sink]!.phase !== 'live') continue;
      // A creating snapshot-backfill job cannot be stopped by a barrier: its DROP is CancelJob's reset.
      if (consts.jobKind === 'snapshot-backfill' && isCreating(s, sink, consts)) continue;
      yield { params: { sink }, state: beginDrop(s, sink, consts) };
    }
  },
};

export const finishDropAction: Action = {
  name: 'FinishDrop',
  description: 'after the Stop barrier is committed: unregister the table from the storage version; deferred-notify/tombstone-fetch clear the tombstone and broadcast the Delete; stop-first deletes the table and broadcasts it; another teardown path runs its own cleanup',
  params: ['sink'],
  fairness: { kind: 'weak', perInstance: true },
  *successors(s, consts) {
    for (const sink of sinksOf(s)) {
      const d = s.drops[sink]!;
      if (d.phase !== 'stopped') continue;
      yield { params: { sink }, state: d.path === undefined ? finishDrop(s, sink, consts) : finishTeardown(s, sink, teardownPath(d.path, consts)) };
    }
  },
};
