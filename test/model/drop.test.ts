// DropSink and FinishDrop in each variant's order of steps, and when a behaviour may end.
import { describe, expect, it } from 'vitest';
import { Set as ISet } from 'immutable';
import { actor, consts, only, state, successors } from './fixtures.ts';

const live = state();
const stopped = (patch = {}) => state({ epoch: 2, committedEpoch: 2, syncedEpoch: 2, actors: { s1: actor({ status: 'stopped', epoch: 2 }) }, drops: { s1: { phase: 'stopped', stopEpoch: 2 } }, ...patch });

describe('DropSink', () => {
  it('catalog-first deletes the table and broadcasts the Delete before the Stop', () => {
    const t = only('DropSink', live, consts({ drop: 'catalog-first' }));
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.tombstones.size).toBe(0);
    expect(t.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
    expect(t.drops.s1).toEqual({ phase: 'scheduled', stopEpoch: 0 });
  });

  it.each(['deferred-notify', 'tombstone-fetch'])('%s deletes the table leaving a tombstone and broadcasts nothing yet', (drop) => {
    const t = only('DropSink', live, consts({ drop }));
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.tombstones.has('t1')).toBe(true);
    expect(t.notifications).toEqual([]);
  });

  it('stop-first only schedules the Stop', () => {
    const t = only('DropSink', live, consts({ drop: 'stop-first' }));
    expect(t).toEqual({ ...live, drops: { s1: { phase: 'scheduled', stopEpoch: 0 } } });
  });

  it('drops each sink once', () => {
    expect(successors('DropSink', state({ drops: { s1: { phase: 'scheduled', stopEpoch: 0 }, s2: { phase: 'live', stopEpoch: 0 } } }, 2)).map((x) => x.params)).toEqual([{ sink: 's2' }]);
  });
});

describe('FinishDrop', () => {
  it('is enabled only once the Stop barrier is committed', () => {
    expect(successors('FinishDrop', state({ drops: { s1: { phase: 'stopping', stopEpoch: 1 } }, epoch: 1 }))).toEqual([]);
    expect(successors('FinishDrop', stopped()).map((x) => x.params)).toEqual([{ sink: 's1' }]);
  });

  it('catalog-first only unregisters the table (the Delete went out at the start)', () => {
    const t = only('FinishDrop', stopped({ catalog: ISet<string>() }), consts({ drop: 'catalog-first' }));
    expect(t.registered.has('t1')).toBe(false);
    expect(t.drops.s1!.phase).toBe('dropped');
    expect(t.notifications).toEqual([]);
  });

  it.each(['deferred-notify', 'tombstone-fetch'])('%s unregisters, clears the tombstone and broadcasts the Delete', (drop) => {
    const t = only('FinishDrop', stopped({ catalog: ISet<string>(), tombstones: ISet(['t1']) }), consts({ drop }));
    expect(t.registered.has('t1')).toBe(false);
    expect(t.tombstones.has('t1')).toBe(false);
    expect(t.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
  });

  it('stop-first deletes the table from the catalog, unregisters it and broadcasts the Delete', () => {
    const t = only('FinishDrop', stopped(), consts({ drop: 'stop-first' }));
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.registered.has('t1')).toBe(false);
    expect(t.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
  });
});

describe('Settled', () => {
  const c = consts({ maxEpoch: '2' });
  it('stutters once every barrier is committed and nothing is owed', () => {
    const s = stopped({ drops: { s1: { phase: 'dropped', stopEpoch: 2 } } });
    const [succ] = successors('Settled', s, c);
    expect(succ!.state).toEqual(s);
  });

  it('is disabled while work is owed: a barrier to inject or commit, a notification, a drop to finish', () => {
    expect(successors('Settled', stopped({ drops: { s1: { phase: 'dropped', stopEpoch: 2 } }, epoch: 1, committedEpoch: 1, syncedEpoch: 1 }), c)).toEqual([]);
    expect(successors('Settled', stopped({ drops: { s1: { phase: 'dropped', stopEpoch: 2 } }, committedEpoch: 1 }), c)).toEqual([]);
    expect(successors('Settled', stopped({ drops: { s1: { phase: 'dropped', stopEpoch: 2 } }, notifications: [{ op: 'Delete', table: 't1' }] }), c)).toEqual([]);
    expect(successors('Settled', stopped(), c)).toEqual([]);
  });

  it('an actor failure ends the behaviour (recovery is not modelled)', () => {
    expect(successors('Settled', state({ epoch: 1, actors: { s1: actor({ status: 'failed', epoch: 1, reason: 'row not found: x' }) } }), c)).toHaveLength(1);
  });
});
