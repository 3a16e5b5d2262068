// The engine against TLC's published figures for models of the TLA+ Examples repository.
import { describe, expect, it } from 'vitest';
import { check, collisionProbability } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel } from '../checker/model.ts';
import dieHard from '../examples/die-hard.ts';
import tcommit from '../examples/tcommit.ts';
import twoPhase from '../examples/two-phase.ts';
import constraintCrdt from '../examples/crdt-counter.ts';

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

// ConstraintCRDT (MC_Constraint_CRDT.tla) has no published TLC figures: they are counted here by a
// breadth-first search written from the TLA+ text, apart from the engine, with TLC's counting under a
// CONSTRAINT (an excluded successor is generated, never distinct, never explored; a stutter is generated).
function constraintCrdtFigures(nodes: number, max: number): { distinct: number; generated: number; depth: number } {
  type S = { c: number[][]; v: boolean };
  const key = (s: S) => JSON.stringify(s);
  const next = (s: S): S[] => {
    const out: S[] = [];
    if (!s.v) for (let n = 0; n < nodes; n++) out.push({ c: s.c.map((r, i) => r.map((x, j) => (i === n && j === n ? x + 1 : x))), v: s.v });
    for (let n = 0; n < nodes; n++) for (let o = 0; o < nodes; o++) out.push({ c: s.c.map((r, i) => (i === o ? r.map((x, j) => Math.max(x, s.c[n]![j]!)) : r)), v: s.v });
    out.push({ c: s.c, v: true });
    return out;
  };
  const init: S = { c: Array.from({ length: nodes }, () => Array<number>(nodes).fill(0)), v: false };
  const seen = new Set([key(init)]);
  let level = [init];
  let generated = 1;
  let depth = 1;
  for (;;) {
    const fresh: S[] = [];
    for (const s of level) for (const t of next(s)) {
      generated++;
      if (t.c.some((r) => r.some((x) => x > max)) || seen.has(key(t))) continue;
      seen.add(key(t));
      fresh.push(t);
    }
    if (fresh.length === 0) return { distinct: seen.size, generated, depth };
    level = fresh;
    depth++;
  }
}

describe('a state constraint as TLC counts it (ConstraintCRDT, after MC_Constraint_CRDT.tla)', () => {
  for (const consts of [{ nodes: '2', max: '3' }, { nodes: '3', max: '1' }]) {
    it(`nodes=${consts.nodes} max=${consts.max}: the figures of a search written apart, complete under the constraint`, () => {
      const want = constraintCrdtFigures(Number(consts.nodes), Number(consts.max));
      const o = check(constraintCrdt, { consts: resolveConsts(constraintCrdt, consts), checkDeadlock: true, liveness: false });
      expect(o).toMatchObject({ result: 'ok', bound: null, constrained: true, stats: { distinctStates: want.distinct, generatedStates: want.generated, depth: want.depth } });
    });
  }
});
