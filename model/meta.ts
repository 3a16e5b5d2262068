// Meta's side of an epoch: committing synced SSTs, which completes the barrier's Stop commands,
// and the asynchronous catalog notifications a compute node applies to its cache.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState } from './state.ts';
import { commitUploads } from './compactor.ts';

type Action = ActionSpec<DropState, DropConsts>;

export const commitEpoch: Action = {
  name: 'CommitEpoch',
  description: "meta commits the next synced epoch into the storage version; the sinks stopped by its barrier are now stopped",
  params: ['epoch'],
  fairness: { kind: 'weak' },
  *successors(s) {
    if (s.committedEpoch >= s.syncedEpoch) return;
    const epoch = s.committedEpoch + 1;
    const stops = (d: DropState['drops'][string]) => d.phase === 'stopping' && d.stopEpoch === epoch;
    const drops = !Object.values(s.drops).some(stops) ? s.drops : Object.fromEntries(Object.entries(s.drops).map(([sink, d]) => [sink, stops(d) ? { ...d, phase: 'stopped' as const } : d]));
    yield { params: { epoch }, state: commitUploads({ ...s, committedEpoch: epoch, drops }, epoch) };
  },
};

export const deliverNotification: Action = {
  name: 'DeliverNotification',
  description: "the compute node applies meta's oldest catalog notification to its compaction-catalog cache",
  params: ['op', 'table'],
  fairness: { kind: 'weak' },
  *successors(s) {
    const [first, ...rest] = s.notifications;
    if (first === undefined) return;
    const cache = first.op === 'Add' ? s.cache.add(first.table) : s.cache.delete(first.table);
    yield { params: { op: first.op, table: first.table }, state: { ...s, cache, notifications: rest } };
  },
};
