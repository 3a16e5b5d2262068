// The barrier manager (meta): injects barriers epoch by epoch, each carrying the Stop mutations
// scheduled since the last one, and completes them in order: a collected checkpoint barrier is
// synced (shared-buffer compaction), its SSTs committed, and then its Stop mutations take effect.
// Injection and arrival at the node are separate steps: a barrier injected before a DROP may
// reach the actors after it, which is how the progress row can be read after compaction lost it.
import type { Epoch, Hop, JobId } from './types.ts';
import { direct } from './types.ts';
import type { MetaService } from './meta-service.ts';
import type { Barrier, Collection, ComputeNode } from './compute-node.ts';

export interface InflightBarrier {
  readonly barrier: Barrier;
  readonly collection: Collection;
}

/** An actor failed a barrier: collection fails and the graph stops (recovery is out of scope). */
export interface BarrierFailure {
  readonly epoch: Epoch;
  readonly job: JobId;
  readonly error: Error;
}

export class BarrierManager {
  private epoch: Epoch = 0;
  /** Injected barriers the node has not handled yet, oldest first. */
  private readonly sent: Barrier[] = [];
  /** Barriers the node handled, waiting to complete, oldest first. */
  private readonly inflight: InflightBarrier[] = [];
  private failure: BarrierFailure | undefined;
  /** The error of the last compaction task that blocked the oldest barrier, until one succeeds. */
  private compactionError: Error | undefined;

  constructor(private readonly meta: MetaService, private readonly node: ComputeNode, private readonly hop: Hop = direct) {}

  /** Injects the next barrier, with the Stop mutations scheduled so far; the node gets it later. */
  inject(): Barrier {
    const barrier: Barrier = { epoch: ++this.epoch, stops: this.meta.takeScheduledStops() };
    this.sent.push(barrier);
    return barrier;
  }

  /** The oldest injected barrier reaches the node, whose actors handle it; then it awaits completion. */
  async deliver(): Promise<Barrier | undefined> {
    const barrier = this.sent.shift();
    if (!barrier) return undefined;
    const collection = await this.hop(`barrier ${barrier.epoch}`, () => this.node.handleBarrier(barrier));
    this.inflight.push({ barrier, collection });
    // The node reports an actor failure at once: collection of this barrier has failed.
    if (!collection.ok) this.failure ??= { epoch: barrier.epoch, job: collection.job, error: collection.error };
    return barrier;
  }

  /**
   * Completes the oldest in-flight barrier. An actor failure fails it (the streaming graph would
   * enter recovery; the store records the failure and stops). A failed compaction task leaves it
   * in flight: the barrier is blocked until the task succeeds.
   */
  async complete(): Promise<Barrier | undefined> {
    const head = this.inflight[0];
    if (!head || this.failure) return undefined;
    const { barrier, collection } = head;
    if (!collection.ok) {
      this.failure = { epoch: barrier.epoch, job: collection.job, error: collection.error };
      return undefined;
    }
    try {
      await this.node.uploader.sync(barrier.epoch);
    } catch (e) {
      // Not a failure of the graph: the barrier stays blocked and the task is retried next time.
      this.compactionError = e as Error;
      return undefined;
    }
    this.compactionError = undefined;
    this.inflight.shift();
    const ssts = this.node.uploader.takeUploaded(barrier.epoch);
    this.meta.commitEpoch(barrier.epoch, ssts.map((s) => ({ id: s.id, epoch: s.epoch, tables: [...s.tables.keys()] })));
    if (barrier.stops.length > 0) this.meta.onStopCollected(barrier.stops);
    return barrier;
  }

  currentEpoch(): Epoch { return this.epoch; }
  /** Barriers injected and not yet handled by the node. */
  sentBarriers(): readonly Barrier[] { return this.sent; }
  /** Barriers handled by the node and not yet completed. */
  collectedBarriers(): readonly InflightBarrier[] { return this.inflight; }
  failed(): BarrierFailure | undefined { return this.failure; }
  blockedBy(): Error | undefined { return this.compactionError; }
}
