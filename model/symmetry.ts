// Sinks are interchangeable: they differ only by name, and every action and invariant treats
// them alike. A state's symmetric images rename sink si (and its table ti) to sπ(i) (and tπ(i)),
// so the checker keeps one state per class. Imms are kept sorted by epoch then table, so an
// image is re-sorted exactly as the model would hold it; reasons name sink and table, so they are
// renamed too.
import type { SymmetryIds } from '../checker/model.ts';
import type { Value } from '../checker/value.ts';
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
    ...(s.compactor === undefined ? {} : {
      compactor: {
        cache: s.compactor.cache.map(table),
        notifications: s.compactor.notifications.map((n) => ({ ...n, table: table(n.table) })),
        uploaded: s.compactor.uploaded.map((sst) => sst.map(table)),
        l0: s.compactor.l0.map(table),
        failed: s.compactor.failed.map(table),
      },
    }),
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

/** Names of sinks and tables in a text, all alike: what is left does not depend on the names. */
const anonymous = (text: string): string => text.replace(/\b([st])(\d+)\b/g, '$1#');

/**
 * The same symmetry as ids the engine can sort: sink number i (s{i+1}, with table t{i+1}) is
 * described by everything the state says about it and its table, with every name left out, so a
 * renaming carries each sink's signature along (renaming is `renamed`).
 */
export const sinkIdSymmetry: SymmetryIds<DropState, DropConsts> = {
  count: (consts) => consts.sinks,
  signature(s, i): Value {
    const sink = `s${i + 1}`;
    const table = `t${i + 1}`;
    const actor = s.actors[sink];
    return [
      s.drops[sink] ?? false,
      actor ? { ...actor, reason: anonymous(actor.reason) } : false,
      s.catalog.has(table), s.tombstones.has(table), s.registered.has(table), s.cache.has(table),
      s.memtable.get(table) ?? -1, s.synced.get(table) ?? -1, s.discarded.get(table) ?? -1,
      // Imms are sorted by epoch then table name: their positions depend on names, their epochs do not.
      s.imms.flatMap((imm) => (imm.table === table ? [[imm.epoch, imm.value]] : [])),
      s.notifications.flatMap((n, k) => (n.table === table ? [[k, n.op]] : [])),
      ...(s.compactor === undefined ? [] : [[
        s.compactor.cache.has(table), s.compactor.l0.has(table), s.compactor.failed.has(table),
        [...s.compactor.uploaded].flatMap(([epoch, sst]) => (sst.has(table) ? [epoch] : [])).sort((a, b) => a - b),
        s.compactor.notifications.flatMap((n, k) => (n.table === table ? [[k, n.op]] : [])),
      ]]),
    ];
  },
  rename: (s, perm) => renamed(s, perm),
};
