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

describe('TypeOK, a teardown record on each kind of path', () => {
  // The record's phase and stop epoch must fit its path (model/paths.ts): a Stop barrier's path
  // carries an epoch exactly once injected; a reset or an already stopped job never rides a
  // barrier; a record taken over by a recovery has none and is past its Stop.
  // A record under recovery needs a recovery under way (checked apart, below).
  const underway = { step: 'drain' as const, recoveries: 1, dbRecoveries: 0, metaRestarts: 0 };
  const onPath = (drop: DropProgress, raw: Record<string, string>) => typeOK.check(state({ epoch: 2, drops: { s1: drop }, ...(raw.recoveries ? { recovery: underway } : {}) }), consts(raw));
  const cancel = { cancel: 'no-tombstone' };
  const reset = { jobKind: 'snapshot-backfill' };
  const created = { createFailure: 'no-tombstone' };
  const recovering = { recoveries: '1' };
  const fine: [string, DropProgress, Record<string, string>][] = [
    ['a cancel scheduled, no epoch yet', { phase: 'scheduled', stopEpoch: 0, path: 'cancel' }, cancel],
    ['a cancel stopping at its epoch', { phase: 'stopping', stopEpoch: 2, path: 'cancel' }, cancel],
    ['a reset resetting', { phase: 'resetting', stopEpoch: 0, path: 'reset' }, reset],
    ['a reset stopped', { phase: 'stopped', stopEpoch: 0, path: 'reset' }, reset],
    ['a reset dropped', { phase: 'dropped', stopEpoch: 0, path: 'reset' }, reset],
    ['a failed creation dropped', { phase: 'dropped', stopEpoch: 0, path: 'create-failure' }, created],
    ['a failed creation stopped', { phase: 'stopped', stopEpoch: 0, path: 'create-failure' }, created],
    ['a DROP SINK stopped at its epoch', { phase: 'stopped', stopEpoch: 1 }, {}],
    ['a drop taken over by a recovery', { phase: 'recovering', stopEpoch: 0, preApplied: true }, recovering],
    ['a drop a recovery stopped', { phase: 'stopped', stopEpoch: 0, preApplied: true }, recovering],
    ['a cancel a recovery finished', { phase: 'dropped', stopEpoch: 0, path: 'cancel', preApplied: true }, { ...cancel, ...recovering }],
  ];
  it.each(fine)('accepts %s', (_, drop, raw) => {
    expect(onPath(drop, raw)).toBeUndefined();
  });

  const bad: [string, DropProgress, Record<string, string>][] = [
    ['a DROP SINK resetting', { phase: 'resetting', stopEpoch: 0 }, {}],
    ['a DROP SINK resetting at an epoch', { phase: 'resetting', stopEpoch: 1 }, {}],
    ['a DROP SINK stopped without its epoch', { phase: 'stopped', stopEpoch: 0 }, {}],
    ['a path that is off', { phase: 'stopping', stopEpoch: 2, path: 'cancel' }, {}],
    ['a path that does not exist', { phase: 'stopping', stopEpoch: 2, path: 'vanish' as DropProgress['path'] }, cancel],
    ['a cancel still live', { phase: 'live', stopEpoch: 0, path: 'cancel' }, cancel],
    ['a cancel live at an epoch', { phase: 'live', stopEpoch: 1, path: 'cancel' }, cancel],
    ['a cancel resetting', { phase: 'resetting', stopEpoch: 1, path: 'cancel' }, cancel],
    ['a cancel scheduled with an epoch', { phase: 'scheduled', stopEpoch: 1, path: 'cancel' }, cancel],
    ['a cancel stopping without an epoch', { phase: 'stopping', stopEpoch: 0, path: 'cancel' }, cancel],
    ['a reset riding a barrier', { phase: 'resetting', stopEpoch: 1, path: 'reset' }, reset],
    ['a reset stopping', { phase: 'stopping', stopEpoch: 0, path: 'reset' }, reset],
    ['a failed creation resetting', { phase: 'resetting', stopEpoch: 0, path: 'create-failure' }, created],
    ['a recovering record not taken over', { phase: 'recovering', stopEpoch: 0 }, recovering],
    ['a recovering record not taken over, at an epoch', { phase: 'recovering', stopEpoch: 1 }, recovering],
    ['a taken-over record marked false', { phase: 'recovering', stopEpoch: 0, preApplied: false as unknown as true }, recovering],
    ['a taken-over record with a stop epoch', { phase: 'stopped', stopEpoch: 1, preApplied: true }, recovering],
    ['a taken-over record still stopping', { phase: 'stopping', stopEpoch: 0, preApplied: true }, recovering],
    ['a taken-over record on a path that is off', { phase: 'dropped', stopEpoch: 0, path: 'cancel', preApplied: true }, recovering],
  ];
  it.each(bad)('rejects %s', (_, drop, raw) => {
    expect(onPath(drop, raw)).toBe('drop of sink s1 is malformed at epoch 2');
  });

  it('lets a Stop ride one barrier per sink past maxEpoch, and no further', () => {
    // maxEpoch 5 and one sink: epoch 6 is the last a barrier may have.
    expect(onPath({ phase: 'stopping', stopEpoch: 2 }, {})).toBeUndefined();
    const at = (epoch: number) => typeOK.check(state({ epoch, committedEpoch: epoch, syncedEpoch: epoch, drops: { s1: { phase: 'stopped', stopEpoch: epoch } }, actors: { s1: actor({ status: 'stopped', epoch }) } }), c);
    expect(at(6)).toBeUndefined();
    expect(at(7)).toMatch(/^epoch 7 is outside 0\.\.6/);
  });
});

