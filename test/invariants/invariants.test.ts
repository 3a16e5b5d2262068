// Each invariant on hand-built states: quiet where the protocol is fine, and when violated a
// reason that names the sink, the table and the epoch.
import { describe, expect, it } from 'vitest';
import { Map as IMap, Set as ISet } from 'immutable';
import { invariants } from '../../invariants/index.ts';
import { typeOK } from '../../invariants/type-ok.ts';
import { noRowNotFound } from '../../invariants/no-row-not-found.ts';
import { noSilentDataLoss } from '../../invariants/no-silent-data-loss.ts';
import { liveTablesDurable } from '../../invariants/live-tables-durable.ts';
import { resolvableWhileRegistered } from '../../invariants/resolvable-while-registered.ts';
import { dropLeavesNothing } from '../../invariants/drop-leaves-nothing.ts';
import { cleanupDone } from '../../invariants/cleanup-done.ts';
import { actor, consts, state } from '../model/fixtures.ts';
import type { Actor, DropProgress, DropState, Notification } from '../../model/state.ts';

const c = consts();
/** Names sink s1, table t1 and the epoch given. */
const namesAll = (reason: string | undefined, epoch: number) => {
  expect(reason).toBeDefined();
  expect(reason).toMatch(/\bs1\b/);
  expect(reason).toMatch(/\bt1\b/);
  expect(reason).toMatch(new RegExp(`epoch ${epoch}\\b`));
};

describe('the invariant list', () => {
  it('has unique names, each with a one-line description', () => {
    expect(new Set(invariants.map((i) => i.name)).size).toBe(invariants.length);
    for (const i of invariants) expect(i.description).toMatch(/^[^\n]{10,}$/);
  });
});

describe('TypeOK', () => {
  it('holds initially and catches a bad epoch order, an unknown table, a malformed actor', () => {
    expect(typeOK.check(state(), c)).toBeUndefined();
    expect(typeOK.check(state({ epoch: 1, syncedEpoch: 2 }), c)).toMatch(/epochs out of order/);
    expect(typeOK.check(state({ cache: ISet(['t9']) }), c)).toMatch(/cache holds an unknown table/);
    expect(typeOK.check(state({ actors: { s1: actor({ status: 'failed' }) } }), c)).toMatch(/actor of sink s1/);
    expect(typeOK.check(state({ epoch: 1, imms: [{ table: 't1', epoch: 1, value: 9 }] }), c)).toMatch(/imm of table t1 at epoch 1/);
  });
});

