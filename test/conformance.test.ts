// The engine against TLC's published figures for models of the TLA+ Examples repository.
import { describe, expect, it } from 'vitest';
import { check } from '../checker/check.ts';
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
  });

  it('TwoPhase with 3 RMs: 288 distinct, 1146 generated, depth 11', () => {
    const o = run(twoPhase);
    expect(o).toMatchObject({ result: 'ok', bound: null, stats: { distinctStates: 288, generatedStates: 1146, depth: 11 } });
  });
});
