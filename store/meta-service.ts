// The meta service: the catalog of live tables, the tombstones of dropped ones (`dropped_tables`,
// #20010), the tables registered in the storage version, and the catalog notifications to compute
// nodes. How `DROP SINK` orders these steps is the drop variant.
import type { CatalogEvent, DropVariant, Epoch, JobId, TableId } from './types.ts';
import { NotificationChannel } from './notification-channel.ts';
import type { SstSummary } from './local-state-store.ts';

export interface TableCatalog {
  readonly table: TableId;
  readonly job: JobId;
}

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
  /** Jobs whose Stop barrier was requested and not yet injected. */
  private readonly stopsToSchedule: JobId[] = [];
  /** Jobs dropped whose Stop barrier has not been collected. */
  private readonly dropping = new Set<JobId>();
  /** The state tables each job owns, as created. */
  private readonly jobTables = new Map<JobId, TableId[]>();

  constructor(private readonly variant: DropVariant) {}

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
    const tables = [...this.catalog.values()].filter((t) => t.job === job);
    if (tables.length === 0 || this.dropping.has(job)) throw new Error(`sink ${job} does not exist`);
    this.dropping.add(job);
    switch (this.variant) {
      case 'catalog-first':
        // Before #20010: delete and broadcast at once, stop later.
        for (const t of tables) {
          this.catalog.delete(t.table);
          this.broadcast({ op: 'delete', table: t.table, job });
        }
        break;
      case 'deferred-notify':
      case 'tombstone-fetch':
        // #20010: keep a tombstone, broadcast the deletion only once the Stop barrier succeeded.
        for (const t of tables) {
          this.catalog.delete(t.table);
          this.dropped.set(t.table, t);
        }
        break;
      case 'stop-first':
        // Stop the actors first; the catalog is changed when the Stop barrier completes.
        break;
    }
    this.stopsToSchedule.push(job);
  }

  /** The Stop mutations the next barrier must carry (the barrier manager takes them). */
  takeScheduledStops(): JobId[] {
    return this.stopsToSchedule.splice(0);
  }

  /** The Stop barrier of `jobs` was collected: their actors are gone, their tables can go. */
  onStopCollected(jobs: readonly JobId[]): void {
    for (const job of jobs) {
      for (const table of this.jobTables.get(job) ?? []) {
        const wasListed = this.catalog.delete(table) || this.dropped.delete(table);
        this.registered.delete(table);
        // catalog-first broadcast the deletion at DROP already; the others do it now.
        if (wasListed) this.broadcast({ op: 'delete', table, job });
      }
      this.jobTables.delete(job);
      this.dropping.delete(job);
    }
  }

  // ---- storage version ----

  commitEpoch(epoch: Epoch, ssts: readonly SstSummary[]): void {
    this.committed.push(...ssts);
    this.committedEpoch = Math.max(this.committedEpoch, epoch);
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
  maxCommittedEpoch(): Epoch { return this.committedEpoch; }
  pendingStops(): readonly JobId[] { return this.stopsToSchedule; }
  isDropping(job: JobId): boolean { return this.dropping.has(job); }
}