describe('TypeOK, clause by clause', () => {
  // One state per requirement of the state's type (model/state.ts, default bounds: 1 sink, rows 2,
  // epochs up to 5), each breaking that requirement alone: every one must be reported, so a TypeOK
  // that lost a clause fails here. The pattern names what is wrong.
  const running = actor({ epoch: 1, pos: 1, hasRow: true });
  const malformed: [string, Partial<DropState>, RegExp][] = [
    ['catalog not a set', { catalog: ['t1'] as unknown as DropState['catalog'] }, /catalog is not a set/],
    ['catalog with an unknown table', { catalog: ISet(['t1', 't2']) }, /catalog holds an unknown table/],
    ['tombstones not a set', { tombstones: [] as unknown as DropState['tombstones'] }, /tombstones is not a set/],
    ['tombstones with an unknown table', { tombstones: ISet(['t0']) }, /tombstones holds an unknown table/],
    ['registered not a set', { registered: IMap() as unknown as DropState['registered'] }, /registered is not a set/],
    ['registered with an unknown table', { registered: ISet(['x']) }, /registered holds an unknown table/],
    ['cache not a set', { cache: new Set(['t1']) as unknown as DropState['cache'] }, /cache is not a set/],
    ['cache with an unknown table', { cache: ISet(['t9']) }, /cache holds an unknown table/],
    ['memtable not a map', { memtable: ISet() as unknown as DropState['memtable'] }, /memtable is not a map/],
    ['memtable with an unknown table', { memtable: IMap([['t2', 1]]) }, /memtable holds an unknown table or a bad value/],
    ['memtable value past the rows', { memtable: IMap([['t1', 3]]) }, /memtable holds an unknown table or a bad value/],
    ['memtable value negative', { memtable: IMap([['t1', -1]]) }, /memtable holds/],
    ['synced not a map', { synced: {} as unknown as DropState['synced'] }, /synced is not a map/],
    ['synced value past the rows', { synced: IMap([['t1', 3]]) }, /synced holds an unknown table or a bad value/],
    ['synced with an unknown table', { synced: IMap([['t3', 1]]) }, /synced holds/],
    ['discarded not a map', { discarded: [] as unknown as DropState['discarded'] }, /discarded is not a map/],
    // A Stop may ride one barrier per sink past maxEpoch (5 here, one sink): epoch 6 is allowed.
    ['discarded epoch past maxEpoch + sinks', { discarded: IMap([['t1', 7]]) }, /discarded holds an unknown table or a bad value/],
    ['discarded with an unknown table', { discarded: IMap([['t2', 1]]) }, /discarded holds/],
    ['epoch past maxEpoch + sinks', { epoch: 7 }, /epoch 7 is outside 0\.\.6/],
    ['epoch negative', { epoch: -1 }, /epoch -1 is outside/],
    ['epoch not an integer', { epoch: 1.5 }, /epoch 1\.5 is outside/],
    ['committed after synced', { epoch: 2, syncedEpoch: 1, committedEpoch: 2 }, /epochs out of order/],
    ['synced after injected', { epoch: 1, syncedEpoch: 2, committedEpoch: 0 }, /epochs out of order/],
    ['committed negative', { epoch: 1, committedEpoch: -1 }, /epochs out of order/],
    ['failedSync past the injected epoch', { epoch: 1, failedSync: 2 }, /failedSync 2 is not an injected epoch/],
    ['failedSync negative', { failedSync: -1 }, /failedSync -1/],
    ['an actor too many', { actors: { s1: actor(), s2: actor() } }, /actors or drops do not cover exactly the sinks/],
    ['an actor missing', { actors: {} }, /actors or drops do not cover/],
    ['a drop too many', { drops: { s1: { phase: 'live', stopEpoch: 0 }, s2: { phase: 'live', stopEpoch: 0 } } }, /actors or drops do not cover/],
    ['actors under another name', { actors: { s2: actor() } }, /actor of sink s1 is malformed/],
    ['actor status unknown', { actors: { s1: actor({ status: 'paused' as Actor['status'] }) } }, /actor of sink s1 is malformed/],
    ['actor ahead of the injected epoch', { epoch: 1, actors: { s1: actor({ epoch: 2 }) } }, /actor of sink s1 is malformed at epoch 1/],
    ['actor position past the rows', { epoch: 1, actors: { s1: { ...running, pos: 3 } } }, /actor of sink s1 is malformed/],
    ['actor hasRow not a boolean', { epoch: 1, actors: { s1: { ...running, hasRow: 1 as unknown as boolean } } }, /actor of sink s1 is malformed/],
    ['failed actor without a reason', { actors: { s1: actor({ status: 'failed' }) } }, /actor of sink s1 is malformed/],
    ['running actor with a reason', { actors: { s1: actor({ reason: 'row not found' }) } }, /actor of sink s1 is malformed/],
    ['drops under another name', { drops: { s2: { phase: 'live', stopEpoch: 0 } } }, /drop of sink s1 is malformed/],
    ['drop phase unknown', { drops: { s1: { phase: 'gone' as DropProgress['phase'], stopEpoch: 1 } }, epoch: 1 }, /drop of sink s1 is malformed/],
    ['drop stop epoch ahead of the injected epoch', { epoch: 1, drops: { s1: { phase: 'stopping', stopEpoch: 2 } } }, /drop of sink s1 is malformed at epoch 1/],
    ['live drop with a stop epoch', { epoch: 1, drops: { s1: { phase: 'live', stopEpoch: 1 } } }, /drop of sink s1 is malformed/],
    ['scheduled drop with a stop epoch', { epoch: 1, drops: { s1: { phase: 'scheduled', stopEpoch: 1 } } }, /drop of sink s1 is malformed/],
    ['stopping drop without a stop epoch', { epoch: 1, drops: { s1: { phase: 'stopping', stopEpoch: 0 } } }, /drop of sink s1 is malformed/],
    ['imm of an unknown table', { epoch: 1, imms: [{ table: 't2', epoch: 1, value: 1 }] }, /imm of table t2 at epoch 1 is malformed/],
    ['imm ahead of the injected epoch', { epoch: 1, imms: [{ table: 't1', epoch: 2, value: 1 }] }, /imm of table t1 at epoch 2 is malformed/],
    ['imm of a synced epoch', { epoch: 2, syncedEpoch: 1, imms: [{ table: 't1', epoch: 1, value: 1 }] }, /imm of table t1 at epoch 1 is malformed or already synced/],
    ['imm value past the rows', { epoch: 1, imms: [{ table: 't1', epoch: 1, value: 3 }] }, /imm of table t1 at epoch 1/],
    ['notification of an unknown op', { notifications: [{ op: 'Alter' as Notification['op'], table: 't1' }] }, /notification Alter t1 is malformed/],
    ['notification of an unknown table', { notifications: [{ op: 'Delete', table: 't7' }] }, /notification Delete t7 is malformed/],
  ];

  it.each(malformed)('reports %s', (_, patch, why) => {
    expect(typeOK.check(state(patch), c)).toMatch(why);
  });

  it('holds on well-formed states at the edges of every range', () => {
    const edges: Partial<DropState>[] = [
      { epoch: 5, committedEpoch: 5, syncedEpoch: 5, failedSync: 0 },
      { epoch: 5, committedEpoch: 0, syncedEpoch: 4, failedSync: 5, imms: [{ table: 't1', epoch: 5, value: 2 }], actors: { s1: actor({ epoch: 5, pos: 2, hasRow: true }) } },
      { epoch: 2, syncedEpoch: 2, memtable: IMap([['t1', 0]]), synced: IMap([['t1', 2]]), discarded: IMap([['t1', 5]]) },
      { epoch: 1, drops: { s1: { phase: 'stopping', stopEpoch: 1 } }, actors: { s1: actor({ status: 'failed', epoch: 1, reason: 'x' }) } },
      { epoch: 1, drops: { s1: { phase: 'scheduled', stopEpoch: 0 } }, notifications: [{ op: 'Add', table: 't1' }, { op: 'Delete', table: 't1' }] },
      { catalog: ISet<string>(), tombstones: ISet(['t1']), registered: ISet<string>(), cache: ISet(['t1']) },
    ];
    for (const patch of edges) expect(typeOK.check(state(patch), c), JSON.stringify(patch)).toBeUndefined();
  });
});

