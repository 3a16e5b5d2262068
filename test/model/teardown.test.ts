// The later teardown paths step by step: which job each action applies to, and the effects each
// variant performs, in the order protocol-history.md gives them.
import { describe, expect, it } from 'vitest';
import { Map as IMap, Set as ISet } from 'immutable';
import model from '../../model/index.ts';
import { actor, consts, only, state, successors } from './fixtures.ts';

/** s1 read one row at epoch 1 and flushed it: creating (rows=2), progress in an imm. */
const creating = state({ epoch: 1, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, imms: [{ table: 't1', epoch: 1, value: 1 }] });
/** s1's backfill has read the whole snapshot: no longer creating. */
const created = state({ epoch: 2, actors: { s1: actor({ epoch: 2, pos: 2, hasRow: true }) } });
/** A path's Stop barrier committed: the cleanup is owed. */
const stoppedOn = (path: string) => state({ epoch: 2, committedEpoch: 2, syncedEpoch: 2, catalog: ISet<string>(), tombstones: ISet(['t1']), actors: { s1: actor({ status: 'stopped', epoch: 2 }) }, drops: { s1: { phase: 'stopped', stopEpoch: 2, path } } } as never);

describe('at their defaults the new actions are disabled', () => {
  it.each(['CancelJob', 'ResetPartialGraph', 'CreateFails', 'AlterDropConnector'])('%s yields nothing', (name) => {
    expect(successors(name, creating)).toEqual([]);
  });
});

describe('CancelJob', () => {
  it('applies to a creating job only', () => {
    const c = consts({ cancel: 'tombstone' });
    expect(successors('CancelJob', creating, c).map((x) => x.params)).toEqual([{ sink: 's1' }]);
    expect(successors('CancelJob', created, c)).toEqual([]);
    expect(successors('CancelJob', state({ drops: { s1: { phase: 'scheduled', stopEpoch: 0 } } }), c)).toEqual([]);
  });

  it('no-tombstone (before #23087) deletes the row and records nothing, then waits for its Stop barrier', () => {
    const t = only('CancelJob', creating, consts({ cancel: 'no-tombstone' }));
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.tombstones.size).toBe(0);
    expect(t.notifications).toEqual([]);
    expect(t.drops.s1).toEqual({ phase: 'scheduled', stopEpoch: 0, path: 'cancel' });
  });

  it('tombstone (#23087) records the tombstone in the same step as the delete', () => {
    const t = only('CancelJob', creating, consts({ cancel: 'tombstone' }));
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.tombstones.has('t1')).toBe(true);
  });

  it('its Stop rides the next barrier like a DROP, and keeps naming its path', () => {
    const t = only('InjectBarrier', only('CancelJob', creating, consts({ cancel: 'tombstone' })));
    expect(t.drops.s1).toEqual({ phase: 'stopping', stopEpoch: 2, path: 'cancel' });
  });

  it('FinishDrop: no-tombstone only unregisters (no Delete reaches the storage observers); tombstone completes it and broadcasts the Delete', () => {
    const bare = only('FinishDrop', stoppedOn('cancel'), consts({ cancel: 'no-tombstone' }));
    expect(bare.registered.has('t1')).toBe(false);
    expect(bare.tombstones.has('t1')).toBe(true); // this hand-built state had one: the old path never clears it
    expect(bare.notifications).toEqual([]);
    const full = only('FinishDrop', stoppedOn('cancel'), consts({ cancel: 'tombstone' }));
    expect(full.registered.has('t1')).toBe(false);
    expect(full.tombstones.has('t1')).toBe(false);
    expect(full.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
    expect(full.drops.s1).toEqual({ phase: 'dropped', stopEpoch: 2, path: 'cancel' });
  });
});

describe('snapshot-backfill jobs: ResetPartialGraph', () => {
  const sb = (cleanup: string) => consts({ jobKind: 'snapshot-backfill', cleanup });
  const withMemtable = state({ epoch: 2, actors: { s1: actor({ epoch: 2, pos: 1, hasRow: true }) }, memtable: IMap([['t1', 1]]), imms: [{ table: 't1', epoch: 1, value: 1 }] });

  it('a creating one is not dropped through a Stop barrier: DROP becomes CancelJob, which deletes, records the tombstone and waits for the reset', () => {
    expect(successors('DropSink', creating, sb('issuer'))).toEqual([]);
    expect(successors('DropSink', created, sb('issuer'))).toHaveLength(1);
    const t = only('CancelJob', creating, sb('issuer'));
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.tombstones.has('t1')).toBe(true);
    expect(t.drops.s1).toEqual({ phase: 'resetting', stopEpoch: 0, path: 'reset' });
    expect(only('InjectBarrier', t).drops.s1).toEqual(t.drops.s1); // no barrier carries it
  });

  it('the reset stops the actor and discards its unsynced state; with issuer the cleanup is owed', () => {
    const t = only('ResetPartialGraph', only('CancelJob', withMemtable, sb('issuer')), sb('issuer'));
    expect(t.actors.s1!.status).toBe('stopped');
    expect(t.memtable.has('t1')).toBe(false);
    expect(t.imms).toEqual([]);
    expect(t.drops.s1!.phase).toBe('stopped');
    const done = only('FinishDrop', t, sb('issuer'));
    expect([done.registered.has('t1'), done.tombstones.has('t1')]).toEqual([false, false]);
    expect(done.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
  });

  it('with post-collect (#24286 until #25480) the reset is the end: registration and tombstone stay', () => {
    const t = only('ResetPartialGraph', only('CancelJob', withMemtable, sb('post-collect')), sb('post-collect'));
    expect(t.drops.s1!.phase).toBe('dropped');
    expect(t.registered.has('t1')).toBe(true);
    expect(t.tombstones.has('t1')).toBe(true);
    expect(successors('FinishDrop', t, sb('post-collect'))).toEqual([]);
  });

  it('a pending reset is owed work: the behaviour cannot settle before it', () => {
    const c = consts({ jobKind: 'snapshot-backfill', maxEpoch: '1' });
    const pending = only('CancelJob', state({ epoch: 1, committedEpoch: 1, syncedEpoch: 1, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, synced: IMap([['t1', 1]]) }), c);
    expect(successors('Settled', pending, c)).toEqual([]);
  });
});

