import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinksOf, tableOf } from '../model/state.ts';
import { leftovers, notificationPending } from './leftovers.ts';

/**
 * A drop is complete once FinishDrop ran and the node applied every notification about the table
 * (the node learns of a deletion asynchronously: until then its cache may still hold the table).
 */
export const dropLeavesNothing: InvariantSpec<DropState, DropConsts> = {
  name: 'DropLeavesNothing',
  description: 'once a drop has completed, nothing of its table is left: no catalog entry, tombstone, registration, cached entry or unsynced data',
  check: (s) => {
    for (const sink of sinksOf(s)) {
      const t = tableOf(sink);
      if (s.drops[sink]!.phase !== 'dropped' || notificationPending(s, t)) continue;
      const left = leftovers(s, t);
      if (left.length > 0) return `sink ${sink}'s drop completed by epoch ${s.epoch} but table ${t} still has ${left.join(', ')}`;
    }
    return undefined;
  },
};
