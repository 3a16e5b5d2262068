// The uploader: holds the imms of sealed epochs and, on the sync of an epoch, compacts the imms
// of every epoch up to it into one SST that replaces them in the read version (shared-buffer
// compaction). Each table is resolved through the compaction-catalog cache; an unresolvable table
// is skipped silently (an error log, its rows left out) or fails the task, by mode.
import type { CompactionMode, Epoch, TableId } from './types.ts';
import { CompactionTaskError } from './types.ts';
import type { Imm, LocalStateStore, Rows, Sst } from './local-state-store.ts';
import type { CompactionCatalogCache } from './compaction-catalog-cache.ts';
import type { TableCatalog } from './meta-service.ts';

/** A test-only fault: `skip-live-table` drops a table from the SST although meta still knows it. */
export type PlantedBug = 'skip-live-table';

export interface UploaderOptions {
  readonly mode: CompactionMode;
  readonly plantedBug?: PlantedBug;
  readonly log?: (line: string) => void;
}

export class Uploader {
  private queue: Imm[] = [];
  /** SSTs uploaded and not yet taken by a commit. */
  private uncommitted: Sst[] = [];
  private nextSstId = 1;
  private synced: Epoch = 0;
  /** The epoch whose sync task failed last (fail-task mode), 0 once one succeeds. */
  private failedEpoch: Epoch = 0;
  /** Tables whose rows a sync left out, with the epoch of the first such sync (the error log, as data). */
  private readonly skipped = new Map<TableId, Epoch>();

  constructor(private readonly store: LocalStateStore, private readonly cache: CompactionCatalogCache, private readonly options: UploaderOptions) {}

  enqueue(imms: readonly Imm[]): void {
    this.queue.push(...imms);
  }

  /**
   * Compacts every queued imm of an epoch up to `epoch` into one SST that replaces them in the
   * read version. In fail-task mode an unresolvable table throws CompactionTaskError and leaves
   * everything but the record of the failure as it was.
   */
  async sync(epoch: Epoch): Promise<Sst> {
    const inputs = this.queue.filter((i) => i.epoch <= epoch);
    const tableIds = [...new Set(inputs.map((i) => i.table))].sort((a, b) => a - b);
    // Resolved concurrently, as the real compactor does: a test scheduler orders the fetches.
    const resolved = await Promise.all(tableIds.map(async (t) => [t, await this.resolve(t)] as const));
    const missing = resolved.filter(([, r]) => r.resolution === 'missing').map(([t]) => t);
    if (missing.length > 0 && this.options.mode === 'fail-task') {
      this.failedEpoch = epoch;
      throw new CompactionTaskError(missing[0]!);
    }
    const kept = new Map<TableId, Map<string, string>>();
    for (const [table, r] of resolved) {
      if (r.resolution === 'missing') {
        this.options.log?.(`shared_buffer_compact: can not find table TableId { table_id: ${table} }, it may be removed by meta-service`);
        if (!this.skipped.has(table)) this.skipped.set(table, epoch);
        continue;
      }
      const rows = new Map<string, string>();
      for (const imm of inputs) if (imm.table === table) for (const [k, v] of imm.rows) rows.set(k, v);
      kept.set(table, rows);
    }
    this.cache.install(resolved.filter(([, r]) => r.resolution === 'fetched').map(([, r]) => r.entry as TableCatalog));
    const sst: Sst = { id: this.nextSstId++, epoch, tables: kept as ReadonlyMap<TableId, Rows> };
    this.queue = this.queue.filter((i) => !inputs.includes(i));
    this.store.replaceImms(inputs, sst);
    this.uncommitted.push(sst);
    this.synced = epoch;
    this.failedEpoch = 0;
    return sst;
  }

  /** Forgets the queued imms of a torn-down job's table (they are discarded from the read version too). */
  discard(table: TableId): void {
    this.queue = this.queue.filter((i) => i.table !== table);
  }

  /** A recovery resets the uploader to the committed epoch: queued imms and uploads not committed are abandoned. */
  resetTo(committed: Epoch): void {
    this.queue = [];
    this.uncommitted = [];
    this.synced = committed;
    this.failedEpoch = 0;
  }

  /** The uploaded SSTs of epochs up to `epoch`, handed over to commit. */
  takeUploaded(epoch: Epoch): Sst[] {
    const taken = this.uncommitted.filter((s) => s.epoch <= epoch);
    this.uncommitted = this.uncommitted.filter((s) => s.epoch > epoch);
    return taken;
  }

  private async resolve(table: TableId): Promise<{ resolution: 'cached' | 'fetched' | 'missing'; entry?: TableCatalog }> {
    const r = await this.cache.resolve(table);
    // The planted fault: a table resolved by an on-demand fetch (live in meta) is treated as gone.
    if (this.options.plantedBug === 'skip-live-table' && r.resolution === 'fetched') return { resolution: 'missing' };
    return r;
  }

  queued(): readonly Imm[] { return this.queue; }
  /** SSTs uploaded and waiting for their epoch's commit. */
  uploadedSsts(): readonly Sst[] { return this.uncommitted; }
  syncedEpoch(): Epoch { return this.synced; }
  failedSync(): Epoch { return this.failedEpoch; }
  skippedTables(): ReadonlyMap<TableId, Epoch> { return this.skipped; }
}
