// The meta service: the catalog of live tables, the tombstones of dropped ones (`dropped_tables`,
// #20010), the tables registered in the storage version, and the catalog notifications to compute
// nodes. How `DROP SINK` orders these steps is the drop variant.
import type { CatalogEvent, DropVariant, Epoch, JobId, RecoveryOptions, TableId, TeardownOptions } from './types.ts';
import { NO_LATER_PATHS } from './types.ts';
import { NotificationChannel } from './notification-channel.ts';
import type { SstSummary } from './local-state-store.ts';

export interface TableCatalog {
  readonly table: TableId;
  readonly job: JobId;
}

/**
 * Where the teardown of a job is: scheduled = its Stop waits for the next barrier; resetting = its
 * partial graph waits for the reset; stopped = its writers stopped, the cleanup is owed;
 * recovering = a global recovery took the command over, its purge ends it.
 */
export type DropPhase = 'scheduled' | 'resetting' | 'stopping' | 'stopped' | 'dropped' | 'recovering';

/** Which teardown took the job, when it was not DROP SINK (dirty-job: a per-database recovery's cleanup of a failed foreground CREATE). */
export type TeardownPath = 'cancel' | 'reset' | 'create-failure' | 'alter-connector' | 'dirty-job';

export interface DropProgress {
  readonly phase: DropPhase;
  /** The epoch of the barrier carrying the Stop (0 until it is injected). */
  readonly stopEpoch: Epoch;
  readonly path?: TeardownPath;
  /** A recovery took the command over: no barrier carries it any more. */
  readonly preApplied?: true;
}

/** The recovery settings of a store built without them: #23216 and #25592 on, no foreground job. */
export const DEFAULT_RECOVERY: RecoveryOptions = { recovery: 'complete', dirtyJobs: 'tombstone-and-cleanup', foreground: [] };

export class MetaService {
  /** Live tables: what the catalog says exists. */
  private readonly catalog = new Map<TableId, TableCatalog>();
  /** Tables deleted from the catalog whose Stop barrier has not completed (tombstones). */
  private readonly dropped = new Map<TableId, TableCatalog>();
  /** Tables registered in the storage (Hummock) version. */
  private readonly registered = new Set<TableId>();
  /** SSTs committed into the storage version, by epoch. */
  private readonly committed: SstSummary[] = [];
  private committedEpoch: Epoch = 0;
  private readonly subscribers: NotificationChannel[] = [];
  /** The DDL progress of every job being dropped (absent: live). */
  private readonly drops = new Map<JobId, DropProgress>();
  /** The state tables each job owns, as created. */
  private readonly jobTables = new Map<JobId, TableId[]>();
  /** How many committed SSTs the dedicated compactor has compacted (the rest are L0). */
  private compacted = 0;

  constructor(
    private readonly variant: DropVariant,
    private readonly paths: TeardownOptions = NO_LATER_PATHS,
    private readonly recoverySettings: RecoveryOptions = DEFAULT_RECOVERY,
  ) {}

  // ---- DDL ----

  createTable(table: TableId, job: JobId): void {
    const entry = { table, job };
    this.catalog.set(table, entry);
    this.registered.add(table);
    this.jobTables.set(job, [...(this.jobTables.get(job) ?? []), table]);
    this.broadcast({ op: 'add', table, job });
  }

  /** `DROP SINK job`: what happens before the Stop barrier depends on the variant. */
  dropStreamingJob(job: JobId): void {
    const tables = this.jobTables.get(job);
    if (tables === undefined || this.drops.has(job)) throw new Error(`sink ${job} does not exist`);
    switch (this.variant) {
      case 'catalog-first':
        // Before #20010: delete and broadcast at once, stop later.
        for (const t of tables) {
          this.catalog.delete(t);
          this.broadcast({ op: 'delete', table: t, job });
        }
        break;
      case 'deferred-notify':
      case 'tombstone-fetch':
        // #20010: keep a tombstone, broadcast the deletion only once the Stop barrier succeeded.
        for (const t of tables) {
          const entry = this.catalog.get(t)!;
          this.catalog.delete(t);
          this.dropped.set(t, entry);
        }
        break;
      case 'stop-first':
        // Stop the actors first; the catalog is changed once the Stop barrier is committed.
        break;
    }
    this.drops.set(job, { phase: 'scheduled', stopEpoch: 0 });
  }

