// The executable store: meta (catalog, tombstones, storage version, notifications), the barrier
// manager and one compute node, wired as in RisingWave and driven through the operations a
// cluster performs. It implements protocol.md as ordinary asynchronous code; it is not the model.
import type { CompactionMode, DropVariant, Epoch, Hop, JobId, TableId } from './types.ts';
import { direct } from './types.ts';
import { MetaService } from './meta-service.ts';
import { ComputeNode } from './compute-node.ts';
import { BarrierManager } from './barrier-manager.ts';
import type { PlantedBug } from './uploader.ts';

export interface StoreOptions {
  readonly drop: DropVariant;
  readonly compaction: CompactionMode;
  /** The sinks to create, each backfilling from the same upstream table. */
  readonly sinks: readonly JobId[];
  /** Rows in the upstream snapshot. */
  readonly rows: number;
  /** backfill_rate_limit: rows read per barrier. */
  readonly rateLimit: number;
  /** Test-only fault injection; never set outside tests. */
  readonly plantedBug?: PlantedBug;
  /** Decides when each hop between services completes (a test scheduler); default: at once. */
  readonly hop?: Hop;
  readonly log?: (line: string) => void;
}

/** The first state-table id (RisingWave's ids of the incident were around 500). */
export const FIRST_TABLE_ID = 501;

export class Store {
  readonly meta: MetaService;
  readonly node: ComputeNode;
  readonly barriers: BarrierManager;
  private readonly tableOf = new Map<JobId, TableId>();

  constructor(readonly options: StoreOptions) {
    const hop = options.hop ?? direct;
    this.meta = new MetaService(options.drop);
    options.sinks.forEach((job, i) => {
      const table = FIRST_TABLE_ID + i;
      this.tableOf.set(job, table);
      this.meta.createTable(table, job);
    });
    this.node = new ComputeNode(this.meta, {
      compaction: options.compaction,
      hop,
      ...(options.plantedBug ? { plantedBug: options.plantedBug } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    for (const job of options.sinks) this.node.deploySink(job, this.tableOf.get(job)!, options.rows, options.rateLimit);
    this.barriers = new BarrierManager(this.meta, this.node, hop);
  }

  /** The progress table of `job`. */
  progressTable(job: JobId): TableId {
    const t = this.tableOf.get(job);
    if (t === undefined) throw new Error(`no sink ${job}`);
    return t;
  }

  jobs(): readonly JobId[] { return this.options.sinks; }

  // ---- the operations of the cluster ----

  /** `DROP SINK job` (the DDL returns once the Stop barrier is scheduled). */
  async dropSink(job: JobId): Promise<void> {
    this.meta.dropStreamingJob(job);
  }

  /** The barrier manager injects the next barrier (carrying the scheduled Stop mutations). */
  async injectBarrier(): Promise<Epoch> {
    return this.barriers.inject().epoch;
  }

  /** The oldest injected barrier reaches the node: its actors handle it and the epoch is sealed. */
  async deliverBarrier(): Promise<Epoch | undefined> {
    return (await this.barriers.deliver())?.epoch;
  }

  /** The oldest in-flight barrier completes: checkpoint sync, commit, Stop takes effect. */
  async completeBarrier(): Promise<Epoch | undefined> {
    return (await this.barriers.complete())?.epoch;
  }

  /** The uploader spills every sealed epoch under memory pressure (a sync without a commit). */
  async spill(): Promise<void> {
    await this.node.uploader.sync(this.barriers.currentEpoch());
  }

  /** The node receives the oldest pending catalog notification. */
  async deliverNotification(): Promise<boolean> {
    return this.node.notifications.deliverNext();
  }

  /** The first actor failure, if any: `row ... not found` for #20953. */
  failure(): Error | undefined {
    return this.barriers.failed()?.error;
  }
}

export type { DropVariant, CompactionMode, JobId, TableId, Epoch } from './types.ts';
export { RowNotFoundError, CompactionTaskError, DROP_VARIANTS, COMPACTION_MODES } from './types.ts';
export type { PlantedBug } from './uploader.ts';
