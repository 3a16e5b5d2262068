// TwoPhase once more, its state in plain arrays copied with slice/filter/concat: the way a
// model written without immutable.js often copies values, and the case where a deep-frozen
// state is slowest (V8's slice on a frozen array is many times slower). The same states as
// examples/two-phase.ts: 288 distinct with 3 RMs, 50,816 with 6.
import { defineModel } from '../../checker/model.ts';

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
type TwoPhaseArrays = {
  /** rmState[i]: the state of RM i + 1. */
  readonly rmState: readonly RmState[];
  readonly tmState: 'init' | 'committed' | 'aborted';
  /** Indices of the RMs the TM knows prepared, ascending. */
  readonly tmPrepared: readonly number[];
  /** Sent messages, sorted: `Prepared:1`, `Commit`, `Abort`. */
  readonly msgs: readonly string[];
};

const withItem = <T>(xs: readonly T[], x: T): readonly T[] => (xs.includes(x) ? xs : xs.concat([x]).sort());
const withRm = (xs: readonly RmState[], i: number, st: RmState): RmState[] => xs.slice(0, i).concat([st], xs.slice(i + 1));
const indices = (xs: readonly RmState[], st?: RmState): number[] => xs.map((x, i) => (st === undefined || x === st ? i : -1)).filter((i) => i >= 0);

export default defineModel<TwoPhaseArrays, { readonly rms: number }>({
  name: 'TwoPhaseArrays',
  description: 'Two-phase commit, with plain arrays copied by slice/filter/concat',
  params: [{ name: 'rms', type: 'int', default: 3, min: 1, max: 12, description: 'number of resource managers (RM)' }],
  init: ({ rms }) => [{ rmState: Array.from({ length: rms }, () => 'working' as RmState), tmState: 'init', tmPrepared: [], msgs: [] }],
  actions: [
    {
      name: 'TMCommit',
      description: 'the TM commits once every RM has sent Prepared',
      successors: (s) => (s.tmState === 'init' && s.tmPrepared.length === s.rmState.length ? [{ state: { ...s, tmState: 'committed', msgs: withItem(s.msgs, 'Commit') } }] : []),
    },
    {
      name: 'TMAbort',
      description: 'the TM spontaneously aborts',
      successors: (s) => (s.tmState === 'init' ? [{ state: { ...s, tmState: 'aborted', msgs: withItem(s.msgs, 'Abort') } }] : []),
    },
    {
      name: 'TMRcvPrepared',
      description: 'the TM receives a Prepared message from an RM',
      params: ['rm'],
      successors: (s) => (s.tmState !== 'init' ? [] : s.msgs.filter((m) => m.startsWith('Prepared:')).map((m) => Number(m.slice(9)))
        .map((rm) => ({ params: { rm }, state: { ...s, tmPrepared: withItem(s.tmPrepared, rm) } }))),
    },
    {
      name: 'RMPrepare',
      description: 'a working RM prepares and sends Prepared',
      params: ['rm'],
      successors: (s) => indices(s.rmState, 'working').map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s.rmState, rm, 'prepared'), msgs: withItem(s.msgs, `Prepared:${rm}`) } })),
    },
    {
      name: 'RMChooseToAbort',
      description: 'a working RM spontaneously aborts',
      params: ['rm'],
      successors: (s) => indices(s.rmState, 'working').map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s.rmState, rm, 'aborted') } })),
    },
    {
      name: 'RMRcvCommitMsg',
      description: 'an RM receives the TM\'s Commit',
      params: ['rm'],
      successors: (s) => (s.msgs.includes('Commit') ? indices(s.rmState).map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s.rmState, rm, 'committed') } })) : []),
    },
    {
      name: 'RMRcvAbortMsg',
      description: 'an RM receives the TM\'s Abort',
      params: ['rm'],
      successors: (s) => (s.msgs.includes('Abort') ? indices(s.rmState).map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s.rmState, rm, 'aborted') } })) : []),
    },
  ],
  invariants: [
    {
      name: 'TCConsistent',
      description: 'no RM has aborted while another has committed',
      check: (s) => (s.rmState.includes('aborted') && s.rmState.includes('committed') ? 'an RM aborted while another committed' : undefined),
    },
  ],
});
