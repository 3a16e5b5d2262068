// Replaying a trace against a model: is it a behaviour of the model, and does the property it
// claims fail at its end? Pure: the caller has read the file and chosen the model.
import type { AnyModel, Consts, State } from '../checker/model.ts';
import { validateTrace, type TraceCheck } from '../checker/validate-trace.ts';
import { validateLasso } from '../checker/liveness/validate-lasso.ts';
import { valueEquals, type Value } from '../checker/value.ts';
import type { LoadedTrace } from './read-trace.ts';
import { traceSteps } from './read-trace.ts';
import { actionText } from './render-trace.ts';
import { withModelIntegers } from './foreign-integers.ts';
import { changeMarker, describeChange, diffValues } from './diff-value.ts';

export type ReplayOutcome =
  | { readonly ok: true; readonly summary: string }
  | {
      readonly ok: false;
      /** 0-based index of the first state the model does not explain; states.length for the claim. */
      readonly step: number;
      readonly summary: string;
      readonly differingVars?: readonly string[];
      /** How the trace's state differs from the closest one the model gives, a change per line. */
      readonly details?: readonly string[];
    };

/** Re-executes `trace` with `model` and `consts`; one line of summary either way. */
export function replayTrace(model: AnyModel, consts: Consts, given: LoadedTrace): ReplayOutcome {
  const trace = withModelIntegers(given);
  const claim = trace.meta.violation;
  const verdict = claim?.kind === 'liveness' ? validateLassoClaim(model, consts, trace, claim.name) : validateTrace(model, consts, traceSteps(trace), claim);
  const n = trace.states.length;
  if (!verdict.ok) {
    const where = verdict.step >= n ? 'end of trace' : `step ${verdict.step + 1} (${actionText(trace, verdict.step)})`;
    const message = verdict.message.replace(/^state \d+: /, '');
    const details = verdict.differingVars && verdict.step < n ? differences(model, consts, trace, verdict.step) : [];
    return {
      ok: false,
      step: verdict.step,
      summary: `${where}: ${message}`,
      ...(verdict.differingVars ? { differingVars: verdict.differingVars } : {}),
      ...(details.length > 0 ? { details } : {}),
    };
  }
  if (trace.loop !== undefined && claim?.kind !== 'liveness' && !loopsBack(model, consts, trace.states[n - 1]!, trace.states[trace.loop]!)) {
    return { ok: false, step: n, summary: `end of trace: no action leads from the last state back to state ${trace.loop + 1}, where the trace says it loops` };
  }
  if (claim && claim.reason !== '' && verdict.reason !== undefined && verdict.reason !== claim.reason) {
    return { ok: false, step: n, summary: `end of trace: ${claim.name} is violated, but the model gives the reason "${verdict.reason}", not the trace's "${claim.reason}"` };
  }
  const states = `${n} state${n === 1 ? '' : 's'}`;
  if (!claim) return { ok: true, summary: `${states}, a behaviour of ${model.name} (the trace claims no violated property)` };
  const what = claim.kind === 'deadlock' ? 'deadlock' : claim.kind === 'liveness' ? `${claim.name} violated by a fair lasso (loop back to state ${trace.loop! + 1})` : `${claim.name} violated`;
  return { ok: true, summary: `${states}, ${what}: ${verdict.reason ?? claim.reason}` };
}

/** A lasso's claim: the same validation the checker runs on its own counterexamples. */
function validateLassoClaim(model: AnyModel, consts: Consts, trace: LoadedTrace, name: string): TraceCheck {
  const property = model.properties?.find((p) => p.name === name);
  if (!property) return { ok: false, step: trace.states.length, message: `the model has no temporal property ${name}` };
  return validateLasso(model, consts, traceSteps(trace), trace.loop, property);
}

/** Whether the lasso closes: the loop state is the last state again, or one step away from it. */
function loopsBack(model: AnyModel, consts: Consts, last: State, target: State): boolean {
  if (valueEquals(last as Value, target as Value)) return true;
  return model.actions.some((a) => [...a.successors(last, consts)].some((s) => valueEquals(s.state as Value, target as Value)));
}

/**
 * The value-level diff from the closest state the model gives at `step` (an initial state, or a
 * successor by the named action with those parameters) to the state the trace has there.
 */
function differences(model: AnyModel, consts: Consts, trace: LoadedTrace, step: number): string[] {
  const actual = trace.states[step]!;
  const label = trace.actions[step];
  const candidates: State[] = step === 0
    ? ([...model.init(consts)] as State[])
    : [...(model.actions.find((a) => a.name === label?.name)?.successors(trace.states[step - 1]!, consts) ?? [])]
      .filter((s) => valueEquals((s.params ?? {}) as Value, (label?.params ?? {}) as Value))
      .map((s) => s.state as State);
  const diffsOf = (expected: State) => trace.vars.flatMap((v) => diffValues(expected[v]!, actual[v]!, v));
  const closest = candidates.map(diffsOf).sort((a, b) => a.length - b.length)[0] ?? [];
  return closest.map((c) => `${changeMarker(c)} ${describeChange(c)}`);
}