describe('NoRowNotFound', () => {
  it('is violated by a failed get_row, not by a stop', () => {
    expect(noRowNotFound.check(state({ epoch: 2, actors: { s1: actor({ status: 'stopped', epoch: 2 }) } }), c)).toBeUndefined();
    namesAll(noRowNotFound.check(state({ epoch: 2, actors: { s1: actor({ status: 'failed', epoch: 2, hasRow: true, reason: 'row not found: sink s1 read its progress row in table t1 at epoch 2' }) } }), c), 2);
  });
});

describe('NoRowNotFound and other failures', () => {
  it('is about row not found only: an actor failed for another reason is another matter', () => {
    expect(noRowNotFound.check(state({ epoch: 2, actors: { s1: actor({ status: 'failed', epoch: 2, reason: 'failed: disk full' }) } }), c)).toBeUndefined();
    expect(noRowNotFound.check(state(), c)).toBeUndefined();
  });
});

describe('NoSilentDataLoss', () => {
  const discarded = IMap([['t1', 1]]);
  it('is violated while the table\'s actor runs, not once it stopped', () => {
    namesAll(noSilentDataLoss.check(state({ epoch: 1, syncedEpoch: 1, discarded }), c), 1);
    expect(noSilentDataLoss.check(state({ epoch: 1, syncedEpoch: 1, discarded, actors: { s1: actor({ status: 'stopped', epoch: 1 }) } }), c)).toBeUndefined();
  });
});

