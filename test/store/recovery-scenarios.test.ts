// The store on its own through recovery, meta restart and the dedicated compactor, step by step.
// Each expectation is the protocol's (../shared/protocol-history.md: "Recovery", "Per-database
// recovery", "Create failure", "The dedicated compactor and write stop", "Two open questions").
import { describe, expect, it } from 'vitest';
import { Store, type DropVariant, type RecoveryOptions, type TeardownOptions } from '../../store/store.ts';
import { NO_LATER_PATHS } from '../../store/types.ts';

const T1 = 501;

function build(drop: DropVariant, over: { recovery?: Partial<RecoveryOptions>; teardown?: Partial<TeardownOptions>; compactor?: { writeStop: boolean; warm?: string[] }; sinks?: string[] } = {}) {
  return new Store({
    drop, compaction: 'skip', sinks: over.sinks ?? ['s1'], rows: 10, rateLimit: 1,
    teardown: { ...NO_LATER_PATHS, ...over.teardown },
    recovery: { recovery: 'complete', dirtyJobs: 'tombstone-and-cleanup', foreground: [], ...over.recovery },
    ...(over.compactor ? { compactor: { writeStop: over.compactor.writeStop, warm: over.compactor.warm ?? [] } } : {}),
  });
}

/** One epoch end to end: barrier, the actor's progress row, flush, sync, commit. */
async function epoch(store: Store, jobs = ['s1']): Promise<void> {
  await store.injectBarrier();
  for (const j of jobs) {
    await store.receiveBarrier(j);
    await store.flushMemtable(j);
  }
  await store.syncEpoch();
  await store.commitEpoch();
}

const pendingDeletes = (store: Store) => store.node.notifications.pending().filter((e) => e.op === 'delete').map((e) => e.table);

describe('global recovery', () => {
  it('resets the data plane to the committed epoch: uncommitted writes go, the actor resumes from its committed progress', async () => {
    const store = build('tombstone-fetch');
    await epoch(store); // progress 1 committed at epoch 1
    await store.injectBarrier();
    await store.receiveBarrier('s1'); // progress 2 in the memtable, never committed
    await store.recover('node-crash');
    const a = store.node.actor('s1')!;
    expect([a.status, a.epoch, a.position, a.hasRow]).toEqual(['running', 1, 1, true]);
    expect(store.node.store.hasUnflushed(T1)).toBe(false);
    expect(store.barriers.currentEpoch()).toBe(1);
    // Until the purge, barriers wait and DDL is refused.
    await expect(store.injectBarrier()).rejects.toThrow(/recovering/);
    await expect(store.dropSink('s1')).rejects.toThrow(/recovering/);
    await store.recoverDrain();
    await store.recoverPurge();
    expect(await store.injectBarrier()).toBe(2);
  });

  it('rebuilds a failed actor (the system recovers by itself)', async () => {
    const store = build('catalog-first');
    await store.injectBarrier();
    await store.receiveBarrier('s1');
    await store.flushMemtable('s1');
    await store.injectBarrier();
    await store.dropSink('s1');
    await expect(store.recover('actor-failure')).rejects.toThrow(/no actor has failed/);
    await store.syncEpoch(); // #20953: the progress row is compacted away
    await store.receiveBarrier('s1');
    expect(store.failure()).toBeDefined();
    await store.recover('actor-failure');
    // The job was being dropped: its actor stays down, no longer failed.
    expect(store.failure()).toBeUndefined();
    expect(store.node.actor('s1')!.status).toBe('stopped');
    expect(store.recovery.counts.recoveries).toBe(0); // not a node crash
  });

  it.each([
    ['complete', [], [T1]],
    ['keep-tombstones', [T1], []],
  ] as const)('recovery=%s: a queued DROP is pre-applied; its tombstone left after the purge: %j', async (recovery, leftTombstones, deletes) => {
    const store = build('deferred-notify', { recovery: { recovery } });
    await store.dropSink('s1'); // tombstone recorded, Stop queued
    await store.recover('node-crash');
    expect(store.meta.dropProgress('s1')).toEqual({ phase: 'recovering', stopEpoch: 0, preApplied: true });
    if (recovery === 'complete') await store.recoverDrain();
    else await expect(store.recoverDrain()).rejects.toThrow(/no recovery is draining/);
    await store.recoverPurge();
    expect(store.meta.dropProgress('s1')!.phase).toBe('dropped');
    expect(store.meta.registeredTables()).toEqual([]);
    expect(store.meta.droppedTables().map((t) => t.table)).toEqual(leftTombstones);
    expect(pendingDeletes(store)).toEqual(deletes);
  });

  it('drains the tombstones of every path, then purges registrations not in the catalog', async () => {
    const store = build('tombstone-fetch', { teardown: { createFailure: 'tombstone-leak' }, sinks: ['s1', 's2'] });
    await store.createFails('s1'); // #25647: tombstone recorded, registration left
    await store.recover('node-crash');
    expect(store.meta.registeredTables()).toEqual([T1, T1 + 1]);
    await store.recoverDrain();
    expect(store.meta.droppedTables()).toEqual([]);
    expect(pendingDeletes(store)).toEqual([T1]);
    expect(store.meta.registeredTables()).toEqual([T1, T1 + 1]); // the window of the first open question
    await store.recoverPurge();
    expect(store.meta.registeredTables()).toEqual([T1 + 1]);
  });
});

