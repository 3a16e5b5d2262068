import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinksOf, tableOf } from '../model/state.ts';
import { readRow } from '../model/storage.ts';

/** A running actor's table is not dropped yet (the drop stops the actor first in every variant). */
export const liveTablesDurable: InvariantSpec<DropState, DropConsts> = {
  name: 'LiveTablesDurable',
  description: 'every row a live actor wrote and flushed stays readable until its table is dropped',
  check: (s) => {
    for (const sink of sinksOf(s)) {
      const a = s.actors[sink]!;
      const table = tableOf(sink);
      if (a.status !== 'running' || !a.hasRow || s.memtable.has(table)) continue;
      const read = readRow(s, table);
      if (read !== a.pos) return `sink ${sink} flushed progress ${a.pos} to table ${table} at epoch ${a.epoch}, but a read now finds ${read === undefined ? 'no row' : `progress ${read}`}`;
    }
    return undefined;
  },
};
