// The engine against TLC's published figures for models of the TLA+ Examples repository.
import { describe, expect, it } from 'vitest';
import { check, collisionProbability } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel } from '../checker/model.ts';
import dieHard from '../examples/die-hard.ts';
import tcommit from '../examples/tcommit.ts';
import twoPhase from '../examples/two-phase.ts';

const run = (m: AnyModel, consts: Record<string, string> = {}) =>
  check(m, { consts: resolveConsts(m, consts), checkDeadlock: m.checkDeadlock ?? true });

describe('TLC conformance (tlaplus/Examples)', () => {
  it('DieHard: NotSolved is violated with a 7-state shortest trace ending at big = 4', () => {
    const o = run(dieHard);
    expect(o.result).toBe('violation');
    if (o.result !== 'violation') return;
    expect(o.violation.name).toBe('NotSolved');
    expect(o.violation.trace).toHaveLength(7);
    expect(o.violation.trace.at(-1)!.state.big).toBe(4);
  });

  it('TCommit with 3 RMs: 34 distinct, 94 generated, depth 7', () => {
    const o = run(tcommit);
    expect(o).toMatchObject({ result: 'ok', bound: null, stats: { distinctStates: 34, generatedStates: 94, depth: 7 } });
    expect(o.stats.collisionProbability).toBe(34 * (94 - 34) / 2 ** 64);
  });

  it('TwoPhase with 3 RMs: 288 distinct, 1146 generated, depth 11', () => {
    const o = run(twoPhase);
    expect(o).toMatchObject({ result: 'ok', bound: null, stats: { distinctStates: 288, generatedStates: 1146, depth: 11 } });
    expect(o.stats.collisionProbability).toBe(288 * (1146 - 288) / 2 ** 64);
  });

  it('the fingerprint collision probability is TLC\'s optimistic n * (g - n) / 2^64', () => {
    // TLC's own report for TCommit and TwoPhase with 3 RMs: "calculated (optimistic): val = 1.1E-16" and "1.3E-14".
    expect(collisionProbability(34, 94).toExponential(1)).toBe('1.1e-16');
    expect(collisionProbability(288, 1146).toExponential(1)).toBe('1.3e-14');
    // Exact where the product is a power of two, and never negative.
    expect(collisionProbability(2 ** 20, 2 ** 20 + 2 ** 12)).toBe(2 ** -32);
    expect(collisionProbability(1, 1)).toBe(0);
    expect(collisionProbability(0, 0)).toBe(0);
    expect(collisionProbability(5, 3)).toBe(0);
  });
});
