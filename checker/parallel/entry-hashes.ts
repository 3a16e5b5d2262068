// The entry hashes of the states a chunk expands, remembered by their bytes. Before its actions
// run, a state's variables are hashed (the incremental fingerprints of its successors start from
// them), and a level's states repeat the same variable values over and over: a variable whose
// bytes (name and value) were met before under the same string dictionary has the entry hash
// found then. Bytes equal under one dictionary decode to equal values, so the hash is the same.
import type { Value } from '../value.ts';
import type { StateEntries } from '../encoding/value-codec.ts';
import { BytesTable } from '../encoding/bytes-table.ts';
import { T_ARRAY, T_NULL_PROTO, T_OBJECT, T_RECORD } from '../encoding/tags.ts';
import { captureEntries, captureEntriesKnowing, capturedEntries } from '../fingerprint.ts';

/** Per variable being captured: its entry is known (1), not in the table (MISSING), or hashed without a look-up (HASHED). */
const MISSING = 0, HASHED = 2;

/**
 * Whether a value with this tag is looked up by its bytes: plain objects, arrays and Records. A
 * primitive hashes as fast as its bytes would, and an immutable collection of primitives was
 * hashed once when it was decoded (value-codec.ts shares it).
 */
const lookedUp = (tag: number): boolean => tag === T_OBJECT || tag === T_ARRAY || tag === T_NULL_PROTO || tag === T_RECORD;

export class EntryHashes {
  private readonly table = new BytesTable();
  private strings: readonly string[] | undefined;
  /** Per entry of the table: its hash lanes and modifiable flag. */
  private a = new Int32Array(1 << 10);
  private b = new Int32Array(1 << 10);
  private f = new Uint8Array(1 << 10);
  /** Per variable of the state being captured. */
  private known = new Uint8Array(64);
  private knownA = new Int32Array(64);
  private knownB = new Int32Array(64);
  private knownF = new Uint8Array(64);

  /**
   * Captures the entries of `s` (see `captureEntries`), decoded with `entries` from bytes whose
   * strings are `strings`, hashing only the variables whose bytes were not met before.
   */
  capture(s: Value, entries: StateEntries, strings: readonly string[]): void {
    if (strings !== this.strings) {
      this.strings = strings;
      this.table.clear();
    }
    const n = entries.count;
    if (n < 0) { captureEntries(s); return; } // not decoded as a plain object: no entries to know
    if (n > this.known.length) this.growVariables(n);
    const { bytes, entryStarts, valueStarts } = entries;
    let missing = 0;
    for (let i = 0; i < n; i++) {
      if (!lookedUp(bytes[valueStarts[i]!]!)) { this.known[i] = HASHED; continue; }
      const e = this.table.indexOf(bytes, entryStarts[i]!, entryStarts[i + 1]!);
      if (e < 0) { this.known[i] = MISSING; missing++; continue; }
      this.known[i] = 1;
      this.knownA[i] = this.a[e]!;
      this.knownB[i] = this.b[e]!;
      this.knownF[i] = this.f[e]!;
    }
    captureEntriesKnowing(s, this.known, this.knownA, this.knownB, this.knownF);
    if (missing === 0) return;
    capturedEntries(this.knownA, this.knownB, this.knownF);
    for (let i = 0; i < n; i++) {
      if (this.known[i] !== MISSING) continue;
      const e = this.table.add(bytes, entryStarts[i]!, entryStarts[i + 1]!);
      if (e >= this.a.length) this.growEntries(e);
      this.a[e] = this.knownA[i]!;
      this.b[e] = this.knownB[i]!;
      this.f[e] = this.knownF[i]!;
    }
  }

  private growVariables(n: number): void {
    this.known = new Uint8Array(2 * n);
    this.knownA = new Int32Array(2 * n);
    this.knownB = new Int32Array(2 * n);
    this.knownF = new Uint8Array(2 * n);
  }

  private growEntries(e: number): void {
    const n = 2 * e + 16;
    const a = new Int32Array(n), b = new Int32Array(n), f = new Uint8Array(n);
    a.set(this.a); b.set(this.b); f.set(this.f);
    this.a = a; this.b = b; this.f = f;
  }
}
