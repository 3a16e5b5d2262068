// A counterexample as an ITF document: the trace's #meta names the model, its parameter values
// and the violated property; each state after the first names the action that produced it.
import type { Consts, State } from '../checker/model.ts';
import type { ActionLabel, PropertyViolation, TraceStep } from '../checker/trace.ts';
import { formatAction } from '../checker/trace.ts';
import { toItf, type ItfJson } from './itf-value.ts';
import type { LoadedTrace } from './read-trace.ts';

export interface TraceMeta {
  /** The model's name. */
  readonly model: string;
  /** The model module the trace came from, when it was not the built-in model. */
  readonly spec?: string;
  readonly params: Consts;
  readonly violation?: PropertyViolation;
  /** What produced the trace: `check`, `simulate`, … */
  readonly producedBy?: string;
  /** A lasso (temporal property violation): the index of the state the last one returns to. */
  readonly loop?: number;
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
  const states = itfStates(vars, steps.map((s) => s.state), steps.map((s) => s.action));
  return { '#meta': docMeta, vars, states, ...(meta.loop !== undefined ? { loop: meta.loop } : {}) };
}

/** The file text: two-space JSON with a final newline. */
export function formatItf(doc: ItfDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * The normalised ITF document of a trace read from a file (`view --json`): the same states in
 * canonical form (sets and maps sorted, tuples as lists), dropcheck's `#meta` fields where the
 * trace had them, and the trace's own variable order.
 */
export function normaliseTrace(t: LoadedTrace): ItfDocument {
  const docMeta: { [k: string]: ItfJson } = { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html' };
  const m = t.meta;
  if (m.source !== undefined) docMeta.source = m.source;
  if (m.description !== undefined) docMeta.description = m.description;
  if (m.status !== undefined) docMeta.status = m.status;
  if (m.model !== undefined) docMeta.model = m.model;
  if (m.spec !== undefined) docMeta.spec = m.spec;
  if (m.params !== undefined) docMeta.params = Object.fromEntries(Object.keys(m.params).sort().map((k) => [k, m.params![k]!]));
  if (m.producedBy !== undefined) docMeta.producedBy = m.producedBy;
  if (m.violation) docMeta.violation = { kind: m.violation.kind, name: m.violation.name, reason: m.violation.reason };
  const states = itfStates(t.vars, t.states, t.actions);
  return { '#meta': docMeta, vars: [...t.vars], states, ...(t.loop !== undefined ? { loop: t.loop } : {}) };
}

/** The `states` of an ITF document: each state's `#meta` names its index and the action that produced it. */
function itfStates(vars: readonly string[], states: readonly State[], actions: readonly (ActionLabel | undefined)[]): { [k: string]: ItfJson }[] {
  return states.map((state, index) => {
    const stateMeta: { [k: string]: ItfJson } = { index };
    const action = actions[index];
    if (action) {
      stateMeta.action = action.name;
      // In the action's own order (not sorted like record values), so that the label read back
      // is the label written: DropSink(sink=s1, epoch=2) stays in that order.
      stateMeta.actionParams = Object.fromEntries(Object.entries(action.params).map(([k, v]) => [k, toItf(v)]));
      stateMeta.label = formatAction(action);
    }
    const out: { [k: string]: ItfJson } = { '#meta': stateMeta };
    for (const v of vars) out[v] = toItf(state[v]!);
    return out;
  });
}
