import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinkOf } from '../model/state.ts';

/** Checked in every state, so the state right after a discard is judged with the writers it had then. */
export const noSilentDataLoss: InvariantSpec<DropState, DropConsts> = {
  name: 'NoSilentDataLoss',
  description: 'compaction never discards rows of a table while an actor that can still write or read it is live',
  check: (s) => {
    for (const [table, epoch] of s.discarded) {
      const sink = sinkOf(table);
      if (s.actors[sink]?.status === 'running') return `the sync of epoch ${epoch} discarded rows of table ${table} while sink ${sink}'s actor is running`;
    }
    return undefined;
  },
};