describe('LiveTablesDurable', () => {
  const wrote = actor({ epoch: 1, pos: 1, hasRow: true });
  it('holds while the flushed row is readable from an imm or synced data, or not yet flushed', () => {
    expect(liveTablesDurable.check(state({ epoch: 1, actors: { s1: wrote }, imms: [{ table: 't1', epoch: 1, value: 1 }] }), c)).toBeUndefined();
    expect(liveTablesDurable.check(state({ epoch: 1, syncedEpoch: 1, actors: { s1: wrote }, synced: IMap([['t1', 1]]) }), c)).toBeUndefined();
    expect(liveTablesDurable.check(state({ epoch: 1, actors: { s1: wrote }, memtable: IMap([['t1', 1]]) }), c)).toBeUndefined();
  });

  it('is violated when the row is gone or stale while the actor runs', () => {
    namesAll(liveTablesDurable.check(state({ epoch: 1, syncedEpoch: 1, actors: { s1: wrote } }), c), 1);
    expect(liveTablesDurable.check(state({ epoch: 2, syncedEpoch: 2, actors: { s1: actor({ epoch: 2, pos: 2, hasRow: true }) }, synced: IMap([['t1', 1]]) }), c)).toMatch(/finds progress 1$/);
    expect(liveTablesDurable.check(state({ epoch: 1, syncedEpoch: 1, actors: { s1: wrote } }), c)).toMatch(/but a read now finds no row$/);
    expect(liveTablesDurable.check(state({ epoch: 1, syncedEpoch: 1, actors: { s1: { ...wrote, status: 'stopped' } } }), c)).toBeUndefined();
  });
});

describe('ResolvableWhileRegistered', () => {
  it('accepts a tombstone, rejects a registered table meta forgot', () => {
    expect(resolvableWhileRegistered.check(state({ catalog: ISet<string>(), tombstones: ISet(['t1']) }), c)).toBeUndefined();
    namesAll(resolvableWhileRegistered.check(state({ epoch: 3, catalog: ISet<string>() }), c), 3);
  });

  it('names the first unresolvable registered table in table order, whatever the set\'s order', () => {
    const two = (registered: string[]) => state({ epoch: 1, catalog: ISet<string>(), registered: ISet(registered), actors: { s1: actor({ status: 'stopped' }), s2: actor({ status: 'stopped' }) },
      drops: { s1: { phase: 'live', stopEpoch: 0 }, s2: { phase: 'live', stopEpoch: 0 } } }, 2);
    expect(resolvableWhileRegistered.check(two(['t2', 't1']), c)).toMatch(/^table t1 of sink s1 is registered in the storage version at epoch 1/);
    expect(resolvableWhileRegistered.check(two(['t1', 't2']), c)).toMatch(/^table t1 of sink s1 is registered/);
  });

  it('rejects a table a running actor writes even once unregistered', () => {
    namesAll(resolvableWhileRegistered.check(state({ epoch: 2, catalog: ISet<string>(), registered: ISet<string>() }), c), 2);
    expect(resolvableWhileRegistered.check(state({ catalog: ISet<string>(), registered: ISet<string>(), actors: { s1: actor({ status: 'stopped' }) } }), c)).toBeUndefined();
  });
});

