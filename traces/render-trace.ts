// What a person sees of a trace, step by step: the action, then the value-level diff of the state
// with unchanged variables folded. The terminal viewer colours these lines; the plain form
// (`view --plain`, `check` after a violation) prints them as they are.
import type { State } from '../checker/model.ts';
import type { PropertyViolation, TraceStep } from '../checker/trace.ts';
import { formatAction } from '../checker/trace.ts';
import type { Value } from '../checker/value.ts';
import { changeMarker, describeChange, diffValues } from './diff-value.ts';
import { formatValueLines } from './format-value.ts';
import type { LoadedTrace } from './read-trace.ts';
import { printable } from './printable.ts';

export type LineKind = 'added' | 'removed' | 'changed' | 'value' | 'folded' | 'note';

export interface Line {
  readonly kind: LineKind;
  readonly text: string;
}

export interface StepViewOptions {
  /** Show unchanged variables too (default: fold them into one line). */
  readonly all?: boolean;
  /** Show only variables whose name contains this text (case-insensitive). */
  readonly filter?: string;
  /** Wrap values wider than this over several lines (default: never). */
  readonly width?: number;
}

/** A trace built from the checker's steps, for printing right after a violation. */
export function traceFromSteps(steps: readonly TraceStep[], violation?: PropertyViolation, loop?: number): LoadedTrace {
  return {
    meta: violation ? { violation } : {},
    vars: steps.length === 0 ? [] : Object.keys(steps[0]!.state).sort(),
    states: steps.map((s) => s.state),
    actions: steps.map((s) => s.action),
    ...(loop !== undefined ? { loop } : {}),
  };
}

/** `FillBigJug`, `RMPrepare(rm="r1")`, or what stands for the first state / a missing action. */
export function actionText(t: LoadedTrace, i: number): string {
  const a = t.actions[i];
  if (a) return formatAction(a);
  return i === 0 ? '<Initial state>' : '<action not recorded>';
}

/** One line above the steps: what the trace is of and where it came from. */
export function traceHeading(t: LoadedTrace): string {
  const m = t.meta;
  const params = m.params && Object.keys(m.params).length > 0 ? ` (${Object.entries(m.params).map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : '';
  const of = m.model !== undefined ? ` of model ${m.model}${params}` : '';
  const from = m.source !== undefined && m.source !== 'dropcheck' ? ` from ${m.source}` : '';
  const status = m.status !== undefined ? ` (status: ${m.status})` : '';
  return `Trace${of}${from}: ${t.states.length} state${t.states.length === 1 ? '' : 's'}${status}`;
}

/** `State 3/7: BigToSmall`. */
export function stepTitle(t: LoadedTrace, i: number): string {
  return `State ${i + 1}/${t.states.length}: ${actionText(t, i)}`;
}

/** What the trace claims fails at its end, in one line; undefined when it claims nothing. */
export function violationText(v: PropertyViolation | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'deadlock') return `Deadlock reached: ${v.reason}`;
  if (v.kind === 'liveness') return `Temporal property ${v.name} is violated: ${v.reason}`;
  return `Invariant ${v.name} is violated: ${v.reason}`;
}

const matches = (name: string, filter: string | undefined): boolean =>
  filter === undefined || filter === '' || name.toLowerCase().includes(filter.toLowerCase());

/** The body of step `i`: a line per change (or per variable for the first state), then the folded rest. */
export function stepLines(t: LoadedTrace, i: number, opts: StepViewOptions = {}): Line[] {
  const width = opts.width ?? Infinity;
  const state = t.states[i]!;
  const prev: State | undefined = i > 0 ? t.states[i - 1] : undefined;
  const lines: Line[] = [];
  const unchanged: string[] = [];
  // Quint's `mbt::` variables say which action was taken: it is shown as the step's label, and
  // the variables only with `all`.
  const shown = t.vars.filter((v) => matches(v, opts.filter) && (opts.all || !v.startsWith('mbt::')));
  const valueLines = (name: string, v: Value): Line[] =>
    formatValueLines(v, width - name.length - 5, '    ').map((text, j) => ({ kind: 'value', text: j === 0 ? `  ${name} = ${text}` : text }));
  for (const name of shown) {
    const now = state[name]!;
    const changes = prev === undefined ? [] : diffValues(prev[name]!, now, name);
    if (prev === undefined || opts.all) {
      if (changes.length === 0) { lines.push(...valueLines(name, now)); continue; }
    } else if (changes.length === 0) {
      unchanged.push(name);
      continue;
    }
    for (const c of changes) {
      const kind = c.kind === 'changed' ? 'changed' : changeMarker(c) === '+' ? 'added' : 'removed';
      lines.push({ kind, text: `  ${changeMarker(c)} ${describeChange(c)}` });
    }
  }
  if (shown.length === 0) lines.push({ kind: 'note', text: `  (no variable matches "${opts.filter}")` });
  if (unchanged.length > 0) {
    // Names while they are few enough to read at a glance; a count once they are noise.
    const names = unchanged.join(', ');
    const text = names.length <= 60 ? `${unchanged.length} unchanged: ${names}` : `${unchanged.length} variables unchanged`;
    lines.push({ kind: 'folded', text: `  (${text})` });
  }
  if (t.loop !== undefined && i === t.loop) lines.push({ kind: 'note', text: '  (the trace loops back to this state)' });
  if (t.loop !== undefined && i === t.states.length - 1) lines.push({ kind: 'note', text: `  (next: back to state ${t.loop + 1})` });
  return lines;
}

/** Every step in sequence, then the claimed violation: the plain form of the viewer. */
export function plainTrace(t: LoadedTrace, opts: StepViewOptions = {}): string[] {
  const out: string[] = [];
  t.states.forEach((_, i) => {
    out.push(stepTitle(t, i));
    for (const line of stepLines(t, i, opts)) out.push(line.text);
  });
  const v = violationText(t.meta.violation);
  if (v) out.push(v);
  return out.map(printable);
}
