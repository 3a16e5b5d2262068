// The short plain form of a counterexample printed after a violation: each state's action and
// the variables it changed.
import type { TraceStep } from '../checker/trace.ts';
import { formatAction } from '../checker/trace.ts';
import { valueEquals, type Value } from '../checker/value.ts';
import { toItf } from '../traces/itf-value.ts';

export function printTrace(trace: readonly TraceStep[], out: (line: string) => void = console.log): void {
  trace.forEach((step, i) => {
    out(`State ${i + 1}: ${step.action ? formatAction(step.action) : '<Initial predicate>'}`);
    const prev = i > 0 ? trace[i - 1]!.state : undefined;
    for (const [k, v] of Object.entries(step.state)) {
      if (prev && valueEquals(prev[k] as Value, v)) continue;
      out(`  ${k} = ${JSON.stringify(toItf(v))}`);
    }
  });
}
