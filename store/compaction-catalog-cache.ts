// The compute node's compaction-catalog cache: the tables shared-buffer compaction can resolve.
// Filled on demand: a miss fetches the table from meta; a Delete notification evicts. A table the
// node never compacted is therefore unknown to it (step 1 of #20953). What the fetch answers for a dropped table is the heart of #20953.
import type { CatalogEvent, Hop, JobId, TableId } from './types.ts';
import { direct } from './types.ts';
import type { TableCatalog } from './meta-service.ts';

export type FetchTable = (table: TableId) => Promise<TableCatalog | undefined>;

export class CompactionCatalogCache {
  private readonly known = new Map<TableId, JobId>();

  constructor(private readonly fetch: FetchTable, private readonly hop: Hop = direct) {}

  /** A catalog notification: a Delete evicts; an Add waits for the first compaction to be fetched. */
  async apply(event: CatalogEvent): Promise<void> {
    if (event.op === 'delete') this.known.delete(event.table);
  }

  /** Resolves `table`, fetching it from meta on a miss; undefined when meta does not know it either. */
  async resolve(table: TableId): Promise<JobId | undefined> {
    const hit = this.known.get(table);
    if (hit !== undefined) return hit;
    const fetched = await this.hop(`fetch table ${table}`, () => this.fetch(table));
    if (fetched) this.known.set(table, fetched.job);
    return fetched?.job;
  }

  /** Whether `table` is cached (no fetch). */
  has(table: TableId): boolean { return this.known.has(table); }
  tables(): TableId[] { return [...this.known.keys()]; }

  /** Forgets `table` without a notification (an eviction; RisingWave's cache is bounded). */
  evict(table: TableId): void { this.known.delete(table); }
}
