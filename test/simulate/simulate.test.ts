// The simulator on the example models: it finds what BFS finds, shrinks it, and is reproducible.
import { describe, expect, it } from 'vitest';
import { simulate } from '../../checker/simulate.ts';
import { resolveConsts } from '../../checker/consts.ts';
import { defineModel } from '../../checker/model.ts';
import { validateTrace } from '../../checker/validate-trace.ts';
import dieHard from '../../examples/die-hard.ts';
import twoPhase from '../../examples/two-phase.ts';

/** Counts 0..limit and stops: the only dead end is n = limit. */
const counter = (limit: number) => defineModel<{ n: number }>({
  name: 'Counter',
  description: 'counts up to a limit and stops',
  params: [],
  init: () => [{ n: 0 }],
  actions: [{ name: 'Inc', description: 'n + 1', successors: (s) => (s.n < limit ? [{ state: { n: s.n + 1 } }] : []) }],
  invariants: [],
});

describe('simulate', () => {
  it('finds DieHard NotSolved and shrinks it to the 7-state solution, a valid behaviour', () => {
    const o = simulate(dieHard, { consts: {}, seed: 7, runs: 1000 });
    expect(o.result).toBe('violation');
    if (o.result !== 'violation') return;
    expect(o.violation.name).toBe('NotSolved');
    expect(o.violation.trace).toHaveLength(7);
    expect(o.violation.originalLength).toBeGreaterThan(7);
    expect(validateTrace(dieHard, {}, o.violation.trace, o.violation)).toMatchObject({ ok: true });
    expect(o.stats.steps).toBeGreaterThan(0);
  });

  it('shrinks DieHard to 7 states whatever the seed', () => {
    for (const seed of [1, 2, 3, 42]) {
      const o = simulate(dieHard, { consts: {}, seed, runs: 2000 });
      expect(o.result, `seed ${seed}`).toBe('violation');
      if (o.result === 'violation') expect(o.violation.trace, `seed ${seed}`).toHaveLength(7);
    }
  });

  it('gives the same walks, counterexample and path for the same seed, and the path replays it', () => {
    const a = simulate(dieHard, { consts: {}, seed: 3, runs: 1000 });
    const b = simulate(dieHard, { consts: {}, seed: 3, runs: 1000 });
    if (a.result !== 'violation' || b.result !== 'violation') throw new Error('expected violations');
    expect(b.violation.trace).toEqual(a.violation.trace);
    expect(b.path).toBe(a.path);
    expect(b.stats.steps).toBe(a.stats.steps);
    const replayed = simulate(dieHard, { consts: {}, seed: 3, runs: 1000, path: a.path });
    if (replayed.result !== 'violation') throw new Error('the path did not replay the failure');
    expect(replayed.violation.trace).toEqual(a.violation.trace);
    expect(replayed.stats.runs).toBe(1);
  });

  it('finds no violation in TwoPhase and counts its walks', () => {
    const o = simulate(twoPhase, { consts: resolveConsts(twoPhase, {}), seed: 1, runs: 200, maxSteps: 30 });
    expect(o).toMatchObject({ result: 'ok', stats: { runs: 200 } });
    expect(o.stats.steps).toBeGreaterThan(200);
  });

  it('reports a dead end as a deadlock only when deadlocks are checked', () => {
    const found = simulate(counter(3), { consts: {}, seed: 5, runs: 100 });
    expect(found).toMatchObject({ result: 'violation', violation: { kind: 'deadlock', name: 'Deadlock' } });
    if (found.result === 'violation') expect(found.violation.trace.map((s) => s.state.n)).toEqual([0, 1, 2, 3]);
    expect(simulate(counter(3), { consts: {}, seed: 5, runs: 100, checkDeadlock: false }).result).toBe('ok');
  });

  it('rejects a malformed replay path and an unknown invariant', () => {
    expect(() => simulate(dieHard, { consts: {}, seed: 1, path: 'x:1' })).toThrow(/replay path/);
    expect(() => simulate(dieHard, { consts: {}, seed: 1, invariants: ['Nope'] })).toThrow(/no such invariant/);
  });
});
