import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { defineModel } from '../../checker/model.ts';
import { referenceReachable } from '../support/reference-search.ts';

// N interchangeable processes take a lock in two steps (test, then set), or atomically.
type Pc = 'idle' | 'waiting' | 'critical';
type LockState = { readonly pc: { readonly [proc: string]: Pc }; readonly locked: boolean };

const permutations = <T>(xs: readonly T[]): T[][] =>
  xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));

function lockModel(procs: number, atomic: boolean, symmetric: boolean) {
  const names = Array.from({ length: procs }, (_, i) => `p${i + 1}`);
  const set = (s: LockState, proc: string, pc: Pc, locked: boolean): LockState => ({ pc: { ...s.pc, [proc]: pc }, locked });
  return defineModel<LockState>({
    name: 'Lock',
    description: 'interchangeable processes and a lock',
    params: [],
    checkDeadlock: false,
    init: () => [{ pc: Object.fromEntries(names.map((p) => [p, 'idle' as Pc])), locked: false }],
    actions: [
      { name: 'Test', description: 'see the lock free', params: ['proc'], successors: (s) => (s.locked ? [] : names.filter((p) => s.pc[p] === 'idle').map((proc) => ({ params: { proc }, state: atomic ? set(s, proc, 'critical', true) : set(s, proc, 'waiting', s.locked) }))) },
      { name: 'Set', description: 'take the lock', params: ['proc'], successors: (s) => names.filter((p) => s.pc[p] === 'waiting').map((proc) => ({ params: { proc }, state: set(s, proc, 'critical', true) })) },
      { name: 'Release', description: 'leave', params: ['proc'], successors: (s) => names.filter((p) => s.pc[p] === 'critical').map((proc) => ({ params: { proc }, state: set(s, proc, 'idle', false) })) },
    ],
    invariants: [{
      name: 'MutualExclusion',
      description: 'at most one process is critical',
      check: (s) => (names.filter((p) => s.pc[p] === 'critical').length <= 1 ? undefined : 'two processes are critical'),
    }],
    ...(symmetric ? {
      symmetry: (s: LockState) => permutations(names).map((perm) => ({ pc: Object.fromEntries(names.map((p, i) => [perm[i]!, s.pc[p]!])), locked: s.locked })),
    } : {}),
  });
}

/** Every reachable state, by a plain search without symmetry. */
const reachable = (procs: number, atomic: boolean): LockState[] => referenceReachable(lockModel(procs, atomic, false), {});

/** A symmetry class: the sorted multiset of process states, and the lock. */
const classOf = (s: LockState) => `${Object.values(s.pc).sort().join(',')}|${s.locked}`;

describe('symmetry', () => {
  it('keeps one state per symmetry class', () => {
    for (const procs of [1, 2, 3, 4]) {
      const classes = new Set(reachable(procs, true).map(classOf)).size;
      const withSymmetry = check(lockModel(procs, true, true), { consts: {}, symmetry: true });
      const without = check(lockModel(procs, true, true), { consts: {} }); // declared, not asked for
      expect(withSymmetry).toMatchObject({ result: 'ok', bound: null, stats: { distinctStates: classes } });
      expect(without.stats.distinctStates).toBe(reachable(procs, true).length);
      if (procs > 1) expect(withSymmetry.stats.distinctStates).toBeLessThan(without.stats.distinctStates);
    }
  });

  it('still finds the shortest violation, as a real behaviour of the model', () => {
    const withSymmetry = check(lockModel(3, false, true), { consts: {}, symmetry: true });
    const without = check(lockModel(3, false, false), { consts: {} });
    expect(withSymmetry.result).toBe('violation');
    if (withSymmetry.result !== 'violation' || without.result !== 'violation') throw new Error('expected violations');
    // check() re-validates every trace against the model before returning it.
    expect(withSymmetry.violation.trace).toHaveLength(without.violation.trace.length);
  });

  it('asked of a model that declares none is an input error', () => {
    expect(() => check(lockModel(2, true, false), { consts: {}, symmetry: true })).toThrow(/declares no symmetry/);
  });
});
