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
  /** The read version: imms and SSTs, oldest first. */
  private readVersion: (Imm | Sst)[] = [];
  private nextImmId = 1;

  insert(table: TableId, key: string, value: string): void {
    let m = this.memtables.get(table);
    if (!m) this.memtables.set(table, (m = new Map()));
    m.set(key, value);
  }

  /** The newest value of `key`: memtable, then the read version newest first. */
  async get(table: TableId, key: string): Promise<string | undefined> {
    const own = this.memtables.get(table)?.get(key);
    if (own !== undefined) return own;
    for (let i = this.readVersion.length - 1; i >= 0; i--) {
      const entry = this.readVersion[i]!;
      const rows = 'table' in entry ? (entry.table === table ? entry.rows : undefined) : entry.tables.get(table);
      const v = rows?.get(key);
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
    this.readVersion.push(imm);
    return imm;
  }

  /** The uploader's SST takes the place of its input imms (at the position of the newest one). */
  replaceImms(inputs: readonly Imm[], sst: Sst): void {
    const ids = new Set(inputs.map((i) => i.id));
    let at = -1;
    this.readVersion.forEach((e, i) => { if ('table' in e && ids.has(e.id)) at = i; });
    const next: (Imm | Sst)[] = [];
    this.readVersion.forEach((e, i) => {
      if (!('table' in e && ids.has(e.id))) next.push(e);
      if (i === at) next.push(sst);
    });
    this.readVersion = next;
  }

  // ---- observation ----

  memtable(table: TableId): Rows { return this.memtables.get(table) ?? new Map(); }
  hasUnflushed(table: TableId): boolean { return (this.memtables.get(table)?.size ?? 0) > 0; }
  imms(): Imm[] { return this.readVersion.filter((e): e is Imm => 'table' in e); }
  ssts(): Sst[] { return this.readVersion.filter((e): e is Sst => !('table' in e)); }
}
