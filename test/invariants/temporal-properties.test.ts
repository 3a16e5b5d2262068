// The temporal properties' parts on hand-built states: what each quantifies over, and its p and q
// (P ~> Q per element). The liveness suites check them on whole behaviours; these pin each part.
import { describe, expect, it } from 'vitest';
import { Map as IMap, Set as ISet } from 'immutable';
import { barrierProgress } from '../../invariants/barrier-progress.ts';
import { compactionProgress } from '../../invariants/compaction-progress.ts';
import { consts, state } from '../model/fixtures.ts';
import type { DropState } from '../../model/state.ts';
import type { TemporalProperty } from '../../checker/model.ts';
import type { DropConsts } from '../../model/params.ts';

/** The property as P ~> Q (both are declared so; a change of kind fails here). */
function leadsTo(property: TemporalProperty<DropState, DropConsts>) {
  if (property.kind !== 'leadsTo') throw new Error(`${property.name} is not a leadsTo property`);
  return property;
}
const barrier = leadsTo(barrierProgress);
const compaction = leadsTo(compactionProgress);

describe('BarrierProgress', () => {
  it('quantifies over every epoch a barrier may have: 1..maxEpoch + sinks', () => {
    // Past the budget a barrier carries only a Stop, one per sink: maxEpoch 5 with 2 sinks gives 7.
    expect([...barrierProgress.forAll!(consts())]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...barrierProgress.forAll!(consts({ sinks: '2', maxEpoch: '3' }))]).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts once barrier e is injected, and ends once it is committed or the counter went back below it', () => {
    const c = consts();
    const at = (epoch: number, committedEpoch: number) => state({ epoch, syncedEpoch: committedEpoch, committedEpoch });
    expect(barrier.p(at(3, 0), c, 3)).toBe(true);
    expect(barrier.p(at(4, 0), c, 3)).toBe(true);
    expect(barrier.p(at(2, 0), c, 3)).toBe(false);
    expect(barrier.q(at(3, 2), c, 3)).toBe(false); // injected, not committed: still owed
    expect(barrier.q(at(4, 2), c, 3)).toBe(false);
    expect(barrier.q(at(3, 3), c, 3)).toBe(true); // committed
    expect(barrier.q(at(2, 2), c, 3)).toBe(true); // a recovery's reset abandoned it
  });
});

describe('CompactionProgress', () => {
  it('quantifies over the tables with the dedicated compactor, over none without it', () => {
    expect([...compactionProgress.forAll!(consts({ compactor: 'on', sinks: '2' }))]).toEqual(['t1', 't2']);
    expect([...compactionProgress.forAll!(consts({ sinks: '2' }))]).toEqual([]);
  });

  it('starts while the compactor fails on a registered table, and ends once it does not', () => {
    const c = consts({ compactor: 'on' });
    const failing = (failed: string[], registered: string[]) => state({ registered: ISet(registered), compactor: { cache: ISet(), notifications: [], uploaded: IMap(), l0: ISet(failed), failed: ISet(failed) } as DropState['compactor'] });
    expect(compaction.p(failing(['t1'], ['t1']), c, 't1')).toBe(true);
    expect(compaction.q(failing(['t1'], ['t1']), c, 't1')).toBe(false);
    expect(compaction.p(failing(['t1'], []), c, 't1')).toBe(false); // unregistered: nothing left to compact
    expect(compaction.q(failing([], ['t1']), c, 't1')).toBe(true);
  });
});