  /** The barrier of `epoch` is being injected: it carries the Stop of every scheduled drop. */
  takeScheduledStops(epoch: Epoch): JobId[] {
    const jobs = [...this.drops].filter(([, d]) => d.phase === 'scheduled').map(([job]) => job);
    for (const job of jobs) this.drops.set(job, { ...this.drops.get(job)!, phase: 'stopping', stopEpoch: epoch });
    return jobs;
  }

  /** The drop's last step once its Stop barrier is committed: unregister, and per variant clear and broadcast. */
  finishDrop(job: JobId): void {
    const d = this.drops.get(job);
    if (d?.phase !== 'stopped') throw new Error(`the drop of ${job} cannot finish: its Stop barrier is not committed`);
    if (d.path !== undefined) return this.finishTeardown(job, d);
    for (const table of this.jobTables.get(job) ?? []) {
      this.registered.delete(table);
      // catalog-first deleted and broadcast at DROP already; the others finish the deletion now.
      if (this.variant === 'catalog-first') continue;
      // The Delete goes out whether or not a recovery already drained the tombstone.
      this.catalog.delete(table);
      this.dropped.delete(table);
      this.broadcast({ op: 'delete', table, job });
    }
    this.drops.set(job, { ...d, phase: 'dropped' });
  }

  // ---- the later teardown paths (protocol-history.md) ----

  /**
   * The job's catalog rows go in one transaction, and only the frontend is told (as
   * `try_abort_creating_streaming_job` does). With `tombstones` (#23087) they are recorded in
   * `dropped_tables` in the same critical section, so the storage observers can still resolve them.
   */
  private deleteCatalogRows(job: JobId, tombstones: boolean): void {
    for (const t of this.tablesOf(job)) {
      const entry = this.catalog.get(t);
      if (!entry) continue;
      this.catalog.delete(t);
      if (tombstones) this.dropped.set(t, entry);
    }
  }

  private tablesOf(job: JobId): TableId[] {
    const tables = this.jobTables.get(job);
    if (tables === undefined || this.drops.has(job)) throw new Error(`job ${job} does not exist`);
    return tables;
  }

  /**
   * `cancel_streaming_jobs` (and since #22435 DROP of a creating job): abort the job, then a
   * DropStreamingJobs command. A snapshot-backfill job's command is intercepted by the barrier
   * manager (#24286), which resets its partial graph instead of injecting a Stop.
   */
  cancelStreamingJob(job: JobId): void {
    if (this.paths.jobKind === 'snapshot-backfill') {
      this.deleteCatalogRows(job, true);
      this.drops.set(job, { phase: 'resetting', stopEpoch: 0, path: 'reset' });
      return;
    }
    if (this.paths.cancel === 'off') throw new Error('this store has no cancel path');
    this.deleteCatalogRows(job, this.paths.cancel === 'tombstone');
    this.drops.set(job, { phase: 'scheduled', stopEpoch: 0, path: 'cancel' });
  }

  /** The barrier manager reset `job`'s partial graph; the command never reaches post-collect. */
  partialGraphReset(job: JobId): void {
    const d = this.drops.get(job);
    if (d?.phase !== 'resetting') throw new Error(`no partial-graph reset of ${job} is pending`);
    // Before #25480 the cleanup lived in post-collect only, which a reset never reaches.
    this.drops.set(job, { ...d, phase: this.paths.cleanup === 'issuer' ? 'stopped' : 'dropped' });
  }

  /** The error arm of a foreground CREATE whose wait failed (its actors already gone, except for #26472's early cancel). */
  createFailed(job: JobId): void {
    const variant = this.paths.createFailure;
    if (variant === 'off') throw new Error('this store has no create-failure path');
    this.deleteCatalogRows(job, variant !== 'no-tombstone');
    // #26472 cancels the job with its Stop barrier and cleanup; the others end here.
    this.drops.set(job, variant === 'cancel-and-cleanup' ? { phase: 'scheduled', stopEpoch: 0, path: 'create-failure' } : { phase: 'dropped', stopEpoch: 0, path: 'create-failure' });
  }

