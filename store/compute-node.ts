// One compute node: the sink actors, the local state store, the compaction-catalog cache and the
// uploader. It handles barriers (actors first, then the epoch is sealed) and catalog notifications.
import type { CatalogEvent, CompactionMode, Epoch, Hop, JobId, TableId } from './types.ts';
import { direct } from './types.ts';
import { LocalStateStore } from './local-state-store.ts';
import { CompactionCatalogCache } from './compaction-catalog-cache.ts';
import { Uploader, type PlantedBug } from './uploader.ts';
import { BackfillActor, SinkActor } from './actors.ts';
import type { MetaService } from './meta-service.ts';
import { NotificationChannel } from './notification-channel.ts';

export interface Barrier {
  readonly epoch: Epoch;
  /** Jobs this barrier stops (the Stop mutation of DropStreamingJobs). */
  readonly stops: readonly JobId[];
}

/** What the node reports when it has handled a barrier. */
export type Collection = { readonly ok: true } | { readonly ok: false; readonly job: JobId; readonly error: Error };

export interface ComputeNodeOptions {
  readonly compaction: CompactionMode;
  readonly plantedBug?: PlantedBug;
  readonly hop?: Hop;
  readonly log?: (line: string) => void;
}

export class ComputeNode {
  readonly store = new LocalStateStore();
  readonly cache: CompactionCatalogCache;
  readonly uploader: Uploader;
  readonly notifications: NotificationChannel;
  private readonly actors = new Map<JobId, BackfillActor>();
  private readonly sinks = new Map<JobId, SinkActor>();

  constructor(meta: MetaService, options: ComputeNodeOptions) {
    const hop = options.hop ?? direct;
    this.cache = new CompactionCatalogCache((t) => meta.getTable(t), hop);
    this.uploader = new Uploader(this.store, this.cache, {
      mode: options.compaction,
      ...(options.plantedBug ? { plantedBug: options.plantedBug } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    this.notifications = new NotificationChannel((e: CatalogEvent) => this.cache.apply(e), hop);
    // The snapshot matters to other caches (frontends); the compaction cache starts cold.
    meta.subscribe(this.notifications);
  }

  deploySink(job: JobId, progressTable: TableId, upstreamRows: number, rateLimit: number): void {
    const sink = new SinkActor();
    this.sinks.set(job, sink);
    this.actors.set(job, new BackfillActor(job, progressTable, upstreamRows, rateLimit, this.store, sink));
  }

  /** Every actor handles the barrier, in job order; then the epoch is sealed and queued for upload. */
  async handleBarrier(barrier: Barrier): Promise<Collection> {
    let failure: Collection | undefined;
    for (const [job, actor] of [...this.actors].sort(([a], [b]) => a.localeCompare(b))) {
      if (barrier.stops.includes(job)) {
        actor.stop();
        this.store.dropMemtable(actor.progressTable);
        continue;
      }
      try {
        await actor.onBarrier(barrier.epoch);
      } catch (e) {
        failure ??= { ok: false, job, error: e as Error };
      }
    }
    this.uploader.enqueue(this.store.seal(barrier.epoch));
    return failure ?? { ok: true };
  }

  actor(job: JobId): BackfillActor | undefined { return this.actors.get(job); }
  allActors(): BackfillActor[] { return [...this.actors.values()]; }
  sink(job: JobId): SinkActor | undefined { return this.sinks.get(job); }
}