describe('TypeOK, the dedicated compactor clause by clause', () => {
  const on = consts({ compactor: 'on' });
  const idle = { cache: ISet<string>(), notifications: [], uploaded: IMap<number, ISet<string>>(), l0: ISet<string>(), failed: ISet<string>() };
  type Compactor = NonNullable<DropState['compactor']>;
  /** Epoch 3, synced 3, committed 1: SSTs of epochs 2 and 3 wait for their commit. */
  const withCompactor = (patch: Partial<Record<keyof Compactor, unknown>>) => state({ epoch: 3, syncedEpoch: 3, committedEpoch: 1, compactor: { ...idle, ...patch } as Compactor });

  it('is present exactly with compactor=on', () => {
    expect(typeOK.check(withCompactor({}), on)).toBeUndefined();
    expect(typeOK.check(state(), on)).toBe('the compactor is missing with compactor=on');
    expect(typeOK.check(withCompactor({}), c)).toBe('the compactor is present with compactor=off');
  });

  it('holds with each part filled in within its type', () => {
    const full = { cache: ISet(['t1']), notifications: [{ op: 'Delete', table: 't1' }, { op: 'Add', table: 't1' }], uploaded: IMap([[2, ISet(['t1'])], [3, ISet<string>()]]), l0: ISet(['t1']), failed: ISet(['t1']) };
    expect(typeOK.check(withCompactor(full), on)).toBeUndefined();
  });

  const malformed: [string, Partial<Record<keyof Compactor, unknown>>, string][] = [
    ['a cache that is not a set', { cache: ['t1'] }, "the compactor's cache is not a set"],
    ['a cache with an unknown table', { cache: ISet(['t2']) }, "the compactor's cache holds an unknown table"],
    ['an L0 that is not a set', { l0: new Set() }, "the compactor's L0 is not a set"],
    ['an L0 with an unknown table', { l0: ISet(['t9']) }, "the compactor's L0 holds an unknown table"],
    ['failed tables that are not a set', { failed: [] }, "the compactor's failed tables is not a set"],
    ['a failed table not in L0', { failed: ISet(['t1']) }, "the compactor's last task failed on a table not in L0"],
    ['notifications that are not a list', { notifications: ISet() }, 'a notification to the compactor is malformed'],
    ['a notification of an unknown op', { notifications: [{ op: 'Alter', table: 't1' }] }, 'a notification to the compactor is malformed'],
    ['a notification of an unknown table', { notifications: [{ op: 'Add', table: 't1' }, { op: 'Add', table: 't2' }] }, 'a notification to the compactor is malformed'],
    ['uploaded SSTs that are not a map', { uploaded: ISet() }, "the compactor's uploaded SSTs are not a map"],
    ['an SST of a committed epoch', { uploaded: IMap([[1, ISet(['t1'])]]) }, 'an SST of epoch 1 is uploaded but the node synced 3 and meta committed 1'],
    ['an SST of an epoch not synced yet', { uploaded: IMap([[4, ISet(['t1'])]]) }, 'an SST of epoch 4 is uploaded but the node synced 3 and meta committed 1'],
    ['an SST of no epoch', { uploaded: IMap([[2.5, ISet(['t1'])]]) }, 'an SST of epoch 2.5 is uploaded but the node synced 3 and meta committed 1'],
    ['an SST holding an unknown table', { uploaded: IMap([[2, ISet(['t1', 't3'])]]) }, 'the SST of epoch 2 holds an unknown table'],
    ['a second SST holding an unknown table', { uploaded: IMap([[2, ISet(['t1'])], [3, ISet(['t3'])]]) }, 'the SST of epoch 3 holds an unknown table'],
    ['an SST that is not a set', { uploaded: IMap([[3, ['t1']]]) }, 'the SST of epoch 3 is not a set'],
  ];
  it.each(malformed)('reports %s', (_, patch, why) => {
    expect(typeOK.check(withCompactor(patch), on)).toBe(why);
  });

  it('is checked after the shared variables, and before the recovery variable', () => {
    expect(typeOK.check(state({ epoch: 9, compactor: { ...idle, cache: [] } as unknown as Compactor }), on)).toMatch(/^epoch 9 is outside/);
    expect(typeOK.check(state({ compactor: { ...idle, cache: [] } as unknown as Compactor, recovery: { step: 'none', recoveries: 0, dbRecoveries: 0, metaRestarts: 0 } }), on)).toBe("the compactor's cache is not a set");
  });
});

