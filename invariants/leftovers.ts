// What of a table is still around after its teardown: the duties of protocol-history.md's cleanup,
// each as the phrase a violation names.
import type { DropState, TableId } from '../model/state.ts';

/** Everything left of `t`, in a fixed order; empty once the teardown has cleaned it all up. */
export function leftovers(s: DropState, t: TableId): string[] {
  return [
    s.catalog.has(t) && 'a catalog entry',
    s.tombstones.has(t) && 'a tombstone',
    s.registered.has(t) && 'a storage-version registration',
    s.cache.has(t) && 'a cached entry',
    (s.memtable.has(t) || s.imms.some((i) => i.table === t)) && 'unsynced data',
  ].filter((x): x is string => x !== false);
}
