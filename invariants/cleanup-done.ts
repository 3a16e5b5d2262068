import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinksOf, tableOf } from '../model/state.ts';
import { endedNormally } from '../model/settle.ts';
import { leftovers } from './leftovers.ts';

/**
 * The safety shadow of CleanupCompletes: judged where a behaviour may end with its work done
 * (`endedNormally`: no actor failed, nothing owed). A teardown still `scheduled` is owed work, so
 * such a state never ends normally and the skip below is only a guard; a behaviour cut short by an
 * actor failure that no recovery follows (its `recoveries` budget spent or 0) is not judged.
 */
export const cleanupDone: InvariantSpec<DropState, DropConsts> = {
  name: 'CleanupDone',
  description: 'once a behaviour has ended with its work done (Settled), no torn-down table is still in the catalog, tombstoned, registered, cached or holding unsynced data',
  check: (s, consts) => {
    if (!endedNormally(s, consts)) return undefined;
    for (const sink of sinksOf(s)) {
      const phase = s.drops[sink]!.phase;
      if (phase === 'live' || phase === 'scheduled') continue;
      const t = tableOf(sink);
      const left = leftovers(s, t);
      if (left.length > 0) return `the behaviour has ended at epoch ${s.epoch} but table ${t}, torn down by ${s.drops[sink]!.path ?? 'DROP SINK'}, still has ${left.join(', ')}`;
    }
    return undefined;
  },
};
