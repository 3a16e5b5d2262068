import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinkOf, sinksOf, tableOf } from '../model/state.ts';

/** Meta's state, not what its fetch returns: deferred-notify keeps this and still races. */
export const resolvableWhileRegistered: InvariantSpec<DropState, DropConsts> = {
  name: 'ResolvableWhileRegistered',
  description: 'every table registered in the storage version or written by a live actor is resolvable from meta (catalog or tombstone)',
  check: (s) => {
    const resolvable = (t: string) => s.catalog.has(t) || s.tombstones.has(t);
    for (const t of [...s.registered].sort()) {
      if (!resolvable(t)) return `table ${t} of sink ${sinkOf(t)} is registered in the storage version at epoch ${s.epoch} but meta has neither a catalog entry nor a tombstone`;
    }
    for (const sink of sinksOf(s)) {
      const t = tableOf(sink);
      if (s.actors[sink]!.status === 'running' && !resolvable(t)) return `table ${t} is written by sink ${sink}'s running actor at epoch ${s.epoch} but meta has neither a catalog entry nor a tombstone`;
    }
    return undefined;
  },
};
