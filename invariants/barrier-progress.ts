import type { TemporalProperty } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';

/**
 * \A e \in 1..maxEpoch+sinks : (barrier e injected) ~> (epoch e committed, or abandoned). Only a
 * recovery's reset abandons a barrier (the epoch counter goes back to the committed epoch): the
 * barrier is then gone, not stuck. Without recovery the counter never goes back.
 */
export const barrierProgress: TemporalProperty<DropState, DropConsts> = {
  name: 'BarrierProgress',
  description: 'every injected barrier is eventually committed (its epoch synced and committed into the storage version) or abandoned by a recovery',
  kind: 'leadsTo',
  // Past the budget a barrier is injected only to carry a Stop: one per sink at most.
  forAll: ({ maxEpoch, sinks }) => Array.from({ length: maxEpoch + sinks }, (_, i) => i + 1),
  p: (s, _c, epoch) => s.epoch >= (epoch as number),
  q: (s, _c, epoch) => s.committedEpoch >= (epoch as number) || s.epoch < (epoch as number),
};
