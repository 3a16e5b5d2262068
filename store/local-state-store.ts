// The compute node's local state store (Hummock's shared buffer): per table a mutable memtable;
// sealing an epoch turns each memtable into an immutable memtable (imm) tagged with the epoch,
// kept in the read version and queued for upload. An uploaded SST replaces its input imms in the
// read version, so whatever compaction left out of the SST is gone from every later read.
import type { Epoch, TableId } from './types.ts';

export type Rows = ReadonlyMap<string, string>;

export interface Imm {
  readonly id: number;
  readonly epoch: Epoch;
  readonly table: TableId;
  readonly rows: Rows;
}

/** An SST built by the uploader from some imms: the rows of every table it kept. */
export interface Sst {
  readonly id: number;
  /** The newest epoch among its input imms. */
  readonly epoch: Epoch;
  readonly tables: ReadonlyMap<TableId, Rows>;
}

/** What meta records of a committed SST. */
export interface SstSummary {
  readonly id: number;
  readonly epoch: Epoch;
  readonly tables: readonly TableId[];
}

export class LocalStateStore {
  private readonly memtables = new Map<TableId, Map<string, string>>();
  // The read version, newest data last. Its order is by epoch, not by arrival: actors flush
  // independently, so an imm of an older epoch can arrive after one of a newer epoch, and a sync
  // takes every imm up to its epoch, so its SST lies below every imm left.
  /** Imms not yet uploaded, by epoch (ties: in flush order). */
  private immList: Imm[] = [];
  /** Uploaded SSTs, in upload order (which is epoch order). */
  private sstList: Sst[] = [];
  private nextImmId = 1;

  insert(table: TableId, key: string, value: string): void {
    let m = this.memtables.get(table);
    if (!m) this.memtables.set(table, (m = new Map()));
    m.set(key, value);
  }

  /** The newest value of `key`: memtable, then the imms newest epoch first, then the SSTs newest first. */
  async get(table: TableId, key: string): Promise<string | undefined> {
    const own = this.memtables.get(table)?.get(key);
    if (own !== undefined) return own;
    for (let i = this.immList.length - 1; i >= 0; i--) {
      const imm = this.immList[i]!;
      const v = imm.table === table ? imm.rows.get(key) : undefined;
      if (v !== undefined) return v;
    }
    for (let i = this.sstList.length - 1; i >= 0; i--) {
      const v = this.sstList[i]!.tables.get(table)?.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Flushes `table`'s memtable into an imm of `epoch` (undefined when it holds nothing). */
  flush(table: TableId, epoch: Epoch): Imm | undefined {
    const rows = this.memtables.get(table);
    if (!rows || rows.size === 0) return undefined;
    const imm: Imm = { id: this.nextImmId++, epoch, table, rows: new Map(rows) };
    this.memtables.delete(table);
    const at = this.immList.findIndex((i) => i.epoch > epoch);
    this.immList.splice(at === -1 ? this.immList.length : at, 0, imm);
    return imm;
  }

  /** A torn-down job's uncommitted writes are thrown away: its memtable and its imms. */
  discardUnsynced(table: TableId): void {
    this.memtables.delete(table);
    this.immList = this.immList.filter((i) => i.table !== table);
  }

  /** A recovery drops every uncommitted write of the node: all memtables and imms. Uploaded SSTs stay readable. */
  discardAllUnsynced(): void {
    this.memtables.clear();
    this.immList = [];
  }

  /** The uploader's SST replaces its input imms in the read version. */
  replaceImms(inputs: readonly Imm[], sst: Sst): void {
    const ids = new Set(inputs.map((i) => i.id));
    this.immList = this.immList.filter((i) => !ids.has(i.id));
    this.sstList.push(sst);
  }

  // ---- observation ----

  memtable(table: TableId): Rows { return this.memtables.get(table) ?? new Map(); }
  hasUnflushed(table: TableId): boolean { return (this.memtables.get(table)?.size ?? 0) > 0; }
  imms(): Imm[] { return [...this.immList]; }
  ssts(): Sst[] { return [...this.sstList]; }
}