describe('TypeOK, the recovery variable clause by clause', () => {
  const budgets = consts({ recoveries: '2', dbRecoveries: '1', metaRestarts: '1' });
  const none = { step: 'none' as const, recoveries: 0, dbRecoveries: 0, metaRestarts: 0 };
  const withRecovery = (patch: Record<string, unknown>, drops?: DropState['drops']) => state({ recovery: { ...none, ...patch } as DropState['recovery'], ...(drops ? { drops } : {}) });
  const malformed = /^recovery \{.*\} is malformed$/;

  it('is present exactly when a budget is not 0, whichever budget', () => {
    for (const raw of [{ recoveries: '1' }, { dbRecoveries: '1' }, { metaRestarts: '1' }] as Record<string, string>[]) {
      expect(typeOK.check(withRecovery({}), consts(raw)), JSON.stringify(raw)).toBeUndefined();
      expect(typeOK.check(state(), consts(raw))).toBe('the recovery variable is present without a recovery budget, or missing with one');
    }
    expect(typeOK.check(withRecovery({}), c)).toBe('the recovery variable is present without a recovery budget, or missing with one');
  });

  it('holds with every count at its budget and each step', () => {
    for (const step of ['none', 'drain', 'purge']) expect(typeOK.check(withRecovery({ step, recoveries: 2, dbRecoveries: 1, metaRestarts: 1 }), budgets), step).toBeUndefined();
  });

  const bad: [string, Record<string, unknown>][] = [
    ['an unknown step', { step: 'reboot' }],
    ['recoveries past the budget', { recoveries: 3 }],
    ['recoveries negative', { recoveries: -1 }],
    ['recoveries not an integer', { recoveries: 0.5 }],
    ['database recoveries past the budget', { dbRecoveries: 2 }],
    ['database recoveries negative', { dbRecoveries: -1 }],
    ['meta restarts past the budget', { metaRestarts: 2 }],
    ['meta restarts negative', { metaRestarts: -1 }],
  ];
  it.each(bad)('reports %s', (_, patch) => {
    expect(typeOK.check(withRecovery(patch), budgets)).toMatch(malformed);
  });

  it('names a teardown still taken over once the recovery has ended, and only then', () => {
    const taken = { s1: { phase: 'recovering' as const, stopEpoch: 0, preApplied: true as const }, s2: { phase: 'live' as const, stopEpoch: 0 } };
    const two = (step: string) => state({ recovery: { ...none, step } as DropState['recovery'], drops: taken, actors: { s1: actor(), s2: actor() } }, 2);
    const c2 = consts({ recoveries: '1', sinks: '2' });
    expect(typeOK.check(two('none'), c2)).toBe('a teardown is still taken over by a recovery that has ended');
    expect(typeOK.check(two('drain'), c2)).toBeUndefined();
    expect(typeOK.check(two('purge'), c2)).toBeUndefined();
  });
});

describe('CleanupDone and DropLeavesNothing, the wording and the compactor', () => {
  it('says DROP SINK for a torn-down table without a path', () => {
    const ended = state({ epoch: 2, committedEpoch: 2, syncedEpoch: 2, catalog: ISet<string>(), registered: ISet(['t1']), actors: { s1: actor({ status: 'stopped', epoch: 1 }) }, drops: { s1: { phase: 'dropped', stopEpoch: 1 } } });
    expect(cleanupDone.check(ended, consts({ maxEpoch: '2' }))).toBe('the behaviour has ended at epoch 2 but table t1, torn down by DROP SINK, still has a storage-version registration');
  });

  const onCompactor = { cache: ISet<string>(), notifications: [] as Notification[], uploaded: IMap<number, ISet<string>>(), l0: ISet<string>(), failed: ISet<string>() };
  const gone = (compactor: Partial<typeof onCompactor>) => state({ epoch: 2, catalog: ISet<string>(), registered: ISet<string>(), actors: { s1: actor({ status: 'stopped', epoch: 2 }) }, drops: { s1: { phase: 'dropped', stopEpoch: 2 } }, compactor: { ...onCompactor, ...compactor } });

  it('names an entry left in the compactor\'s cache', () => {
    expect(dropLeavesNothing.check(gone({}), c)).toBeUndefined();
    expect(dropLeavesNothing.check(gone({ cache: ISet(['t1']) }), c)).toBe("sink s1's drop completed by epoch 2 but table t1 still has an entry in the compactor's cache");
  });

  it('waits for a Delete on its way to the compactor, but not for one about another table', () => {
    expect(dropLeavesNothing.check(gone({ cache: ISet(['t1']), notifications: [{ op: 'Delete', table: 't1' }] }), c)).toBeUndefined();
    expect(dropLeavesNothing.check(gone({ cache: ISet(['t1']), notifications: [{ op: 'Delete', table: 't2' }] }), c)).toMatch(/still has an entry in the compactor's cache$/);
  });
});
