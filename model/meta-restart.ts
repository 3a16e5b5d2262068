// MetaRestart (../shared/protocol-history.md, end of "Recovery"): `dropped_tables`, queued commands
// and pending notifications live only in meta's memory and are lost; the compute node's
// compaction-catalog cache is re-snapshotted from the catalog alone; then a global recovery
// follows. The restart and the recovery's first step are one step here: until the new meta has
// recovered, nothing of the data plane talks to it. Its drain and purge follow as for any global
// recovery (weakly fair). A restart may also interrupt a recovery under way, which then starts
// again: that is how a step between the drain and the purge fails.
import { Set as ISet } from 'immutable';
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState, TableId } from './state.ts';
import { startRecovery } from './recovery.ts';

// No fairness: an environment event.
export const metaRestart: ActionSpec<DropState, DropConsts> = {
  name: 'MetaRestart',
  description: "meta restarts: tombstones, queued commands and pending notifications are lost, caches are re-snapshotted from the catalog, and a global recovery starts (reset, pre-apply; its drain and purge follow)",
  *successors(s, consts) {
    const r = s.recovery;
    if (r === undefined || r.metaRestarts >= consts.metaRestarts) return;
    // Queued commands are lost with meta's memory: the recovery's pre-apply stands for them (the
    // job's catalog rows are deleted or never were; its actors are not rebuilt either way).
    const lost: DropState = { ...s, tombstones: ISet<TableId>(), notifications: [], cache: s.catalog };
    yield { state: startRecovery(lost, consts, { ...r, metaRestarts: r.metaRestarts + 1 }) };
  },
};
