// The executable store: meta (catalog, tombstones, storage version, notifications), the barrier
// manager and one compute node, wired as in RisingWave and driven through the operations a
// cluster performs. It implements protocol.md as ordinary asynchronous code; it is not the model.
import type { CompactionMode, DropVariant, Epoch, Hop, JobId, TableId, TeardownOptions } from './types.ts';
import { NO_LATER_PATHS } from './types.ts';
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
  /** The later teardown paths and their variants; default: all off. */
  readonly teardown?: TeardownOptions;
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
    this.meta = new MetaService(options.drop, options.teardown ?? NO_LATER_PATHS);
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

  /** `DROP SINK job` (the DDL returns once the Stop is scheduled). A creating snapshot-backfill job is cancelled instead (#22435, #24286). */
  async dropSink(job: JobId): Promise<void> {
    if ((this.options.teardown ?? NO_LATER_PATHS).jobKind === 'snapshot-backfill' && this.creating(job)) return this.cancelJob(job);
    this.meta.dropStreamingJob(job);
  }

  /** Whether `job` is still creating: its backfill has not read the whole snapshot. */
  creating(job: JobId): boolean {
    const a = this.node.actor(job);
    return a !== undefined && a.status === 'running' && !a.finished && this.meta.dropProgress(job) === undefined;
  }

  /** `CANCEL JOBS job` of a creating job. */
  async cancelJob(job: JobId): Promise<void> {
    if (!this.creating(job)) throw new Error(`job ${job} is not creating`);
    this.meta.cancelStreamingJob(job);
  }

  /** The barrier manager intercepts a creating snapshot-backfill job's DropStreamingJobs and resets its partial graph. */
  async resetPartialGraph(job: JobId): Promise<void> {
    if (this.meta.dropProgress(job)?.phase !== 'resetting') throw new Error(`no reset of ${job} is pending`);
    this.node.resetJob(job);
    this.meta.partialGraphReset(job);
  }

  /**
   * A foreground CREATE of `job` fails while its backfill runs. Except for #26472's early cancel,
   * the failure is a recovery that has already taken the job's actors and their uncommitted state.
   */
  async createFails(job: JobId): Promise<void> {
    if (!this.creating(job)) throw new Error(`job ${job} is not creating`);
    if ((this.options.teardown ?? NO_LATER_PATHS).createFailure !== 'cancel-and-cleanup') this.node.resetJob(job);
    this.meta.createFailed(job);
  }

  /** `ALTER TABLE … DROP CONNECTOR` of the table whose source `job`'s actor stands for. */
  async alterDropConnector(job: JobId): Promise<void> {
    if (this.node.actor(job)?.status !== 'running') throw new Error(`the source of ${job} is not running`);
    this.meta.alterDropConnector(job);
  }

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

export type { DropVariant, CompactionMode, JobId, TableId, Epoch, TeardownOptions } from './types.ts';
export { RowNotFoundError, CompactionTaskError, DROP_VARIANTS, COMPACTION_MODES } from './types.ts';
export type { PlantedBug } from './uploader.ts';
