// Sinks are interchangeable: they differ only by name, and every action and invariant treats
// them alike. A state's symmetric images rename sink si (and its table ti) to sπ(i) (and tπ(i)),
// so the checker keeps one state per class. Imms are kept sorted by epoch then table, so an
// image is re-sorted exactly as the model would hold it; reasons name sink and table, so they are
// renamed too.
import { insertImm } from './storage.ts';
import { sinkIds, type DropState, type TableId } from './state.ts';
import type { DropConsts } from './params.ts';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

/** Renames the ids in `s`: sink and table number k becomes number `perm[k - 1] + 1`. */
function renamed(s: DropState, perm: readonly number[]): DropState {
  const id = (x: string): string => `${x[0]}${perm[Number(x.slice(1)) - 1]! + 1}`;
  const text = (x: string): string => x.replace(/\b([st])(\d+)\b/g, (m) => id(m));
  const table = (t: TableId): TableId => id(t);
  const keys = <V>(o: { readonly [k: string]: V }, f: (v: V) => V = (v) => v) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [id(k), f(v)]));
  return {
    ...s,
    catalog: s.catalog.map(table),
    tombstones: s.tombstones.map(table),
    registered: s.registered.map(table),
    drops: keys(s.drops),
    actors: keys(s.actors, (a) => (a.reason === '' ? a : { ...a, reason: text(a.reason) })),
    memtable: s.memtable.mapKeys(table),
    imms: s.imms.reduce((acc, imm) => insertImm(acc, { ...imm, table: table(imm.table) }), [] as DropState['imms']),
    synced: s.synced.mapKeys(table),
    cache: s.cache.map(table),
    notifications: s.notifications.map((n) => ({ ...n, table: table(n.table) })),
    discarded: s.discarded.mapKeys(table),
  };
}

/** Every other renaming of the sinks of `s` (none with one sink). */
export function* sinkSymmetry(s: DropState, consts: DropConsts): Iterable<DropState> {
  if (sinkIds(consts.sinks).length < 2) return;
  for (const perm of permutations(consts.sinks)) {
    if (perm.every((p, i) => p === i)) continue;
    yield renamed(s, perm);
  }
}
