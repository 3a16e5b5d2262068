// TCommit, after tlaplus/Examples (specifications/transaction_commit/TCommit.tla): the
// specification of transaction commit that two-phase commit implements.
// TLC with RM = {r1, r2, r3}: 34 distinct states, 94 generated, depth 7 (CHECK_DEADLOCK FALSE).
import { Map as IMap } from 'immutable';
import { defineModel } from '../checker/model.ts';

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
type TCommit = { readonly rmState: IMap<string, RmState> };
type Consts = { readonly rms: number };

const rmNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${i + 1}`);

export default defineModel<TCommit, Consts>({
  name: 'TCommit',
  description: 'Transaction commit: resource managers all commit or all abort',
  params: [{ name: 'rms', type: 'int', default: 3, min: 1, max: 12, description: 'number of resource managers (RM)' }],
  checkDeadlock: false,
  init: ({ rms }) => [{ rmState: IMap(rmNames(rms).map((r) => [r, 'working' as RmState])) }],
  actions: [
    {
      name: 'Prepare',
      description: 'a working resource manager prepares',
      params: ['rm'],
      *successors(s) {
        for (const [rm, st] of s.rmState) if (st === 'working') yield { params: { rm }, state: { rmState: s.rmState.set(rm, 'prepared') } };
      },
    },
    {
      name: 'Decide',
      description: 'a resource manager commits (all prepared) or aborts (none committed)',
      params: ['rm'],
      *successors(s) {
        const canCommit = s.rmState.every((st) => st === 'prepared' || st === 'committed');
        const notCommitted = s.rmState.every((st) => st !== 'committed');
        for (const [rm, st] of s.rmState) {
          if (st === 'prepared' && canCommit) yield { params: { rm }, state: { rmState: s.rmState.set(rm, 'committed') } };
          if ((st === 'working' || st === 'prepared') && notCommitted) yield { params: { rm }, state: { rmState: s.rmState.set(rm, 'aborted') } };
        }
      },
    },
  ],
  invariants: [
    {
      name: 'TCTypeOK',
      description: 'every resource manager is working, prepared, committed or aborted',
      check: (s) => {
        const bad = s.rmState.findEntry((st) => !['working', 'prepared', 'committed', 'aborted'].includes(st));
        return bad ? `${bad[0]} is in state ${bad[1]}` : undefined;
      },
    },
    {
      name: 'TCConsistent',
      description: 'no resource manager has aborted while another has committed',
      check: (s) => {
        const aborted = s.rmState.findKey((st) => st === 'aborted');
        const committed = s.rmState.findKey((st) => st === 'committed');
        return aborted && committed ? `${aborted} aborted while ${committed} committed` : undefined;
      },
    },
  ],
});
