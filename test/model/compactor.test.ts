// Guards and effects of the dedicated compactor: what reaches L0, how a task resolves its tables,
// that a retry failing the same way is a stutter, and that write stop holds the flushes.
import { describe, expect, it } from 'vitest';
import { Map as IMap, Set as ISet } from 'immutable';
import { deepFreeze, type Value } from '../../checker/value.ts';
import type { CompactorState, DropState } from '../../model/state.ts';
import { actor, consts, only, state, successors } from './fixtures.ts';

const on = consts({ compactor: 'on' });
const stopping = consts({ compactor: 'on', writeStop: 'true' });

const compactor = (patch: Partial<CompactorState> = {}): CompactorState =>
  ({ cache: ISet(), notifications: [], uploaded: IMap(), l0: ISet(), failed: ISet(), ...patch });

/** A state with the compactor (frozen: an action that mutated it would throw). */
const withCompactor = (c: Partial<CompactorState>, patch: Partial<DropState> = {}): DropState =>
  deepFreeze({ ...state(patch), compactor: compactor(c) } as unknown as Value) as unknown as DropState;

describe('what the compactor is given', () => {
  it('compactor=off: no compactor variable at all, so every state is what it was', () => {
    expect(Object.hasOwn(state(), 'compactor')).toBe(false);
  });

  it('a sync uploads its SST; only the commit of its epoch puts it in L0', () => {
    const flushed = withCompactor({}, { epoch: 1, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, imms: [{ table: 't1', epoch: 1, value: 1 }], cache: ISet(['t1']) });
    const synced = only('SyncEpoch', flushed, on);
    expect(synced.compactor!.uploaded.get(1)?.toArray()).toEqual(['t1']);
    expect(synced.compactor!.l0.size).toBe(0);
    expect(successors('CompactCommitted', synced, on)).toEqual([]); // nothing committed: nothing to compact
    const committed = only('CommitEpoch', synced, on);
    expect(committed.compactor!.uploaded.size).toBe(0);
    expect(committed.compactor!.l0.toArray()).toEqual(['t1']);
  });

  it("a broadcast reaches the compactor's queue too, and it applies it to its own cache", () => {
    const dropped = only('DropSink', withCompactor({ cache: ISet(['t1']) }), consts({ compactor: 'on', drop: 'catalog-first' }));
    expect(dropped.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
    expect(dropped.compactor!.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
    const applied = only('DeliverToCompactor', dropped, on);
    expect(applied.compactor!.cache.size).toBe(0);
    expect(applied.notifications).toHaveLength(1); // the node's delivery is its own
  });
});

describe('CompactCommitted', () => {
  it('resolves through its cache or the fetch, warms the cache, and empties L0', () => {
    const t = only('CompactCommitted', withCompactor({ l0: ISet(['t1']) }), on);
    expect(t.compactor).toMatchObject({ l0: ISet(), failed: ISet() });
    expect(t.compactor!.cache.has('t1')).toBe(true);
  });

  it("a table in neither its cache nor the fetch's answer fails the task, and a retry that fails the same way is a stutter", () => {
    // Deleted with a tombstone: deferred-notify's fetch does not return it, tombstone-fetch's does.
    const s = withCompactor({ l0: ISet(['t1']) }, { catalog: ISet(), tombstones: ISet(['t1']) });
    const failed = only('CompactCommitted', s, consts({ compactor: 'on', drop: 'deferred-notify' }));
    expect(failed.compactor!.failed.toArray()).toEqual(['t1']);
    expect(failed.compactor!.l0.toArray()).toEqual(['t1']);
    expect(successors('CompactCommitted', failed, consts({ compactor: 'on', drop: 'deferred-notify' }))).toEqual([]);
    expect(only('CompactCommitted', s, consts({ compactor: 'on', drop: 'tombstone-fetch' })).compactor!.l0.size).toBe(0);
  });

  it('an unregistered table is no longer part of a task: its data goes with the next compaction', () => {
    const s = withCompactor({ l0: ISet(['t1']), failed: ISet(['t1']) }, { catalog: ISet(), registered: ISet() });
    expect(only('CompactCommitted', s, on).compactor).toMatchObject({ l0: ISet(), failed: ISet() });
  });
});

describe('write stop', () => {
  const owedAndFailing = (patch: Partial<DropState> = {}) =>
    withCompactor({ l0: ISet(['t1']), failed: ISet(['t1']) }, { catalog: ISet(), epoch: 2, actors: { s1: actor({ epoch: 2, pos: 2, hasRow: true }) }, memtable: IMap([['t1', 2]]), ...patch });

  it('holds every flush while compaction is owed and failing', () => {
    expect(successors('FlushMemtable', owedAndFailing(), stopping)).toEqual([]);
    expect(successors('FlushMemtable', owedAndFailing(), on)).toHaveLength(1); // writeStop=false: the writes go on
  });

  it('lets them go once the failing table is unregistered (nothing owed)', () => {
    expect(successors('FlushMemtable', owedAndFailing({ registered: ISet() }), stopping)).toHaveLength(1);
  });

  it('a behaviour does not settle while compaction is owed', () => {
    const done = (c: Partial<CompactorState>) => withCompactor(c, { epoch: 5, committedEpoch: 5, syncedEpoch: 5 });
    expect(successors('Settled', done({}), on)).toHaveLength(1);
    expect(successors('Settled', done({ l0: ISet(['t1']) }), on)).toEqual([]);
    expect(successors('Settled', done({ notifications: [{ op: 'Delete', table: 't1' }] }), on)).toEqual([]);
  });
});