  /** ALTER TABLE … DROP CONNECTOR: a ReplaceStreamJob barrier removes the source's writer. */
  alterDropConnector(job: JobId): void {
    const variant = this.paths.alterConnector;
    const tables = this.tablesOf(job);
    if (variant === 'off') throw new Error('this store has no ALTER … DROP CONNECTOR path');
    if (variant === 'delete-before-stop') this.dropTableAssociatedSource(tables, job);
    if (variant === 'tombstone') this.deleteCatalogRows(job, true);
    this.drops.set(job, { phase: 'scheduled', stopEpoch: 0, path: 'alter-connector' });
  }

  /** `drop_table_associated_source`: the source's state table deleted directly, no tombstone. */
  private dropTableAssociatedSource(tables: readonly TableId[], job: JobId): void {
    for (const t of tables) {
      this.catalog.delete(t);
      this.broadcast({ op: 'delete', table: t, job });
    }
  }

  /** Whether the teardown `path` of this store records tombstones (then its cleanup completes them, with a Delete). */
  private recordsTombstone(path: TeardownPath): boolean {
    switch (path) {
      case 'cancel': return this.paths.cancel === 'tombstone';
      case 'reset': return true;
      case 'create-failure': return this.paths.createFailure !== 'no-tombstone';
      case 'alter-connector': return this.paths.alterConnector === 'tombstone';
      case 'dirty-job': return this.recoverySettings.dirtyJobs === 'tombstone-and-cleanup';
    }
  }

  /**
   * `cleanup_dropped_streaming_jobs` (post-collect before #25480, the issuer since): unregister,
   * then complete the tombstones, each with a Delete to the storage observers. ALTER's direct
   * delete comes after it in the code of today.
   */
  private finishTeardown(job: JobId, d: DropProgress): void {
    const tables = this.jobTables.get(job) ?? [];
    const completes = this.recordsTombstone(d.path!);
    for (const t of tables) {
      this.registered.delete(t);
      if (!completes) continue;
      // The Delete goes out whether or not a recovery already drained the tombstone.
      this.dropped.delete(t);
      this.broadcast({ op: 'delete', table: t, job });
    }
    if (d.path === 'alter-connector' && this.paths.alterConnector === 'delete-after-unregister') this.dropTableAssociatedSource(tables, job);
    this.drops.set(job, { ...d, phase: 'dropped' });
  }

  // ---- recovery (protocol-history.md, "Recovery", "Per-database recovery") ----

  /** Whether `job`'s teardown command is queued (no barrier yet) or in flight (on a barrier, or a reset not done): what a recovery takes over. */
  commandPending(job: JobId): boolean {
    const phase = this.drops.get(job)?.phase;
    return phase === 'scheduled' || phase === 'stopping' || phase === 'resetting';
  }

  /**
   * Global recovery takes over a queued or in-flight teardown without a barrier: the job's catalog
   * rows go (with their Delete), its tombstones are completed with a Delete (#23216) or kept
   * (before it); the purge ends the command.
   */
  preApplyForRecovery(job: JobId): void {
    const d = this.drops.get(job)!;
    for (const t of this.jobTables.get(job) ?? []) {
      if (this.catalog.delete(t)) this.broadcast({ op: 'delete', table: t, job });
      if (this.recoverySettings.recovery === 'complete' && this.dropped.delete(t)) this.broadcast({ op: 'delete', table: t, job });
    }
    this.drops.set(job, { phase: 'recovering', stopEpoch: 0, ...(d.path !== undefined ? { path: d.path } : {}), preApplied: true });
  }

  /** `cleanup_dropped_tables` (#23216): every tombstone completed, each with a Delete, in table order. */
  drainTombstones(): void {
    const drained = [...this.dropped.values()].sort((a, b) => a.table - b.table);
    this.dropped.clear();
    for (const { table, job } of drained) this.broadcast({ op: 'delete', table, job });
  }

  /** The purge (#15355, #17274): registrations of tables not in the catalog go; the commands the recovery took over are done. */
  purgeUnregistered(): void {
    for (const t of [...this.registered]) if (!this.catalog.has(t)) this.registered.delete(t);
    for (const [job, d] of this.drops) if (d.phase === 'recovering') this.drops.set(job, { ...d, phase: 'dropped' });
  }

