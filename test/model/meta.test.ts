// Guards and effects of meta's commit and of catalog notification delivery.
import { describe, expect, it } from 'vitest';
import { Set as ISet } from 'immutable';
import { only, state, successors } from './fixtures.ts';

describe('CommitEpoch', () => {
  it('commits the next synced epoch and completes the Stops its barrier carried', () => {
    const s = state({ epoch: 3, syncedEpoch: 2, committedEpoch: 1, drops: { s1: { phase: 'stopping', stopEpoch: 2 }, s2: { phase: 'stopping', stopEpoch: 3 } } }, 2);
    const [succ] = successors('CommitEpoch', s);
    expect(succ!.params).toEqual({ epoch: 2 });
    expect(succ!.state.committedEpoch).toBe(2);
    expect(succ!.state.drops).toEqual({ s1: { phase: 'stopped', stopEpoch: 2 }, s2: { phase: 'stopping', stopEpoch: 3 } });
  });

  it('is disabled until the node synced the epoch', () => {
    expect(successors('CommitEpoch', state({ epoch: 2, syncedEpoch: 1, committedEpoch: 1 }))).toEqual([]);
  });
});

describe('DeliverNotification', () => {
  it('applies the oldest notification: Delete evicts, Add caches', () => {
    const s = state({ cache: ISet(['t1']), notifications: [{ op: 'Delete', table: 't1' }, { op: 'Add', table: 't2' }] }, 2);
    const [succ] = successors('DeliverNotification', s);
    expect(succ!.params).toEqual({ op: 'Delete', table: 't1' });
    expect(succ!.state.cache.has('t1')).toBe(false);
    const next = only('DeliverNotification', succ!.state);
    expect(next.cache.has('t2')).toBe(true);
    expect(next.notifications).toEqual([]);
  });

  it('is disabled with nothing to deliver', () => {
    expect(successors('DeliverNotification', state())).toEqual([]);
  });
});
