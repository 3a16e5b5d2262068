// How `check` shows temporal properties: the verdict of each, the liveness phase's cost, the
// lasso of a violation, and the same as JSON fields beside the safety summary.
import type { CheckOutcome, Counterexample } from '../checker/check.ts';
import type { ActionCoverage } from '../checker/coverage.ts';
import type { AnyModel, Consts } from '../checker/model.ts';
import { formatAction } from '../checker/trace.ts';
import { closingSteps } from '../checker/liveness/validate-lasso.ts';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The heading of a counterexample, by kind. */
export function violationHeading(v: Counterexample): string {
  if (v.kind === 'deadlock') return 'Error: Deadlock reached.';
  if (v.kind === 'liveness') return `Error: Temporal property ${v.name} is violated: ${v.reason}`;
  return `Error: Invariant ${v.name} is violated: ${v.reason}`;
}

/** The line above a counterexample's states; a lasso's names the step that closes its cycle. */
export function behaviourHeading(model: AnyModel, consts: Consts, v: Counterexample): string {
  const n = v.trace.length;
  const states = `${n} state${n === 1 ? '' : 's'}`;
  if (v.loop === undefined) return `The behaviour up to this point is (${states}, changed variables only):`;
  if (v.loop === n - 1) return `The fair behaviour is a lasso (${states}, changed variables only; state ${n} then stutters forever):`;
  const closing = closingSteps(model, consts, v.trace[n - 1]!.state, v.trace[v.loop]!.state).map((c) => formatAction({ name: c.action.name, params: c.params }));
  const cycle = `state ${n} returns to state ${v.loop + 1} by ${closing.join(' or ')}, forever`;
  return `The fair behaviour is a lasso (${states}, changed variables only; ${cycle}):`;
}

/** The temporal properties' verdicts and the liveness phase's figures, as printed. */
export function temporalLines(o: CheckOutcome): string[] {
  const t = o.temporal;
  if (!t) return [];
  const width = Math.max(...t.results.map((r) => r.name.length));
  const lines = [`Temporal properties (under the actions' fairness): liveness phase ${(t.durationMs / 1000).toFixed(2)} s, ${fmt(t.edges)} edges, ${t.bytesPerState.toFixed(1)} bytes per state for the graph`];
  for (const r of t.results) lines.push(`  ${r.name.padEnd(width)}  ${r.verdict === 'unknown' ? r.detail ?? 'unknown' : r.verdict}`);
  return lines;
}

/** `check --coverage`: TLC's coverage table. */
export function coverageLines(rows: readonly ActionCoverage[]): string[] {
  const width = Math.max(6, ...rows.map((r) => r.action.length));
  const lines = [`Coverage: ${'action'.padEnd(width)}  ${'fired'.padStart(10)}  ${'distinct'.padStart(10)}`];
  for (const r of rows) lines.push(`          ${r.action.padEnd(width)}  ${fmt(r.fired).padStart(10)}  ${fmt(r.distinct).padStart(10)}${r.fired === 0 ? '  never enabled' : ''}`);
  return lines;
}

/** Fields `check --json` adds for temporal properties and coverage. */
export function temporalJson(o: CheckOutcome, summary: Record<string, unknown>, coverage?: readonly ActionCoverage[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...summary };
  if (o.result === 'violation') {
    // A lasso's loop index sits beside its summary.
    const withLoop = (s: unknown, v: Counterexample) => (v.loop === undefined ? s : { ...(s as object), loop: v.loop });
    out.violation = withLoop(summary.violation, o.violation);
    if (Array.isArray(summary.violations)) out.violations = summary.violations.map((s, i) => withLoop(s, o.violations[i]!));
  }
  if (o.temporal) {
    out.livenessMs = o.temporal.durationMs;
    out.properties = Object.fromEntries(o.temporal.results.map((r) => [r.name, r.verdict === 'unknown' ? { verdict: r.verdict, detail: r.detail } : { verdict: r.verdict }]));
  }
  if (coverage) out.coverage = coverage;
  return out;
}
