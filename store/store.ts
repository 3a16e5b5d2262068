// The executable store: meta (catalog, tombstones, storage version, notifications), the barrier
// manager and one compute node, wired as in RisingWave and driven through the operations a
// cluster performs. It implements protocol.md as ordinary asynchronous code; it is not the model.
import type { CompactionMode, DropVariant, Epoch, Hop, JobId, TableId } from './types.ts';
import { MetaService } from './meta-service.ts';
import { ComputeNode } from './compute-node.ts';
import { BarrierManager } from './barrier-manager.ts';
import type { PlantedBug } from './uploader.ts';

export interface StoreOptions {
  readonly drop: DropVariant;
  readonly compaction: CompactionMode;
  /** The sinks to create, each backfilling from the same upstream table into its progress table. */
  readonly sinks: readonly JobId[];
  /** Rows in the upstream snapshot. */
  readonly rows: number;
  /** backfill_rate_limit: rows read per barrier. */
  readonly rateLimit: number;
  /** Sinks whose tables the node compacted before (its cache knows them); default none. */
  readonly warm?: readonly JobId[];
  /** Test-only fault injection; never set outside tests. */
  readonly plantedBug?: PlantedBug;
  /** Decides when each hop between services completes (a test scheduler); default: at once. */
  readonly hop?: Hop;
  readonly log?: (line: string) => void;
}

/** The first state-table id (the tables of the incident were numbered around 500). */
export const FIRST_TABLE_ID = 501;

export class Store {
  readonly meta: MetaService;
  readonly node: ComputeNode;
  readonly barriers: BarrierManager;
  private readonly tableOf = new Map<JobId, TableId>();

  constructor(readonly options: StoreOptions) {
    this.meta = new MetaService(options.drop);
    options.sinks.forEach((job, i) => {
      const table = FIRST_TABLE_ID + i;
      this.tableOf.set(job, table);
      this.meta.createTable(table, job);
    });
    const warm = (options.warm ?? []).map((job) => ({ table: this.progressTable(job), job }));
    this.node = new ComputeNode(this.meta, {
      compaction: options.compaction,
      warm,
      ...(options.hop ? { hop: options.hop } : {}),
      ...(options.plantedBug ? { plantedBug: options.plantedBug } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    for (const job of options.sinks) this.node.deploySink(job, this.progressTable(job), options.rows, options.rateLimit);
    this.barriers = new BarrierManager(this.meta, this.node);
  }

  /** The progress table of `job`. */
  progressTable(job: JobId): TableId {
    const t = this.tableOf.get(job);
    if (t === undefined) throw new Error(`no sink ${job}`);
    return t;
  }

  jobs(): readonly JobId[] { return this.options.sinks; }

  // ---- the operations of the cluster; each throws when the cluster cannot do it now ----

  /** `DROP SINK job` (the DDL returns once the Stop is scheduled). */
  async dropSink(job: JobId): Promise<void> { this.meta.dropStreamingJob(job); }

  /** The barrier manager injects the next barrier (carrying the scheduled Stop mutations). */
  async injectBarrier(): Promise<Epoch> { return this.barriers.inject().epoch; }

  /** `job`'s backfill actor receives its next barrier. */
  async receiveBarrier(job: JobId): Promise<Epoch> { return this.node.receiveBarrier(job); }

  /** The state store flushes `job`'s memtable into an imm. */
  async flushMemtable(job: JobId): Promise<Epoch> { return this.node.flush(job); }

  /** The node syncs the next collected epoch (shared-buffer compaction). */
  async syncEpoch(): Promise<Epoch> {
    return this.barriers.sync().catch((e: Error) => {
      // A failed compaction task is part of the protocol (fail-task mode), not an operation error.
      if (e.name === 'CompactionTaskError') return this.node.uploader.failedSync();
      throw e;
    });
  }

  /** Meta commits the next synced epoch. */
  async commitEpoch(): Promise<Epoch> { return this.barriers.commit(); }

  /** The node applies the oldest pending catalog notification. */
  async deliverNotification(): Promise<void> {
    if (!(await this.node.notifications.deliverNext())) throw new Error('no catalog notification is pending');
  }

  /** Meta completes `job`'s drop after its Stop barrier is committed. */
  async finishDrop(job: JobId): Promise<void> { this.meta.finishDrop(job); }

  /** The first actor failure (by job order): `row ... not found` for #20953. */
  failure(): Error | undefined {
    return this.node.allActors().find((a) => a.status === 'failed')?.failure;
  }
}

export type { DropVariant, CompactionMode, JobId, TableId, Epoch } from './types.ts';
export { RowNotFoundError, CompactionTaskError, DROP_VARIANTS, COMPACTION_MODES } from './types.ts';
export type { PlantedBug } from './uploader.ts';
