// The dedicated compactor (protocol-history.md, "The dedicated compactor and write stop"): it
// compacts the committed SSTs of L0, and its task covers the tables still registered in the storage
// version. Each table is resolved through a catalog cache of its own (fed by its own subscription to
// meta's notifications) or an on-demand fetch; a table it cannot resolve fails the task ("Some table
// ids are not acquired", #14459, #15144), which is retried later. While its task fails on tables it
// still owes, the write limiter can stop the node's writes (#16511).
import type { Hop, TableId } from './types.ts';
import { CompactionCatalogCache } from './compaction-catalog-cache.ts';
import { NotificationChannel } from './notification-channel.ts';
import type { MetaService, TableCatalog } from './meta-service.ts';

export type CompactionOutcome = 'compacted' | 'failed';

export class DedicatedCompactor {
  readonly cache: CompactionCatalogCache;
  readonly notifications: NotificationChannel;
  /** The tables the last task could not resolve (empty when it succeeded, or none ran). */
  private failedTables = new Set<TableId>();

  constructor(private readonly meta: MetaService, hop: Hop, warm: readonly TableCatalog[]) {
    this.cache = new CompactionCatalogCache((t) => meta.getTable(t), hop, warm, true);
    this.notifications = new NotificationChannel((e) => this.cache.apply(e), hop);
    meta.subscribe(this.notifications);
  }

  /** The registered tables of L0's SSTs: what a task must resolve. */
  private owedTables(): TableId[] {
    const registered = new Set(this.meta.registeredTables());
    const tables = new Set(this.meta.l0Ssts().flatMap((s) => s.tables));
    return [...tables].filter((t) => registered.has(t)).sort((a, b) => a - b);
  }

  /**
   * One task over L0. Every owed table is acquired (cache, then fetch; what was fetched is cached
   * whether or not the task then fails). All resolved: L0 is compacted, unregistered tables' data
   * dropped with it. One missing: the task fails and L0 stays.
   */
  async compact(): Promise<CompactionOutcome> {
    const upTo = this.meta.committedSsts().length;
    if (this.meta.l0Ssts().length === 0) throw new Error('no committed SST waits for compaction');
    const resolved = await Promise.all(this.owedTables().map(async (t) => [t, await this.cache.resolve(t)] as const));
    this.cache.install(resolved.filter(([, r]) => r.resolution === 'fetched').map(([, r]) => r.entry!));
    const missing = resolved.filter(([, r]) => r.resolution === 'missing').map(([t]) => t);
    this.failedTables = new Set(missing);
    if (missing.length > 0) return 'failed';
    this.meta.compactionDone(upTo);
    return 'compacted';
  }

  /** Compaction is owed and its last task failed: the condition of write stop. */
  failing(): boolean {
    return this.failedTables.size > 0 && this.owedTables().length > 0;
  }

  /** After meta restarted, the compactor subscribes again: its cache becomes the new meta's snapshot. */
  resubscribe(): void {
    this.cache.replace(this.meta.subscribe(this.notifications));
  }

  failed(): TableId[] { return [...this.failedTables].sort((a, b) => a - b); }
}
