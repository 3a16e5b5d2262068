import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinksOf } from '../model/state.ts';

export const noRowNotFound: InvariantSpec<DropState, DropConsts> = {
  name: 'NoRowNotFound',
  description: 'no backfill actor fails because its own progress row is missing',
  check: (s) => {
    for (const sink of sinksOf(s)) {
      const a = s.actors[sink]!;
      if (a.status === 'failed' && a.reason.startsWith('row not found')) return a.reason;
    }
    return undefined;
  },
};
