// The compute node's compaction-catalog cache: the tables shared-buffer compaction can resolve.
// Filled on demand: a miss fetches the table from meta; a Delete notification evicts. A table the
// node never compacted is therefore unknown to it (step 1 of #20953). The dedicated compactor's
// cache also learns from an Add.
import type { CatalogEvent, Hop, JobId, TableId } from './types.ts';
import { direct } from './types.ts';
import type { TableCatalog } from './meta-service.ts';

export type FetchTable = (table: TableId) => Promise<TableCatalog | undefined>;

/** How a table of a compaction task resolved. */
export type Resolution = 'cached' | 'fetched' | 'missing';

export class CompactionCatalogCache {
  private readonly known = new Map<TableId, JobId>();

  constructor(private readonly fetch: FetchTable, private readonly hop: Hop = direct, warm: readonly TableCatalog[] = [], private readonly learnsAdds = false) {
    this.replace(warm);
  }

  /** A catalog notification: a Delete evicts; an Add waits for the first compaction to fetch it (the compactor's cache adds it). */
  async apply(event: CatalogEvent): Promise<void> {
    if (event.op === 'delete') this.known.delete(event.table);
    else if (this.learnsAdds) this.known.set(event.table, event.job);
  }

  /** A new subscription's snapshot replaces what the cache knew. */
  replace(entries: readonly TableCatalog[]): void {
    this.known.clear();
    this.install(entries);
  }

  /**
   * Resolves `table`, fetching it from meta on a miss. A fetched entry is not kept yet: the task
   * installs what it fetched when it completes (a failed task leaves the cache as it was).
   */
  async resolve(table: TableId): Promise<{ resolution: Resolution; entry?: TableCatalog }> {
    const hit = this.known.get(table);
    if (hit !== undefined) return { resolution: 'cached', entry: { table, job: hit } };
    const fetched = await this.hop(`fetch table ${table}`, () => this.fetch(table));
    return fetched ? { resolution: 'fetched', entry: fetched } : { resolution: 'missing' };
  }

  install(entries: readonly TableCatalog[]): void {
    for (const e of entries) this.known.set(e.table, e.job);
  }

  has(table: TableId): boolean { return this.known.has(table); }
  tables(): TableId[] { return [...this.known.keys()]; }
}
