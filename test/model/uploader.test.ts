// Guards and effects of SyncEpoch: shared-buffer compaction through the compaction-catalog cache.
import { describe, expect, it } from 'vitest';
import { Map as IMap, Set as ISet } from 'immutable';
import { actor, consts, only, state, successors } from './fixtures.ts';

/** Barrier 1 collected: the actor wrote progress 1 at epoch 1 and flushed it into an imm. */
const flushed = (patch = {}) => state({ epoch: 2, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, imms: [{ table: 't1', epoch: 1, value: 1 }], ...patch });

describe('SyncEpoch guard', () => {
  it('waits for every actor to collect the barrier (received and flushed)', () => {
    expect(successors('SyncEpoch', state({ epoch: 1 }))).toEqual([]); // not received
    expect(successors('SyncEpoch', state({ epoch: 1, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, memtable: IMap([['t1', 1]]) }))).toEqual([]); // not flushed
    expect(successors('SyncEpoch', flushed()).map((x) => x.params)).toEqual([{ epoch: 1 }]);
  });

  it('a failed actor fails the collection; a stopped one no longer takes part', () => {
    expect(successors('SyncEpoch', flushed({ actors: { s1: actor({ status: 'failed', epoch: 1, reason: 'x' }) } }))).toEqual([]);
    expect(successors('SyncEpoch', flushed({ actors: { s1: actor({ status: 'stopped', epoch: 1 }) }, imms: [] }))).toHaveLength(1);
  });

  it('syncs only injected epochs, in order', () => {
    expect(successors('SyncEpoch', flushed({ syncedEpoch: 2, imms: [] }))).toEqual([]);
  });
});

describe('SyncEpoch effect', () => {
  it('cache hit: the SST keeps the rows and replaces the imm', () => {
    const t = only('SyncEpoch', flushed({ cache: ISet(['t1']) }));
    expect(t).toMatchObject({ imms: [], syncedEpoch: 1 });
    expect(t.synced.get('t1')).toBe(1);
    expect(t.discarded.size).toBe(0);
  });

  it('cache miss, table in the catalog: the on-demand fetch resolves it and warms the cache', () => {
    const t = only('SyncEpoch', flushed());
    expect(t.synced.get('t1')).toBe(1);
    expect(t.cache.has('t1')).toBe(true);
  });

  it('keeps imms of later epochs and the newest value of each table', () => {
    // Each imm holds a different value, so reading the wrong epoch, or the oldest imm of the
    // synced epoch instead of the newest, gives another figure: epoch 2 newest = 2, epoch 3 = 3.
    const t = only('SyncEpoch', flushed({ epoch: 3, syncedEpoch: 1, cache: ISet(['t1']), actors: { s1: actor({ epoch: 3, pos: 3, hasRow: true }) },
      imms: [{ table: 't1', epoch: 2, value: 1 }, { table: 't1', epoch: 2, value: 2 }, { table: 't1', epoch: 3, value: 3 }] }));
    expect(t.syncedEpoch).toBe(2);
    expect(t.imms).toEqual([{ table: 't1', epoch: 3, value: 3 }]);
    expect(t.synced.get('t1')).toBe(2);
  });

  it('skip: an unresolvable table is left out of the SST, which still replaces its imm', () => {
    const t = only('SyncEpoch', flushed({ catalog: ISet<string>() }), consts({ compaction: 'skip' }));
    expect(t).toMatchObject({ imms: [], syncedEpoch: 1 });
    expect(t.synced.has('t1')).toBe(false);
    expect(t.discarded.get('t1')).toBe(1);
    expect(t.cache.has('t1')).toBe(false);
  });

  it('the fetch sees tombstones only in tombstone-fetch', () => {
    const dropped = flushed({ catalog: ISet<string>(), tombstones: ISet(['t1']) });
    expect(only('SyncEpoch', dropped, consts({ drop: 'deferred-notify' })).discarded.get('t1')).toBe(1);
    const fixed = only('SyncEpoch', dropped, consts({ drop: 'tombstone-fetch' }));
    expect(fixed.discarded.size).toBe(0);
    expect(fixed.synced.get('t1')).toBe(1);
  });

  it('fail-task: the task fails, the imm stays and nothing is synced', () => {
    const s = flushed({ catalog: ISet<string>() });
    const t = only('SyncEpoch', s, consts({ compaction: 'fail-task' }));
    expect(t).toMatchObject({ failedSync: 1, syncedEpoch: 0, imms: s.imms });
    expect(t.discarded.size).toBe(0);
  });

  it('fail-task: a retry that would fail the same way is a stutter, so it is not offered', () => {
    const s = flushed({ catalog: ISet<string>(), failedSync: 1 });
    expect(successors('SyncEpoch', s, consts({ compaction: 'fail-task' }))).toEqual([]);
    // Once the table resolves again (here: cached), the retry succeeds and clears the failure.
    const t = only('SyncEpoch', flushed({ catalog: ISet<string>(), failedSync: 1, cache: ISet(['t1']) }), consts({ compaction: 'fail-task' }));
    expect(t).toMatchObject({ failedSync: 0, syncedEpoch: 1 });
  });
});