describe('DropLeavesNothing', () => {
  const gone = { epoch: 2, catalog: ISet<string>(), registered: ISet<string>(), actors: { s1: actor({ status: 'stopped' as const, epoch: 2 }) }, drops: { s1: { phase: 'dropped' as const, stopEpoch: 2 } } };
  it('holds for a completed drop that left nothing, and while its Delete is still on its way', () => {
    expect(dropLeavesNothing.check(state(gone), c)).toBeUndefined();
    expect(dropLeavesNothing.check(state({ ...gone, cache: ISet(['t1']), notifications: [{ op: 'Delete', table: 't1' }] }), c)).toBeUndefined();
  });

  it('names each leftover on its own: catalog entry, unsynced data in the memtable or an imm', () => {
    expect(dropLeavesNothing.check(state({ ...gone, catalog: ISet(['t1']) }), c)).toMatch(/table t1 still has a catalog entry$/);
    expect(dropLeavesNothing.check(state({ ...gone, memtable: IMap([['t1', 1]]) }), c)).toMatch(/still has unsynced data$/);
    expect(dropLeavesNothing.check(state({ ...gone, imms: [{ table: 't1', epoch: 2, value: 1 }] }), c)).toMatch(/still has unsynced data$/);
  });

  it('a notification about another table does not excuse a leftover', () => {
    const twoSinks = state({ epoch: 2, catalog: ISet(['t2']), registered: ISet(['t1', 't2']), actors: { s1: actor({ status: 'stopped', epoch: 2 }), s2: actor({ epoch: 2 }) },
      drops: { s1: { phase: 'dropped', stopEpoch: 2 }, s2: { phase: 'live', stopEpoch: 0 } }, notifications: [{ op: 'Delete', table: 't2' }] }, 2);
    expect(dropLeavesNothing.check(twoSinks, c)).toMatch(/^sink s1's drop completed by epoch 2 but table t1 still has a storage-version registration$/);
  });

  it('names every leftover: tombstone, registration, cached entry', () => {
    const reason = dropLeavesNothing.check(state({ ...gone, tombstones: ISet(['t1']), registered: ISet(['t1']), cache: ISet(['t1']) }), c);
    namesAll(reason, 2);
    expect(reason).toMatch(/a tombstone, a storage-version registration, a cached entry/);
  });
});

describe('CleanupDone', () => {
  const c2 = consts({ maxEpoch: '2', jobKind: 'snapshot-backfill', cleanup: 'post-collect' });
  /** Every barrier committed, the reset path has run to its end. */
  const ended = (patch = {}) => state({ epoch: 2, committedEpoch: 2, syncedEpoch: 2, catalog: ISet<string>(), registered: ISet<string>(), actors: { s1: actor({ status: 'stopped', epoch: 1, pos: 1, hasRow: true }) }, drops: { s1: { phase: 'dropped', stopEpoch: 0, path: 'reset' } }, ...patch } as never);

  it('holds at a normal end where the torn-down table is gone everywhere', () => {
    expect(cleanupDone.check(ended(), c2)).toBeUndefined();
  });

  it('names what is left of a torn-down table at a normal end (#25466: registration and tombstone)', () => {
    const r = cleanupDone.check(ended({ registered: ISet(['t1']), tombstones: ISet(['t1']) }), c2);
    expect(r).toBe('the behaviour has ended at epoch 2 but table t1, torn down by reset, still has a tombstone, a storage-version registration');
  });

  it('is not judged before the end, nor at an end by actor failure, nor for a teardown the epoch budget left scheduled', () => {
    expect(cleanupDone.check(ended({ registered: ISet(['t1']), committedEpoch: 1, syncedEpoch: 1 }), c2)).toBeUndefined();
    expect(cleanupDone.check(ended({ registered: ISet(['t1']), actors: { s1: actor({ status: 'failed', epoch: 1, reason: 'row not found: x' }) } }), c2)).toBeUndefined();
    expect(cleanupDone.check(ended({ registered: ISet(['t1']), catalog: ISet(['t1']), drops: { s1: { phase: 'scheduled', stopEpoch: 0 } } }), consts({ maxEpoch: '2' }))).toBeUndefined();
  });
});
