import type { TemporalProperty } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinkIds, tableOf } from '../model/state.ts';
import { failingOn } from '../model/compactor.ts';

/**
 * \A t \in Tables : (the compactor fails on registered t) ~> (it no longer does): the compactor
 * does not fail forever on a registered table (#14459, #15144, #25592's crash loop). A failed task
 * is retried under weak fairness and a retry that fails the same way is a stutter, so a violation
 * is a lasso in which the compactor fails forever. Only the dedicated compactor has tasks that
 * fail: with compactor=off it quantifies over no table (holds, and the matrix shows no column).
 */
export const compactionProgress: TemporalProperty<DropState, DropConsts> = {
  name: 'CompactionProgress',
  description: 'the dedicated compactor does not fail forever on a registered table: a task that failed on it is eventually followed by one that does not (compactor=on)',
  kind: 'leadsTo',
  forAll: ({ sinks, compactor }) => (compactor === 'on' ? sinkIds(sinks).map(tableOf) : []),
  p: (s, _c, table) => failingOn(s, table as string),
  q: (s, _c, table) => !failingOn(s, table as string),
};
