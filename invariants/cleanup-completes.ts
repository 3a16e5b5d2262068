import type { TemporalProperty } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinkIds, sinkOf, tableOf } from '../model/state.ts';
import { leftovers, notificationPending } from './leftovers.ts';

/**
 * Per table: once its teardown has started, it is eventually unregistered, its tombstone completed
 * and its Delete delivered (nothing cached, nothing pending). Under the actions' fairness: internal
 * steps are weakly fair, DDL and environment events (recovery among them) are not, so a leak that
 * only a recovery would repair is a violation.
 */
export const cleanupCompletes: TemporalProperty<DropState, DropConsts> = {
  name: 'CleanupCompletes',
  description: 'every torn-down table is eventually unregistered, its tombstone completed and its Delete delivered',
  kind: 'leadsTo',
  forAll: ({ sinks }) => sinkIds(sinks).map(tableOf),
  p: (s, _consts, table) => s.drops[sinkOf(table as string)]!.phase !== 'live',
  q: (s, _consts, table) => leftovers(s, table as string).length === 0 && !notificationPending(s, table as string),
};