describe('CreateFails', () => {
  const c = (createFailure: string) => consts({ createFailure });

  it.each([
    ['no-tombstone', false],
    ['tombstone-stale', true],
    ['tombstone-leak', true],
  ])('%s: the failure stopped the actors; the row is deleted, tombstone %s, the registration left, nothing more to run', (variant, tombstone) => {
    const t = only('CreateFails', creating, c(variant as string));
    expect(t.actors.s1!.status).toBe('stopped');
    expect(t.imms).toEqual([]);
    expect(t.catalog.has('t1')).toBe(false);
    expect(t.tombstones.has('t1')).toBe(tombstone);
    expect(t.registered.has('t1')).toBe(true);
    expect(t.drops.s1).toEqual({ phase: 'dropped', stopEpoch: 0, path: 'create-failure' });
  });

  it('cancel-and-cleanup (#26472): a cancel with its Stop barrier and full cleanup', () => {
    const t = only('CreateFails', creating, c('cancel-and-cleanup'));
    expect(t.actors.s1!.status).toBe('running');
    expect(t.tombstones.has('t1')).toBe(true);
    expect(t.drops.s1).toEqual({ phase: 'scheduled', stopEpoch: 0, path: 'create-failure' });
    const done = only('FinishDrop', stoppedOn('create-failure'), c('cancel-and-cleanup'));
    expect([done.registered.has('t1'), done.tombstones.has('t1')]).toEqual([false, false]);
    expect(done.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
  });

  it('happens only to a creating job', () => {
    expect(successors('CreateFails', created, c('no-tombstone'))).toEqual([]);
  });
});

describe('AlterDropConnector', () => {
  const c = (alterConnector: string) => consts({ alterConnector });
  const finished = (variant: string) => {
    const started = only('AlterDropConnector', created, c(variant));
    const stopped = { ...started, epoch: 3, committedEpoch: 3, syncedEpoch: 3, actors: { s1: actor({ status: 'stopped', epoch: 3, pos: 2, hasRow: true }) }, drops: { s1: { ...started.drops.s1!, phase: 'stopped' as const, stopEpoch: 3 } } };
    return { started, done: only('FinishDrop', stopped, c(variant)) };
  };

  it('delete-after-unregister (the code today): nothing before the replace barrier; unregister, then the direct delete', () => {
    const { started, done } = finished('delete-after-unregister');
    expect(started.catalog.has('t1')).toBe(true);
    expect([done.catalog.has('t1'), done.registered.has('t1'), done.tombstones.has('t1')]).toEqual([false, false, false]);
    expect(done.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
  });

  it('delete-before-stop (#25588\'s hypothesis): the direct delete and its Delete first, no tombstone', () => {
    const { started, done } = finished('delete-before-stop');
    expect([started.catalog.has('t1'), started.tombstones.has('t1')]).toEqual([false, false]);
    expect(started.notifications).toEqual([{ op: 'Delete', table: 't1' }]);
    expect(done.registered.has('t1')).toBe(false);
  });

  it('tombstone: as DROP does', () => {
    const { started, done } = finished('tombstone');
    expect([started.catalog.has('t1'), started.tombstones.has('t1')]).toEqual([false, true]);
    expect([done.tombstones.has('t1'), done.registered.has('t1')]).toEqual([false, false]);
  });
});

describe('fairness, as protocol-history.md assigns it', () => {
  const fairness = (name: string) => model.actions.find((a) => a.name === name)!.fairness;
  it('none on user DDL and on environment events', () => {
    for (const name of ['CancelJob', 'CreateFails', 'AlterDropConnector']) expect(fairness(name), name).toBeUndefined();
  });
  it('weak, per job, on the reset (an internal step of meta)', () => {
    expect(fairness('ResetPartialGraph')).toEqual({ kind: 'weak', perInstance: true });
  });
});

describe('TypeOK knows the paths', () => {
  const typeOK = model.invariants.find((i) => i.name === 'TypeOK')!;
  it('accepts a path record its parameters enable and rejects one they do not', () => {
    const s = stoppedOn('cancel');
    expect(typeOK.check(s, consts({ cancel: 'tombstone' }))).toBeUndefined();
    expect(typeOK.check(s, consts())).toMatch(/drop of sink s1 is malformed/);
    expect(typeOK.check(stoppedOn('sideways'), consts({ cancel: 'tombstone' }))).toMatch(/malformed/);
  });
  it('a path without a barrier never has a stop epoch', () => {
    const s = state({ drops: { s1: { phase: 'dropped', stopEpoch: 1, path: 'create-failure' } }, epoch: 1 } as never);
    expect(typeOK.check(s, consts({ createFailure: 'no-tombstone' }))).toMatch(/malformed/);
  });
});
