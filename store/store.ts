// The executable store: meta (catalog, tombstones, storage version, notifications), the barrier
// manager and one compute node, wired as in RisingWave and driven through the operations a
// cluster performs. It implements protocol.md as ordinary asynchronous code; it is not the model.
import type { CompactionMode, CompactorOptions, DropVariant, Epoch, Hop, JobId, RecoveryOptions, TableId, TeardownOptions } from './types.ts';
import { direct, NO_LATER_PATHS } from './types.ts';
import { DEFAULT_RECOVERY, MetaService } from './meta-service.ts';
import { DedicatedCompactor, type CompactionOutcome } from './compactor.ts';
import { RecoveryCoordinator, type RecoveryCause } from './recovery.ts';
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
  /** Recovery's settings; absent: no recovery is observed (the store can still recover, with the defaults). */
  readonly recovery?: RecoveryOptions;
  /** The dedicated compactor; absent: none runs (the compute node's shared-buffer compaction only). */
  readonly compactor?: CompactorOptions;
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
  readonly recovery: RecoveryCoordinator;
  readonly compactor: DedicatedCompactor | undefined;
  private readonly tableOf = new Map<JobId, TableId>();

  constructor(readonly options: StoreOptions) {
    const paths = options.teardown ?? NO_LATER_PATHS;
    this.meta = new MetaService(options.drop, paths, options.recovery ?? DEFAULT_RECOVERY);
    options.sinks.forEach((job, i) => {
      const table = FIRST_TABLE_ID + i;
      this.tableOf.set(job, table);
      this.meta.createTable(table, job);
    });
    const catalogOf = (jobs: readonly JobId[]) => jobs.map((job) => ({ table: this.progressTable(job), job }));
    const c = options.compactor;
    this.compactor = c ? new DedicatedCompactor(this.meta, options.hop ?? direct, catalogOf(c.warm)) : undefined;
    this.node = new ComputeNode(this.meta, {
      compaction: options.compaction,
      warm: catalogOf(options.warm ?? []),
      // The write limiter: meta stops writes while the compactor's task fails on what L0 owes.
      ...(c?.writeStop ? { writesStopped: () => this.compactor!.failing() } : {}),
      ...(options.hop ? { hop: options.hop } : {}),
      ...(options.plantedBug ? { plantedBug: options.plantedBug } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    for (const job of options.sinks) this.node.deploySink(job, this.progressTable(job), options.rows, options.rateLimit);
    this.barriers = new BarrierManager(this.meta, this.node);
    this.recovery = new RecoveryCoordinator(this.meta, this.node, this.barriers, options.sinks, options.recovery ?? DEFAULT_RECOVERY, paths);
  }

  /** While a global recovery is under way, barriers wait and DDL is refused. */
  private refuseWhileRecovering(what: string): void {
    if (this.recovery.underWay()) throw new Error(`the cluster is recovering: ${what} must wait`);
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
    this.refuseWhileRecovering('DROP SINK');
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
    this.refuseWhileRecovering('CANCEL JOBS');
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
    this.refuseWhileRecovering('a CREATE');
    if (!this.creating(job)) throw new Error(`job ${job} is not creating`);
    if ((this.options.teardown ?? NO_LATER_PATHS).createFailure !== 'cancel-and-cleanup') this.node.resetJob(job);
    this.meta.createFailed(job);
  }

  /** `ALTER TABLE … DROP CONNECTOR` of the table whose source `job`'s actor stands for. */
  async alterDropConnector(job: JobId): Promise<void> {
    this.refuseWhileRecovering('ALTER');
    if (this.node.actor(job)?.status !== 'running') throw new Error(`the source of ${job} is not running`);
    this.meta.alterDropConnector(job);
  }

  /** The barrier manager injects the next barrier (carrying the scheduled Stop mutations). */
  async injectBarrier(): Promise<Epoch> {
    this.refuseWhileRecovering('the next barrier');
    return this.barriers.inject().epoch;
  }

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

  // ---- recovery and meta restart ----

  /** A global recovery starts (after an actor failure, or a node crash). */
  async recover(cause: RecoveryCause): Promise<void> { return this.recovery.recover(cause); }

  /** The global recovery under way drains the tombstones. */
  async recoverDrain(): Promise<void> { return this.recovery.drain(); }

  /** The global recovery under way purges registrations not in the catalog, and ends. */
  async recoverPurge(): Promise<void> { return this.recovery.purge(); }

  /** A per-database recovery. */
  async recoverDatabase(): Promise<void> { return this.recovery.recoverDatabase(); }

  /** Meta restarts; the node and the compactor subscribe again; a global recovery follows. */
  async metaRestart(): Promise<void> {
    return this.recovery.metaRestart(() => {
      this.node.resubscribe();
      this.compactor?.resubscribe();
    });
  }

  // ---- the dedicated compactor ----

  private dedicatedCompactor(): DedicatedCompactor {
    if (!this.compactor) throw new Error('this store has no dedicated compactor');
    return this.compactor;
  }

  /** The compactor runs a task over L0 (a failed task is part of the protocol, retried later). */
  async compactCommitted(): Promise<CompactionOutcome> { return this.dedicatedCompactor().compact(); }

  /** The compactor applies the oldest catalog notification to its cache. */
  async deliverToCompactor(): Promise<void> {
    if (!(await this.dedicatedCompactor().notifications.deliverNext())) throw new Error('no catalog notification is pending for the compactor');
  }

  /** The first actor failure (by job order): `row ... not found` for #20953. */
  failure(): Error | undefined {
    return this.node.allActors().find((a) => a.status === 'failed')?.failure;
  }
}

export type { DropVariant, CompactionMode, JobId, TableId, Epoch, TeardownOptions, RecoveryOptions, CompactorOptions } from './types.ts';
export { RowNotFoundError, CompactionTaskError, DROP_VARIANTS, COMPACTION_MODES } from './types.ts';
export type { PlantedBug } from './uploader.ts';
