// One compute node: the sink actors, the local state store, the compaction-catalog cache and the
// uploader. Each actor receives barriers from its own input in order; once it has handled one, its
// writes are flushed into an imm of the barrier's epoch and queued in the uploader.
import type { CatalogEvent, CompactionMode, Epoch, Hop, JobId, TableId } from './types.ts';
import { direct } from './types.ts';
import { LocalStateStore } from './local-state-store.ts';
import { CompactionCatalogCache } from './compaction-catalog-cache.ts';
import { Uploader, type PlantedBug } from './uploader.ts';
import { BackfillActor, PROGRESS_KEY, SinkActor } from './actors.ts';
import type { MetaService, TableCatalog } from './meta-service.ts';
import { NotificationChannel } from './notification-channel.ts';

export interface Barrier {
  readonly epoch: Epoch;
  /** Jobs this barrier stops (the Stop mutation of DropStreamingJobs). */
  readonly stops: readonly JobId[];
}

export interface ComputeNodeOptions {
  readonly compaction: CompactionMode;
  /** Tables the node compacted before, so its cache already knows them. */
  readonly warm?: readonly TableCatalog[];
  readonly plantedBug?: PlantedBug;
  readonly hop?: Hop;
  readonly log?: (line: string) => void;
  /** Write stop (#16511): while it says so, the write limiter holds every flush. */
  readonly writesStopped?: () => boolean;
}

export class ComputeNode {
  readonly store = new LocalStateStore();
  readonly cache: CompactionCatalogCache;
  readonly uploader: Uploader;
  readonly notifications: NotificationChannel;
  private readonly actors = new Map<JobId, BackfillActor>();
  private readonly sinks = new Map<JobId, SinkActor>();
  /** Barriers sent to each actor and not received yet, oldest first. */
  private readonly inbox = new Map<JobId, Barrier[]>();
  private readonly hop: Hop;
  private readonly writesStopped: () => boolean;

  constructor(private readonly meta: MetaService, options: ComputeNodeOptions) {
    this.hop = options.hop ?? direct;
    this.writesStopped = options.writesStopped ?? (() => false);
    this.cache = new CompactionCatalogCache((t) => meta.getTable(t), this.hop, options.warm ?? []);
    this.uploader = new Uploader(this.store, this.cache, {
      mode: options.compaction,
      ...(options.plantedBug ? { plantedBug: options.plantedBug } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    this.notifications = new NotificationChannel((e: CatalogEvent) => this.cache.apply(e), this.hop);
    meta.subscribe(this.notifications);
  }

  deploySink(job: JobId, progressTable: TableId, upstreamRows: number, rateLimit: number): void {
    const sink = new SinkActor();
    this.sinks.set(job, sink);
    this.actors.set(job, new BackfillActor(job, progressTable, upstreamRows, rateLimit, this.store, sink));
    this.inbox.set(job, []);
  }

  /** The local barrier manager forwards an injected barrier to every actor's input. */
  sendBarrier(barrier: Barrier): void {
    for (const queue of this.inbox.values()) queue.push(barrier);
  }

  /**
   * `job`'s actor receives its next barrier: stops on its Stop, else handles it (which may fail).
   * An actor takes the next barrier only once the previous one's writes are flushed.
   */
  async receiveBarrier(job: JobId): Promise<Epoch> {
    const actor = this.actorOf(job);
    if (actor.status !== 'running') throw new Error(`the actor of ${job} is ${actor.status}`);
    if (this.store.hasUnflushed(actor.progressTable)) throw new Error(`the actor of ${job} has not flushed epoch ${actor.epoch}`);
    const barrier = this.inbox.get(job)!.shift();
    if (!barrier) throw new Error(`no barrier is on its way to ${job}`);
    await this.hop(`barrier ${barrier.epoch} to ${job}`, async () => {
      if (barrier.stops.includes(job)) actor.stop(barrier.epoch);
      else await actor.onBarrier(barrier.epoch).catch(() => { /* recorded on the actor: fails the collection */ });
    });
    return barrier.epoch;
  }

  /** The state store flushes `job`'s memtable into an imm of the barrier its actor handled. */
  flush(job: JobId): Epoch {
    const actor = this.actorOf(job);
    // `wait_permission` before the imm is built: under write stop nothing is flushed.
    if (this.writesStopped()) throw new Error(`writes are stopped: ${job}'s memtable cannot be flushed`);
    const imm = this.store.flush(actor.progressTable, actor.epoch);
    if (!imm) throw new Error(`the memtable of ${job} is empty`);
    this.uploader.enqueue([imm]);
    return imm.epoch;
  }

  /**
   * `job`'s actors go without a barrier (its partial graph is reset, or a recovery took them): they
   * stop, and their uncommitted state (memtable, imms, the uploader's queue) is discarded.
   */
  resetJob(job: JobId): void {
    const actor = this.actorOf(job);
    actor.reset();
    this.store.discardUnsynced(actor.progressTable);
    this.uploader.discard(actor.progressTable);
  }

  /**
   * A recovery resets the data plane to the committed epoch: every uncommitted write and barrier
   * goes; the actors of live jobs are rebuilt from the progress they read back, the others stay down.
   */
  async resetDataPlane(committed: Epoch, live: (job: JobId) => boolean): Promise<void> {
    this.store.discardAllUnsynced();
    this.uploader.resetTo(committed);
    for (const queue of this.inbox.values()) queue.length = 0;
    for (const [job, actor] of this.actors) {
      if (live(job)) actor.restart(committed, await this.store.get(actor.progressTable, PROGRESS_KEY));
      else actor.halt(committed);
    }
  }

  /** After meta restarted, the node subscribes again: its cache becomes the new meta's snapshot. */
  resubscribe(): void {
    this.cache.replace(this.meta.subscribe(this.notifications));
  }

  /** Whether every actor has collected barrier `epoch`: handled and flushed it, or stopped; a failed actor never does. */
  collected(epoch: Epoch): boolean {
    return [...this.actors.values()].every((a) => {
      if (a.status === 'stopped' || a.epoch > epoch) return true;
      if (a.status === 'failed') return false;
      return a.epoch === epoch && !this.store.hasUnflushed(a.progressTable);
    });
  }

  private actorOf(job: JobId): BackfillActor {
    const actor = this.actors.get(job);
    if (!actor) throw new Error(`no sink ${job}`);
    return actor;
  }

  actor(job: JobId): BackfillActor | undefined { return this.actors.get(job); }
  allActors(): BackfillActor[] { return [...this.actors.values()]; }
  sink(job: JobId): SinkActor | undefined { return this.sinks.get(job); }
}