describe('per-database recovery', () => {
  it('#25647: the failed CREATE\'s error arm runs first, so the recovery\'s cleanup no longer finds the job: tombstone and registration leak', async () => {
    const store = build('tombstone-fetch', { teardown: { createFailure: 'tombstone-leak' }, recovery: { foreground: ['s1'] } });
    await store.recoverDatabase();
    expect(store.meta.dropProgress('s1')).toEqual({ phase: 'dropped', stopEpoch: 0, path: 'create-failure' });
    expect(store.meta.droppedTables().map((t) => t.table)).toEqual([T1]);
    expect(store.meta.registeredTables()).toEqual([T1]);
    expect(store.node.actor('s1')!.status).toBe('stopped');
  });

  it('#25592: the dirty creating job gets a tombstone and the usual cleanup', async () => {
    const store = build('tombstone-fetch', { recovery: { foreground: ['s1'] } });
    await store.recoverDatabase();
    expect(store.meta.dropProgress('s1')).toEqual({ phase: 'stopped', stopEpoch: 0, path: 'dirty-job' });
    expect(store.meta.droppedTables().map((t) => t.table)).toEqual([T1]);
    await store.finishDrop('s1');
    expect(store.meta.droppedTables()).toEqual([]);
    expect(store.meta.registeredTables()).toEqual([]);
    expect(pendingDeletes(store)).toEqual([T1]);
  });

  it('before #25592: delete only, a registered table meta cannot resolve, on which the dedicated compactor fails every task', async () => {
    const store = build('tombstone-fetch', { recovery: { foreground: ['s1'], dirtyJobs: 'delete-only' }, compactor: { writeStop: false } });
    await epoch(store); // an SST of t1 is committed: L0 owes it
    await store.recoverDatabase();
    expect(store.meta.dropProgress('s1')).toEqual({ phase: 'dropped', stopEpoch: 0, path: 'dirty-job' });
    expect(store.meta.liveTables()).toEqual([]);
    expect(store.meta.droppedTables()).toEqual([]);
    expect(store.meta.registeredTables()).toEqual([T1]);
    expect(await store.compactCommitted()).toBe('failed');
    expect(await store.compactCommitted()).toBe('failed'); // retried, failing the same way
    expect(store.compactor!.failed()).toEqual([T1]);
    // A global recovery's purge ends it.
    await store.recover('node-crash');
    await store.recoverDrain();
    await store.recoverPurge();
    expect(await store.compactCommitted()).toBe('compacted');
  });

  it('second open question: a DROP whose Stop is in flight fails and gets no cleanup; a queued one is pre-applied and cleaned', async () => {
    const store = build('tombstone-fetch', { sinks: ['s1', 's2'] });
    await store.dropSink('s1');
    await store.injectBarrier(); // s1's Stop is in flight
    await store.dropSink('s2'); // s2's is queued
    await store.recoverDatabase();
    expect(store.meta.dropProgress('s1')).toEqual({ phase: 'dropped', stopEpoch: 0, preApplied: true });
    expect(store.meta.dropProgress('s2')).toEqual({ phase: 'stopped', stopEpoch: 0, preApplied: true });
    await store.finishDrop('s2');
    expect(store.meta.droppedTables().map((t) => t.table)).toEqual([T1]); // s1's tombstone leaks
    expect(store.meta.registeredTables()).toEqual([T1]); // and its registration, until a global recovery
  });
});