  /**
   * A per-database recovery finds `job`'s command: a queued one is pre-applied (its issuer still
   * cleans up), an in-flight one fails (`run_command` returns the error: its issuer skips the cleanup).
   */
  takeOverForDatabaseRecovery(job: JobId): void {
    const d = this.drops.get(job)!;
    const phase = d.phase === 'scheduled' ? 'stopped' : 'dropped';
    this.drops.set(job, { phase, stopEpoch: 0, ...(d.path !== undefined ? { path: d.path } : {}), preApplied: true });
  }

  /** Whether any of `job`'s tables is still in the catalog. */
  inCatalog(job: JobId): boolean {
    return (this.jobTables.get(job) ?? []).some((t) => this.catalog.has(t));
  }

  /**
   * `clean_dirty_creating_jobs` of a per-database recovery: the job's catalog rows deleted; with
   * #25592 a tombstone recorded and the usual cleanup owed, before it nothing more.
   */
  cleanDirtyCreatingJob(job: JobId): void {
    const withCleanup = this.recoverySettings.dirtyJobs === 'tombstone-and-cleanup';
    this.deleteCatalogRows(job, withCleanup);
    this.drops.set(job, { phase: withCleanup ? 'stopped' : 'dropped', stopEpoch: 0, path: 'dirty-job' });
  }

  /**
   * Meta restarts: what it kept only in memory is lost, the tombstones (`dropped_tables`) and the
   * notifications not yet delivered, and its subscribers (each subscribes again); the catalog, the
   * storage version and the DDL records persist.
   */
  restart(): void {
    this.dropped.clear();
    for (const s of this.subscribers) s.clear();
    this.subscribers.length = 0;
  }

  // ---- storage version ----

  /** Commits the synced SSTs of `epoch`; the jobs its barrier stopped are now stopped. */
  commitEpoch(epoch: Epoch, ssts: readonly SstSummary[]): void {
    if (epoch !== this.committedEpoch + 1) throw new Error(`epoch ${epoch} cannot be committed after ${this.committedEpoch}`);
    this.committed.push(...ssts);
    this.committedEpoch = epoch;
    for (const [job, d] of this.drops) if (d.phase === 'stopping' && d.stopEpoch === epoch) this.drops.set(job, { ...d, phase: 'stopped' });
  }

  // ---- compute-node facing RPCs ----

  /** The on-demand fetch of a compaction-catalog cache miss. tombstone-fetch (#21017) also answers from tombstones. */
  async getTable(table: TableId): Promise<TableCatalog | undefined> {
    const live = this.catalog.get(table);
    if (live) return live;
    return this.variant === 'tombstone-fetch' ? this.dropped.get(table) : undefined;
  }

  /** A new subscriber gets a snapshot, then every later event. Tombstones are in the snapshot since #20010. */
  subscribe(channel: NotificationChannel): TableCatalog[] {
    this.subscribers.push(channel);
    const withTombstones = this.variant === 'deferred-notify' || this.variant === 'tombstone-fetch';
    return [...this.catalog.values(), ...(withTombstones ? this.dropped.values() : [])];
  }

  private broadcast(event: CatalogEvent): void {
    for (const s of this.subscribers) s.publish(event);
  }

  // ---- observation (what an operator could read from meta's tables) ----

  liveTables(): TableCatalog[] { return [...this.catalog.values()]; }
  droppedTables(): TableCatalog[] { return [...this.dropped.values()]; }
  registeredTables(): TableId[] { return [...this.registered]; }
  committedSsts(): readonly SstSummary[] { return this.committed; }
  /** L0: the committed SSTs with data that the dedicated compactor has not compacted yet. */
  l0Ssts(): SstSummary[] { return this.committed.slice(this.compacted).filter((s) => s.tables.length > 0); }
  /** The compactor compacted every committed SST before index `upTo` (a task takes what L0 held when it started). */
  compactionDone(upTo: number): void { this.compacted = Math.max(this.compacted, upTo); }
  maxCommittedEpoch(): Epoch { return this.committedEpoch; }
  dropProgress(job: JobId): DropProgress | undefined { return this.drops.get(job); }
}
