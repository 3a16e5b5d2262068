// TwoPhase again, written with frozen plain data instead of immutable.js collections: the same
// states (288 distinct with 3 RMs, 296,448 with 7), to measure what the representation costs.
// A set of RMs is a record from RM to true; a message set is a record keyed by message name.
import { defineModel } from '../checker/model.ts';

type RmState = 'working' | 'prepared' | 'committed' | 'aborted';
type TmState = 'init' | 'committed' | 'aborted';
type Flags = { readonly [name: string]: true };
type TwoPhase = {
  readonly rmState: { readonly [rm: string]: RmState };
  readonly tmState: TmState;
  readonly tmPrepared: Flags;
  /** Sent messages: `Prepared:r1`, `Commit`, `Abort`. */
  readonly msgs: Flags;
};
type Consts = { readonly rms: number };

const rmNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `r${i + 1}`);
const preparedMsg: Record<string, string> = Object.fromEntries(rmNames(12).map((r) => [r, `Prepared:${r}`]));
const withFlag = (flags: Flags, name: string): Flags => (flags[name] ? flags : { ...flags, [name]: true });
const withRm = (s: TwoPhase, rm: string, st: RmState) => ({ ...s.rmState, [rm]: st });

export default defineModel<TwoPhase, Consts>({
  name: 'TwoPhasePlain',
  description: 'Two-phase commit, with frozen plain data for its state',
  params: [{ name: 'rms', type: 'int', default: 3, min: 1, max: 12, description: 'number of resource managers (RM)' }],
  init: ({ rms }) => [{
    rmState: Object.fromEntries(rmNames(rms).map((r) => [r, 'working' as RmState])),
    tmState: 'init',
    tmPrepared: {},
    msgs: {},
  }],
  actions: [
    {
      name: 'TMCommit',
      description: 'the TM commits once every RM has sent Prepared',
      successors: (s, { rms }) => (s.tmState === 'init' && Object.keys(s.tmPrepared).length === rms
        ? [{ state: { ...s, tmState: 'committed', msgs: withFlag(s.msgs, 'Commit') } }] : []),
    },
    {
      name: 'TMAbort',
      description: 'the TM spontaneously aborts',
      successors: (s) => (s.tmState === 'init' ? [{ state: { ...s, tmState: 'aborted', msgs: withFlag(s.msgs, 'Abort') } }] : []),
    },
    {
      name: 'TMRcvPrepared',
      description: 'the TM receives a Prepared message from an RM',
      params: ['rm'],
      successors: (s) => {
        if (s.tmState !== 'init') return [];
        return Object.keys(s.rmState).filter((rm) => s.msgs[preparedMsg[rm]!]).map((rm) => ({ params: { rm }, state: { ...s, tmPrepared: withFlag(s.tmPrepared, rm) } }));
      },
    },
    {
      name: 'RMPrepare',
      description: 'a working RM prepares and sends Prepared',
      params: ['rm'],
      successors: (s) => Object.keys(s.rmState).filter((rm) => s.rmState[rm] === 'working')
        .map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s, rm, 'prepared'), msgs: withFlag(s.msgs, preparedMsg[rm]!) } })),
    },
    {
      name: 'RMChooseToAbort',
      description: 'a working RM spontaneously aborts',
      params: ['rm'],
      successors: (s) => Object.keys(s.rmState).filter((rm) => s.rmState[rm] === 'working')
        .map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s, rm, 'aborted') } })),
    },
    {
      name: 'RMRcvCommitMsg',
      description: 'an RM receives the TM\'s Commit',
      params: ['rm'],
      successors: (s) => (s.msgs.Commit ? Object.keys(s.rmState).map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s, rm, 'committed') } })) : []),
    },
    {
      name: 'RMRcvAbortMsg',
      description: 'an RM receives the TM\'s Abort',
      params: ['rm'],
      successors: (s) => (s.msgs.Abort ? Object.keys(s.rmState).map((rm) => ({ params: { rm }, state: { ...s, rmState: withRm(s, rm, 'aborted') } })) : []),
    },
  ],
  invariants: [
    {
      name: 'TCConsistent',
      description: 'no RM has aborted while another has committed',
      check: (s) => {
        const states = Object.values(s.rmState);
        return states.includes('aborted') && states.includes('committed') ? 'an RM aborted while another committed' : undefined;
      },
    },
  ],
});