describe('meta restart', () => {
  it('loses tombstones and undelivered notifications; the node re-snapshots the catalog; a global recovery follows', async () => {
    const store = build('deferred-notify', { sinks: ['s1', 's2'] });
    await store.dropSink('s1'); // tombstone of t1, no notification yet
    await store.dropSink('s2');
    await store.injectBarrier(); // barrier 1 stops both
    await store.receiveBarrier('s1');
    await store.receiveBarrier('s2');
    await store.syncEpoch();
    await store.commitEpoch();
    await store.finishDrop('s2'); // a Delete of t2 is pending
    expect(pendingDeletes(store)).toEqual([T1 + 1]);
    await store.metaRestart();
    expect(store.meta.droppedTables()).toEqual([]);
    expect(store.node.notifications.pending()).toEqual([]);
    expect(store.node.cache.tables()).toEqual([]); // the catalog holds neither table any more
    expect(store.recovery.step()).toBe('drain');
    expect(store.recovery.counts.metaRestarts).toBe(1);
    // s1's teardown was stopped, cleanup owed: not a pending command, it stays for its issuer.
    expect(store.meta.dropProgress('s1')!.phase).toBe('stopped');
  });
});

describe('the dedicated compactor and write stop (#16511)', () => {
  /** A committed SST of t1, barrier 2 handled by the actor but not flushed, then DROP. */
  async function owedThenDropped(drop: DropVariant, writeStop: boolean): Promise<Store> {
    const store = build(drop, { compactor: { writeStop } });
    await epoch(store);
    await store.injectBarrier();
    await store.receiveBarrier('s1');
    await store.dropSink('s1');
    return store;
  }

  it('catalog-first, cold compactor cache: the task fails on the dropped table, writes stop, the Stop barrier can never commit', async () => {
    const store = await owedThenDropped('catalog-first', true);
    expect(await store.compactCommitted()).toBe('failed');
    await expect(store.flushMemtable('s1')).rejects.toThrow(/writes are stopped/);
    expect(store.barriers.nextSyncable()).toBeUndefined();
    await store.injectBarrier(); // the Stop rides barrier 3, behind barrier 2 that cannot be collected
    await expect(store.receiveBarrier('s1')).rejects.toThrow(/has not flushed/);
    expect(await store.compactCommitted()).toBe('failed');
  });

  it('without write stop the same failure only delays compaction: the drop completes and unregisters, then the task succeeds', async () => {
    const store = await owedThenDropped('catalog-first', false);
    expect(await store.compactCommitted()).toBe('failed');
    await store.flushMemtable('s1');
    await store.injectBarrier();
    await store.receiveBarrier('s1'); // the Stop
    await store.syncEpoch();
    await store.commitEpoch();
    await store.syncEpoch();
    await store.commitEpoch();
    await store.finishDrop('s1');
    expect(await store.compactCommitted()).toBe('compacted');
  });

  it('tombstone-fetch: the compactor fetches the tombstone, compacts, and the writes go on', async () => {
    const store = await owedThenDropped('tombstone-fetch', true);
    expect(await store.compactCommitted()).toBe('compacted');
    expect(store.compactor!.cache.has(T1)).toBe(true);
    await store.flushMemtable('s1');
  });

  it("the compactor's cache learns from an Add and forgets on a Delete, at its own pace", async () => {
    const store = build('catalog-first', { compactor: { writeStop: false } });
    store.meta.createTable(T1 + 5, 's9');
    await store.deliverToCompactor();
    expect(store.compactor!.cache.has(T1 + 5)).toBe(true);
    expect(store.node.cache.has(T1 + 5)).toBe(false); // the node's cache waits for a fetch
    await store.dropSink('s1');
    await store.deliverToCompactor();
    expect(store.compactor!.cache.tables()).toEqual([T1 + 5]);
  });
});
