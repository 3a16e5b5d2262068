// The store on its own: the incident of #20953 and the variants that close it, step by step.
import { describe, expect, it } from 'vitest';
import { Store, RowNotFoundError, type DropVariant, type CompactionMode } from '../../store/store.ts';

const build = (drop: DropVariant, compaction: CompactionMode = 'skip') => {
  const log: string[] = [];
  const store = new Store({ drop, compaction, sinks: ['s1'], rows: 10, rateLimit: 1, log: (l) => log.push(l) });
  return { store, log };
};

/** protocol.md's shortest interleaving: progress row in an imm, barrier 2 on its way, DROP, sync, barrier 2 arrives. */
async function incident(store: Store): Promise<void> {
  await store.injectBarrier();
  await store.receiveBarrier('s1'); // progress row written at epoch 1
  await store.flushMemtable('s1'); // ... and flushed into an imm
  await store.injectBarrier(); // barrier 2 is on its way, without Stop
  await store.dropSink('s1'); // the Stop goes to a later barrier
  await store.syncEpoch(); // the sync of epoch 1 compacts the imm holding the progress row
  await store.receiveBarrier('s1'); // backfill reads its progress row
}

describe('store scenarios', () => {
  for (const drop of ['catalog-first', 'deferred-notify'] as const) {
    it(`${drop} loses the progress row and the backfill fails with row not found (#20953)`, async () => {
      const { store, log } = build(drop);
      await incident(store);
      expect(store.failure()).toBeInstanceOf(RowNotFoundError);
      expect(store.failure()!.message).toMatch(/row not found: progress of table 501/);
      expect(log.join('\n')).toMatch(/can not find table TableId \{ table_id: 501 \}/);
      expect(store.barriers.nextSyncable()).toBeUndefined(); // the failed actor never collects epoch 2
    });
  }

  for (const drop of ['tombstone-fetch', 'stop-first'] as const) {
    it(`${drop} keeps the row: the backfill goes on until the Stop barrier, then the drop completes`, async () => {
      const { store, log } = build(drop);
      await incident(store);
      expect(store.failure()).toBeUndefined();
      expect(log).toEqual([]);
      expect(store.node.actor('s1')!.position).toBe(2);
      await store.flushMemtable('s1');
      await store.injectBarrier(); // carries the Stop
      await store.receiveBarrier('s1');
      expect(store.node.actor('s1')!.status).toBe('stopped');
      for (let i = 0; i < 2; i++) await store.syncEpoch();
      for (let i = 0; i < 3; i++) await store.commitEpoch();
      expect(store.meta.dropProgress('s1')).toEqual({ phase: 'stopped', stopEpoch: 3 });
      await store.finishDrop('s1');
      expect(store.meta.registeredTables()).toEqual([]);
      expect(store.meta.liveTables()).toEqual([]);
      expect(store.meta.droppedTables()).toEqual([]);
      await store.deliverNotification();
      expect(store.node.cache.tables()).toEqual([]);
    });
  }

  it('fail-task compaction keeps the row but the sync of a dropped table fails again and again', async () => {
    const { store } = build('catalog-first', 'fail-task');
    await incident(store);
    expect(store.failure()).toBeUndefined();
    expect(store.node.uploader.failedSync()).toBe(1);
    expect(store.node.uploader.syncedEpoch()).toBe(0);
    await store.flushMemtable('s1');
    await store.syncEpoch();
    expect(store.node.uploader.syncedEpoch()).toBe(0);
    await expect(store.commitEpoch()).rejects.toThrow(/not synced/);
  });

  it('reads the newest epoch even when an older imm is flushed later and synced (found by the model-based tests)', async () => {
    const store = new Store({ drop: 'tombstone-fetch', compaction: 'skip', sinks: ['s1', 's2'], rows: 10, rateLimit: 1 });
    await store.injectBarrier();
    await store.injectBarrier();
    for (const epoch of [1, 2]) {
      await store.receiveBarrier('s2');
      expect(await store.flushMemtable('s2')).toBe(epoch);
    }
    await store.receiveBarrier('s1');
    await store.flushMemtable('s1'); // epoch 1 arrives after s2's epoch 2
    await store.syncEpoch(); // the SST of epoch 1 must lie below s2's imm of epoch 2
    expect(await store.node.store.get(store.progressTable('s2'), 'progress')).toBe('2');
  });

  it('refuses operations the cluster cannot do now', async () => {
    const { store } = build('tombstone-fetch');
    await expect(store.receiveBarrier('s1')).rejects.toThrow(/no barrier/);
    await expect(store.flushMemtable('s1')).rejects.toThrow(/empty/);
    await expect(store.syncEpoch()).rejects.toThrow(/no collected barrier/);
    await expect(store.finishDrop('s1')).rejects.toThrow(/cannot finish/);
    await expect(store.deliverNotification()).rejects.toThrow(/no catalog notification/);
  });

  it('the planted compaction bug loses a live table\'s row even with the fix', async () => {
    const store = new Store({ drop: 'tombstone-fetch', compaction: 'skip', sinks: ['s1'], rows: 10, rateLimit: 1, plantedBug: 'skip-live-table' });
    await store.injectBarrier();
    await store.receiveBarrier('s1');
    await store.flushMemtable('s1');
    await store.injectBarrier();
    await store.syncEpoch();
    await store.receiveBarrier('s1');
    expect(store.failure()).toBeInstanceOf(RowNotFoundError);
  });
});
