// The store on its own: the incident of #20953 and the variants that close it, step by step.
import { describe, expect, it } from 'vitest';
import { Store, RowNotFoundError, type DropVariant, type CompactionMode } from '../../store/store.ts';

const build = (drop: DropVariant, compaction: CompactionMode = 'skip') => {
  const log: string[] = [];
  const store = new Store({ drop, compaction, sinks: ['s1'], rows: 10, rateLimit: 1, log: (l) => log.push(l) });
  return { store, log };
};

/** protocol.md's shortest interleaving: progress row in an imm, barrier 2 in flight, DROP, sync, barrier 2 arrives. */
async function incident(store: Store): Promise<void> {
  await store.injectBarrier();
  await store.deliverBarrier(); // progress row written at epoch 1, sealed into an imm
  await store.injectBarrier(); // barrier 2 is on its way, without Stop
  await store.dropSink('s1'); // the Stop goes to a later barrier
  await store.deliverNotification(); // catalog-first: the node learns of the deletion
  await store.completeBarrier(); // checkpoint sync of epoch 1 compacts the imm holding the progress row
  await store.deliverBarrier(); // backfill reads its progress row
}

describe('store scenarios', () => {
  it('catalog-first loses the progress row and the backfill fails with row not found (#20953)', async () => {
    const { store, log } = build('catalog-first');
    await incident(store);
    expect(store.failure()).toBeInstanceOf(RowNotFoundError);
    expect(store.failure()!.message).toMatch(/row progress not found/);
    expect(log.join('\n')).toMatch(/can not find table TableId \{ table_id: 501 \}/);
  });

  it('deferred-notify still loses it: the on-demand fetch does not see tombstones', async () => {
    const { store } = build('deferred-notify');
    await incident(store);
    expect(store.failure()).toBeInstanceOf(RowNotFoundError);
  });

  for (const drop of ['tombstone-fetch', 'stop-first'] as const) {
    it(`${drop} keeps the row: the backfill goes on until the Stop barrier`, async () => {
      const { store, log } = build(drop);
      await incident(store);
      expect(store.failure()).toBeUndefined();
      expect(log).toEqual([]);
      expect(store.node.actor('s1')!.position).toBe(2);
      await store.injectBarrier(); // carries the Stop
      await store.deliverBarrier();
      await store.completeBarrier();
      await store.completeBarrier();
      expect(store.node.actor('s1')!.status).toBe('stopped');
      expect(store.meta.registeredTables()).toEqual([]);
      expect(store.meta.liveTables()).toEqual([]);
      expect(store.meta.droppedTables()).toEqual([]);
    });
  }

  it('fail-task compaction keeps the row but blocks the barrier while the table is unresolvable', async () => {
    const { store } = build('catalog-first', 'fail-task');
    await incident(store);
    expect(store.failure()).toBeUndefined();
    expect(store.barriers.blockedBy()?.message).toMatch(/table 501 not found/);
    expect(store.barriers.collectedBarriers().map((b) => b.barrier.epoch)).toEqual([1, 2]);
    // The Stop barrier can be injected and handled but never completes: the blocked sync comes first.
    await store.injectBarrier();
    await store.deliverBarrier();
    for (let i = 0; i < 3; i++) await store.completeBarrier();
    expect(store.barriers.collectedBarriers()).toHaveLength(3);
  });

  it('the planted compaction bug loses a live table\'s row even with the fix', async () => {
    const store = new Store({ drop: 'tombstone-fetch', compaction: 'skip', sinks: ['s1'], rows: 10, rateLimit: 1, plantedBug: 'skip-live-table' });
    await store.injectBarrier();
    await store.deliverBarrier();
    await store.injectBarrier();
    await store.completeBarrier();
    await store.deliverBarrier();
    expect(store.failure()).toBeInstanceOf(RowNotFoundError);
  });
});
