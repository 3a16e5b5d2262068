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

describe('NoRowNotFound', () => {
  it('is violated by a failed get_row, not by a stop', () => {
    expect(noRowNotFound.check(state({ epoch: 2, actors: { s1: actor({ status: 'stopped', epoch: 2 }) } }), c)).toBeUndefined();
    namesAll(noRowNotFound.check(state({ epoch: 2, actors: { s1: actor({ status: 'failed', epoch: 2, hasRow: true, reason: 'row not found: sink s1 read its progress row in table t1 at epoch 2' }) } }), c), 2);
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
    expect(liveTablesDurable.check(state({ epoch: 2, syncedEpoch: 2, actors: { s1: actor({ epoch: 2, pos: 2, hasRow: true }) }, synced: IMap([['t1', 1]]) }), c)).toMatch(/finds progress 1/);
    expect(liveTablesDurable.check(state({ epoch: 1, syncedEpoch: 1, actors: { s1: { ...wrote, status: 'stopped' } } }), c)).toBeUndefined();
  });
});

describe('ResolvableWhileRegistered', () => {
  it('accepts a tombstone, rejects a registered table meta forgot', () => {
    expect(resolvableWhileRegistered.check(state({ catalog: ISet<string>(), tombstones: ISet(['t1']) }), c)).toBeUndefined();
    namesAll(resolvableWhileRegistered.check(state({ epoch: 3, catalog: ISet<string>() }), c), 3);
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
