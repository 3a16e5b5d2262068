// Guards and effects of the barrier actions: injection, receipt by the backfill actor, flush.
import { describe, expect, it } from 'vitest';
import { Map as IMap } from 'immutable';
import { actor, consts, only, state, successors } from './fixtures.ts';

describe('InjectBarrier', () => {
  it('advances the epoch counter and puts scheduled Stops on the new barrier', () => {
    const s = state({ epoch: 2, drops: { s1: { phase: 'scheduled', stopEpoch: 0 }, s2: { phase: 'live', stopEpoch: 0 } } }, 2);
    const t = only('InjectBarrier', s);
    expect(t.epoch).toBe(3);
    expect(t.drops).toEqual({ s1: { phase: 'stopping', stopEpoch: 3 }, s2: { phase: 'live', stopEpoch: 0 } });
  });

  it('is disabled once maxEpoch barriers were injected', () => {
    expect(successors('InjectBarrier', state({ epoch: 5 }), consts({ maxEpoch: '5' }))).toEqual([]);
    expect(successors('InjectBarrier', state({ epoch: 4 }), consts({ maxEpoch: '5' }))).toHaveLength(1);
  });
});

describe('ReceiveBarrier', () => {
  it('is disabled with no barrier ahead of the actor, an unflushed memtable, or an actor not running', () => {
    expect(successors('ReceiveBarrier', state({ epoch: 0 }))).toEqual([]);
    expect(successors('ReceiveBarrier', state({ epoch: 2, actors: { s1: actor({ epoch: 1, hasRow: true, pos: 1 }) }, memtable: IMap([['t1', 1]]) }))).toEqual([]);
    expect(successors('ReceiveBarrier', state({ epoch: 2, actors: { s1: actor({ status: 'stopped', epoch: 1 }) } }))).toEqual([]);
    expect(successors('ReceiveBarrier', state({ epoch: 2, actors: { s1: actor({ status: 'failed', epoch: 1, reason: 'x' }) } }))).toEqual([]);
  });

  it('first barrier: writes the first progress row without reading, rateLimit rows at most', () => {
    const [succ] = successors('ReceiveBarrier', state({ epoch: 1 }), consts({ rateLimit: '2', rows: '3' }));
    expect(succ!.params).toEqual({ sink: 's1', epoch: 1 });
    expect(succ!.state.actors.s1).toEqual(actor({ epoch: 1, pos: 2, hasRow: true }));
    expect(succ!.state.memtable.get('t1')).toBe(2);
  });

  it('later barrier: reads the old row from an imm and writes the update, never past the snapshot', () => {
    const s = state({ epoch: 2, actors: { s1: actor({ epoch: 1, pos: 2, hasRow: true }) }, imms: [{ table: 't1', epoch: 1, value: 2 }] });
    const t = only('ReceiveBarrier', s, consts({ rows: '2' }));
    expect(t.actors.s1).toEqual(actor({ epoch: 2, pos: 2, hasRow: true }));
    expect(t.memtable.get('t1')).toBe(2);
  });

  it('later barrier: finds the old row in synced SST data too', () => {
    const s = state({ epoch: 2, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, synced: IMap([['t1', 1]]), syncedEpoch: 1 });
    expect(only('ReceiveBarrier', s).actors.s1!.status).toBe('running');
  });

  it('later barrier with the old row gone: the actor fails with row not found, naming sink, table and epoch', () => {
    const s = state({ epoch: 2, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, syncedEpoch: 1 });
    const t = only('ReceiveBarrier', s);
    expect(t.actors.s1).toMatchObject({ status: 'failed', epoch: 2, reason: 'row not found: sink s1 read its progress row in table t1 at epoch 2' });
    expect(t.memtable.has('t1')).toBe(false);
  });

  it('the Stop barrier stops the actor without reading or writing', () => {
    const s = state({ epoch: 2, actors: { s1: actor({ epoch: 1, pos: 1, hasRow: true }) }, drops: { s1: { phase: 'stopping', stopEpoch: 2 } } });
    const t = only('ReceiveBarrier', s);
    expect(t.actors.s1).toEqual(actor({ status: 'stopped', epoch: 2, pos: 1, hasRow: true }));
    expect(t.memtable.size).toBe(0);
  });

  it('offers one step per sink that has a barrier ahead', () => {
    const s = state({ epoch: 1 }, 2);
    expect(successors('ReceiveBarrier', s).map((x) => x.params)).toEqual([{ sink: 's1', epoch: 1 }, { sink: 's2', epoch: 1 }]);
  });
});

describe('FlushMemtable', () => {
  it('turns the memtable into an imm tagged with the actor\'s epoch, imms kept sorted', () => {
    const s = state({ epoch: 2, actors: { s1: actor({ epoch: 2, pos: 2, hasRow: true }), s2: actor({ epoch: 1, pos: 1, hasRow: true }) }, memtable: IMap([['t1', 2]]), imms: [{ table: 't2', epoch: 1, value: 1 }] }, 2);
    const t = only('FlushMemtable', s);
    expect(t.memtable.size).toBe(0);
    expect(t.imms).toEqual([{ table: 't2', epoch: 1, value: 1 }, { table: 't1', epoch: 2, value: 2 }]);
  });

  it('is disabled with empty memtables', () => {
    expect(successors('FlushMemtable', state({ epoch: 1 }))).toEqual([]);
  });
});
