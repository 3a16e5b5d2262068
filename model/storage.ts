// Reads of the compute node's local state store and what meta answers to an on-demand fetch.
import type { Set as ISet } from 'immutable';
import type { DropState, Imm, TableId } from './state.ts';
import type { DropConsts } from './params.ts';

/**
 * `get_row` of a progress table: the memtable, then the newest imm, then the synced SSTs.
 * Undefined when no layer holds the row (`row not found`).
 */
export function readRow(s: DropState, table: TableId): number | undefined {
  const inMemtable = s.memtable.get(table);
  if (inMemtable !== undefined) return inMemtable;
  let newest: Imm | undefined;
  for (const imm of s.imms) if (imm.table === table && (newest === undefined || imm.epoch > newest.epoch)) newest = imm;
  return newest !== undefined ? newest.value : s.synced.get(table);
}

/** Imms kept sorted by epoch, then table: the same contents give the same state. */
export function insertImm(imms: readonly Imm[], imm: Imm): Imm[] {
  const out = [...imms, imm];
  out.sort((a, b) => a.epoch - b.epoch || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  return out;
}

/**
 * The tables meta's on-demand fetch returns to a node whose cache missed: the catalog, plus the
 * tombstones since #21017 (before it the fetch did not see `dropped_tables`).
 */
export function fetchableTables(s: DropState, consts: Pick<DropConsts, 'drop'>): ISet<TableId> {
  return consts.drop === 'tombstone-fetch' ? s.catalog.union(s.tombstones) : s.catalog;
}
