// The barrier manager (meta): injects barriers epoch by epoch, each carrying the Stop mutations
// scheduled since the last one; once every actor has collected a barrier the node syncs its epoch
// (shared-buffer compaction) and meta commits the synced epochs in order, which completes the
// Stop of the barrier. Injection and arrival at each actor are separate steps: a barrier injected
// before a DROP may reach an actor after compaction lost its progress row.
import type { Epoch } from './types.ts';
import type { MetaService } from './meta-service.ts';
import type { Barrier, ComputeNode } from './compute-node.ts';

export class BarrierManager {
  private epoch: Epoch = 0;
  private readonly barriers = new Map<Epoch, Barrier>();

  constructor(private readonly meta: MetaService, private readonly node: ComputeNode) {}

  /** Injects the next barrier, with the Stop mutations scheduled so far. */
  inject(): Barrier {
    const epoch = this.epoch + 1;
    const barrier: Barrier = { epoch, stops: this.meta.takeScheduledStops(epoch) };
    this.epoch = epoch;
    this.barriers.set(epoch, barrier);
    this.node.sendBarrier(barrier);
    return barrier;
  }

  /** The next epoch to sync, once every actor collected its barrier (undefined when not ready). */
  nextSyncable(): Epoch | undefined {
    const next = this.node.uploader.syncedEpoch() + 1;
    return next <= this.epoch && this.node.collected(next) ? next : undefined;
  }

  /** The node syncs the next collected epoch. In fail-task mode the task may fail (it is retried later). */
  async sync(): Promise<Epoch> {
    const epoch = this.nextSyncable();
    if (epoch === undefined) throw new Error('no collected barrier waits for its sync');
    await this.node.uploader.sync(epoch);
    return epoch;
  }

  /** Meta commits the next synced epoch into the storage version. */
  commit(): Epoch {
    const epoch = this.meta.maxCommittedEpoch() + 1;
    if (epoch > this.node.uploader.syncedEpoch()) throw new Error(`epoch ${epoch} is not synced`);
    const ssts = this.node.uploader.takeUploaded(epoch);
    this.meta.commitEpoch(epoch, ssts.map((s) => ({ id: s.id, epoch: s.epoch, tables: [...s.tables.keys()] })));
    return epoch;
  }

  /** A recovery abandons the barriers after the committed epoch: the next one injected is committed + 1. */
  resetTo(committed: Epoch): void {
    for (const e of [...this.barriers.keys()]) if (e > committed) this.barriers.delete(e);
    this.epoch = committed;
  }

  currentEpoch(): Epoch { return this.epoch; }
}
