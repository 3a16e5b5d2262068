// TwoPhase, after tlaplus/Examples (specifications/transaction_commit/TwoPhase.tla): two-phase
// commit with a transaction manager (TM) and resource managers (RMs) exchanging messages.
// TLC with 3 RMs: 288 distinct states, 1,146 generated, depth 11; with 7 RMs: 296,448 distinct,
// 2,744,706 generated, depth 23.
import { Map as IMap, Set as ISet } from 'immutable';
import { defineModel } from '../checker/model.ts';

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
type TmState = 'init' | 'committed' | 'aborted';
/** Messages are strings: `Prepared:r1`, `Commit`, `Abort` (TLA+ records [type, rm] flattened). */
type Message = string;
type TwoPhase = {
  readonly rmState: IMap<string, RmState>;
  readonly tmState: TmState;
  readonly tmPrepared: ISet<string>;
  readonly msgs: ISet<Message>;
};
type Consts = { readonly rms: number };

const rmNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${i + 1}`);
const prepared = (rm: string): Message => `Prepared:${rm}`;

export default defineModel<TwoPhase, Consts>({
  name: 'TwoPhase',
  description: 'Two-phase commit: a transaction manager collects Prepared messages, then commits or aborts',
  params: [{ name: 'rms', type: 'int', default: 3, min: 1, max: 12, description: 'number of resource managers (RM)' }],
  init: ({ rms }) => [{
    rmState: IMap(rmNames(rms).map((r) => [r, 'working' as RmState])),
    tmState: 'init',
    tmPrepared: ISet(),
    msgs: ISet(),
  }],
  actions: [
    {
      name: 'TMCommit',
      description: 'the TM commits once every RM has sent Prepared',
      successors: (s) => (s.tmState === 'init' && s.tmPrepared.size === s.rmState.size
        ? [{ state: { ...s, tmState: 'committed', msgs: s.msgs.add('Commit') } }] : []),
    },
    {
      name: 'TMAbort',
      description: 'the TM spontaneously aborts',
      successors: (s) => (s.tmState === 'init' ? [{ state: { ...s, tmState: 'aborted', msgs: s.msgs.add('Abort') } }] : []),
    },
    {
      name: 'TMRcvPrepared',
      description: 'the TM receives a Prepared message from an RM',
      params: ['rm'],
      *successors(s) {
        if (s.tmState !== 'init') return;
        for (const rm of s.rmState.keys()) if (s.msgs.has(prepared(rm))) yield { params: { rm }, state: { ...s, tmPrepared: s.tmPrepared.add(rm) } };
      },
    },
    {
      name: 'RMPrepare',
      description: 'a working RM prepares and sends Prepared',
      params: ['rm'],
      *successors(s) {
        for (const [rm, st] of s.rmState) if (st === 'working') yield { params: { rm }, state: { ...s, rmState: s.rmState.set(rm, 'prepared'), msgs: s.msgs.add(prepared(rm)) } };
      },
    },
    {
      name: 'RMChooseToAbort',
      description: 'a working RM spontaneously aborts',
      params: ['rm'],
      *successors(s) {
        for (const [rm, st] of s.rmState) if (st === 'working') yield { params: { rm }, state: { ...s, rmState: s.rmState.set(rm, 'aborted') } };
      },
    },
    {
      name: 'RMRcvCommitMsg',
      description: 'an RM receives the TM\'s Commit',
      params: ['rm'],
      *successors(s) {
        if (!s.msgs.has('Commit')) return;
        for (const rm of s.rmState.keys()) yield { params: { rm }, state: { ...s, rmState: s.rmState.set(rm, 'committed') } };
      },
    },
    {
      name: 'RMRcvAbortMsg',
      description: 'an RM receives the TM\'s Abort',
      params: ['rm'],
      *successors(s) {
        if (!s.msgs.has('Abort')) return;
        for (const rm of s.rmState.keys()) yield { params: { rm }, state: { ...s, rmState: s.rmState.set(rm, 'aborted') } };
      },
    },
  ],
  invariants: [
    {
      name: 'TPTypeOK',
      description: 'every variable holds a value of its type',
      check: (s) => {
        const rm = s.rmState.findEntry((st) => !['working', 'prepared', 'committed', 'aborted'].includes(st));
        if (rm) return `${rm[0]} is in state ${rm[1]}`;
        if (!['init', 'committed', 'aborted'].includes(s.tmState)) return `the TM is in state ${s.tmState}`;
        const stranger = s.tmPrepared.find((r) => !s.rmState.has(r));
        if (stranger !== undefined) return `tmPrepared holds ${stranger}, not an RM`;
        const msg = s.msgs.find((m) => m !== 'Commit' && m !== 'Abort' && !(m.startsWith('Prepared:') && s.rmState.has(m.slice(9))));
        return msg === undefined ? undefined : `msgs holds ${msg}, not a message`;
      },
    },
    {
      name: 'TCConsistent',
      description: 'no RM has aborted while another has committed (two-phase commit implements TCommit)',
      check: (s) => {
        const aborted = s.rmState.findKey((st) => st === 'aborted');
        const committed = s.rmState.findKey((st) => st === 'committed');
        return aborted && committed ? `${aborted} aborted while ${committed} committed` : undefined;
      },
    },
  ],
});
