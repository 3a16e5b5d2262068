// A counterexample as an ITF document: the trace's #meta names the model, its parameter values
// and the violated property; each state after the first names the action that produced it.
import type { Consts } from '../checker/model.ts';
import type { PropertyViolation, TraceStep } from '../checker/trace.ts';
import { formatAction } from '../checker/trace.ts';
import { toItf, type ItfJson } from './itf-value.ts';

export interface TraceMeta {
  /** The model's name. */
  readonly model: string;
  /** The model module the trace came from, when it was not the built-in model. */
  readonly spec?: string;
  readonly params: Consts;
  readonly violation?: PropertyViolation;
  /** What produced the trace: `check`, `simulate`, … */
  readonly producedBy?: string;
}

export interface ItfDocument {
  '#meta': { [k: string]: ItfJson };
  vars: string[];
  states: { [k: string]: ItfJson }[];
  loop?: number;
  params?: string[];
}

/** Builds the ITF document of a trace. Deterministic: the same trace gives the same bytes. */
export function traceToItf(steps: readonly TraceStep[], meta: TraceMeta): ItfDocument {
  const vars = steps.length === 0 ? [] : Object.keys(steps[0]!.state).sort();
  const docMeta: { [k: string]: ItfJson } = {
    format: 'ITF',
    'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
    source: 'dropcheck',
    model: meta.model,
  };
  if (meta.spec !== undefined) docMeta.spec = meta.spec;
  docMeta.params = Object.fromEntries(Object.keys(meta.params).sort().map((k) => [k, meta.params[k]!]));
  if (meta.producedBy !== undefined) docMeta.producedBy = meta.producedBy;
  if (meta.violation) docMeta.violation = { kind: meta.violation.kind, name: meta.violation.name, reason: meta.violation.reason };
  const states = steps.map((step, index) => {
    const stateMeta: { [k: string]: ItfJson } = { index };
    if (step.action) {
      stateMeta.action = step.action.name;
      stateMeta.actionParams = toItf(step.action.params);
      stateMeta.label = formatAction(step.action);
    }
    const out: { [k: string]: ItfJson } = { '#meta': stateMeta };
    for (const v of vars) out[v] = toItf(step.state[v]!);
    return out;
  });
  return { '#meta': docMeta, vars, states };
}

/** The file text: two-space JSON with a final newline. */
export function formatItf(doc: ItfDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
