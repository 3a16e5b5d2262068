// Recovery as meta runs it (protocol-history.md, "Recovery", "Per-database recovery", and the end
// of "Recovery" for a meta restart). A global recovery, in the order of today's code: the data
// plane resets to the committed epoch, queued and in-flight teardowns are pre-applied without a
// barrier; then the tombstones are drained (#23216) and registrations of tables not in the catalog
// purged (#15355, #17274), as steps of their own. Until the purge, no barrier is injected and DDL
// is refused. A per-database recovery resets the data plane too but drains and purges nothing; it
// fails the wait of every foreground CREATE still backfilling, whose error arm runs before the
// recovery's own cleanup of dirty creating jobs (the order of #25647).
import type { Epoch, JobId, RecoveryOptions, TeardownOptions } from './types.ts';
import type { MetaService } from './meta-service.ts';
import type { ComputeNode } from './compute-node.ts';
import type { BarrierManager } from './barrier-manager.ts';

/** Where a global recovery is: none under way, or its next step. */
export type RecoveryStep = 'none' | 'drain' | 'purge';

/** Why a global recovery starts: the system's own after an actor failure, or a node crash from outside. */
export type RecoveryCause = 'actor-failure' | 'node-crash';

export class RecoveryCoordinator {
  private currentStep: RecoveryStep = 'none';
  /** Recoveries so far: global ones caused by a node crash, per-database ones, meta restarts. */
  readonly counts = { recoveries: 0, dbRecoveries: 0, metaRestarts: 0 };

  constructor(
    private readonly meta: MetaService,
    private readonly node: ComputeNode,
    private readonly barriers: BarrierManager,
    private readonly jobs: readonly JobId[],
    private readonly settings: RecoveryOptions,
    private readonly paths: TeardownOptions,
  ) {}

  step(): RecoveryStep { return this.currentStep; }

  /** Whether a global recovery has started and not purged yet ("the cluster is recovering"). */
  underWay(): boolean { return this.currentStep !== 'none'; }

  /** Resets the data plane to the committed epoch; `live` is decided before any command is taken over. */
  private async resetDataPlane(): Promise<Epoch> {
    const committed = this.meta.maxCommittedEpoch();
    await this.node.resetDataPlane(committed, (job) => this.meta.dropProgress(job) === undefined);
    this.barriers.resetTo(committed);
    return committed;
  }

  /** A global recovery starts: reset, pre-apply; the drain (with #23216) or the purge is next. */
  async recover(cause: RecoveryCause): Promise<void> {
    if (this.underWay()) throw new Error('a recovery is already under way');
    if (cause === 'actor-failure' && !this.node.allActors().some((a) => a.status === 'failed')) throw new Error('no actor has failed');
    if (cause === 'node-crash') this.counts.recoveries++;
    await this.start();
  }

  /** The first step of every global recovery (also after a meta restart, which may interrupt one under way). */
  async start(): Promise<void> {
    const pending = this.jobs.filter((job) => this.meta.commandPending(job));
    await this.resetDataPlane();
    for (const job of pending) this.meta.preApplyForRecovery(job);
    this.currentStep = this.settings.recovery === 'complete' ? 'drain' : 'purge';
  }

  /** `cleanup_dropped_tables`: every tombstone completed, with its Delete. */
  async drain(): Promise<void> {
    if (this.currentStep !== 'drain') throw new Error('no recovery is draining tombstones');
    this.meta.drainTombstones();
    this.currentStep = 'purge';
  }

  /** The purge of registrations not in the catalog; barriers and DDL resume. */
  async purge(): Promise<void> {
    if (this.currentStep !== 'purge') throw new Error('no recovery is purging registrations');
    this.meta.purgeUnregistered();
    this.currentStep = 'none';
  }

  /** A per-database recovery: reset, commands taken over, foreground CREATEs failed, dirty creating jobs cleaned. */
  async recoverDatabase(): Promise<void> {
    if (this.underWay()) throw new Error('a global recovery is under way');
    // A foreground CREATE still waits while its job is live and its backfill has not finished (its actor may have failed).
    const dirty = this.settings.foreground.filter((job) => this.meta.dropProgress(job) === undefined && !this.node.actor(job)!.finished);
    const pending = this.jobs.filter((job) => this.meta.commandPending(job));
    await this.resetDataPlane();
    this.counts.dbRecoveries++;
    for (const job of pending) this.meta.takeOverForDatabaseRecovery(job);
    for (const job of dirty) {
      // The failed wait's error arm first; #26472's cancel is only for an early failure, not one the recovery caused.
      if (this.paths.createFailure !== 'off' && this.paths.createFailure !== 'cancel-and-cleanup') {
        this.node.resetJob(job);
        this.meta.createFailed(job);
      }
      // `clean_dirty_creating_jobs` no longer finds a job the error arm deleted (#25647).
      if (this.meta.inCatalog(job)) {
        this.node.resetJob(job);
        this.meta.cleanDirtyCreatingJob(job);
      }
    }
  }

  /** Meta restarts: its memory lost, every subscriber re-snapshotted, then a global recovery. */
  async metaRestart(resubscribe: () => void): Promise<void> {
    this.meta.restart();
    resubscribe();
    this.counts.metaRestarts++;
    await this.start();
  }
}
