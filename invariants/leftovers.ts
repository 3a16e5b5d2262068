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
    s.compactor?.cache.has(t) === true && "an entry in the compactor's cache",
    (s.memtable.has(t) || s.imms.some((i) => i.table === t)) && 'unsynced data',
  ].filter((x): x is string => x !== false);
}

/** Whether a notification about `t` is still on its way to the compute node or the compactor. */
export const notificationPending = (s: DropState, t: TableId): boolean =>
  s.notifications.some((n) => n.table === t) || s.compactor?.notifications.some((n) => n.table === t) === true;
