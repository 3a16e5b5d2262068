// The 7-state DieHard counterexample, the small trace most trace tests step through.
import { check } from '../../checker/check.ts';
import dieHard from '../../examples/die-hard.ts';
import type { LoadedTrace } from '../../traces/read-trace.ts';
import { traceFromSteps } from '../../traces/render-trace.ts';

export function dieHardViolation() {
  const o = check(dieHard, { consts: {} });
  if (o.result !== 'violation') throw new Error('DieHard must fail NotSolved');
  return o.violation;
}

export function dieHardTrace(): LoadedTrace {
  const v = dieHardViolation();
  return { ...traceFromSteps(v.trace, v), meta: { model: 'DieHard', params: {}, violation: v } };
}
