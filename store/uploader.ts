// The uploader: queues the imms of sealed epochs and, on a sync, compacts them into one SST
// (shared-buffer compaction). Each table is resolved through the compaction-catalog cache;
// an unresolvable table is skipped silently (an error log) or fails the task, by mode.
import type { CompactionMode, Epoch, TableId } from './types.ts';
import { CompactionTaskError } from './types.ts';
import type { Imm, LocalStateStore, Rows, Sst } from './local-state-store.ts';
import type { CompactionCatalogCache } from './compaction-catalog-cache.ts';

/** A test-only fault: `skip-live-table` drops a table from the SST although meta still knows it. */
export type PlantedBug = 'skip-live-table';

export interface UploaderOptions {
  readonly mode: CompactionMode;
  readonly plantedBug?: PlantedBug;
  readonly log?: (line: string) => void;
}

export class Uploader {
  private queue: Imm[] = [];
  /** SSTs uploaded (by a checkpoint sync or a spill) and not yet taken by a commit. */
  private uncommitted: Sst[] = [];
  private nextSstId = 1;

  constructor(private readonly store: LocalStateStore, private readonly cache: CompactionCatalogCache, private readonly options: UploaderOptions) {}

  enqueue(imms: readonly Imm[]): void {
    this.queue.push(...imms);
  }

  /** Imms waiting for upload, oldest first. */
  queued(): readonly Imm[] { return this.queue; }

  /**
   * Compacts every queued imm of an epoch up to `epoch` into one SST that replaces them in the
   * read version. Returns the SST (undefined when there was nothing to upload). In fail-task mode
   * an unresolvable table throws CompactionTaskError and leaves the queue as it was.
   */
  async sync(epoch: Epoch): Promise<Sst | undefined> {
    const inputs = this.queue.filter((i) => i.epoch <= epoch);
    if (inputs.length === 0) return undefined;
    const tableIds = [...new Set(inputs.map((i) => i.table))].sort((a, b) => a - b);
    // Resolved concurrently, as the real compactor does: the scheduler orders the fetches.
    const resolved = await Promise.all(tableIds.map(async (t) => [t, await this.resolve(t)] as const));
    const kept = new Map<TableId, Map<string, string>>();
    for (const [table, ok] of resolved) {
      if (!ok) {
        if (this.options.mode === 'fail-task') throw new CompactionTaskError(table);
        this.options.log?.(`shared_buffer_compact: can not find table TableId { table_id: ${table} }, it may be removed by meta-service`);
        continue;
      }
      const rows = new Map<string, string>();
      for (const imm of inputs) if (imm.table === table) for (const [k, v] of imm.rows) rows.set(k, v);
      kept.set(table, rows);
    }
    const sst: Sst = { id: this.nextSstId++, epoch: Math.max(...inputs.map((i) => i.epoch)), tables: kept as ReadonlyMap<TableId, Rows> };
    this.queue = this.queue.filter((i) => !inputs.includes(i));
    this.store.replaceImms(inputs, sst);
    this.uncommitted.push(sst);
    return sst;
  }

  /** The uploaded SSTs of epochs up to `epoch`, handed over to commit. */
  takeUploaded(epoch: Epoch): Sst[] {
    const taken = this.uncommitted.filter((s) => s.epoch <= epoch);
    this.uncommitted = this.uncommitted.filter((s) => s.epoch > epoch);
    return taken;
  }

  private async resolve(table: TableId): Promise<boolean> {
    const wasCached = this.cache.has(table);
    const job = await this.cache.resolve(table);
    if (this.options.plantedBug === 'skip-live-table' && !wasCached) return false;
    return job !== undefined;
  }
}
