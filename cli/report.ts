// How check outcomes are shown: reporting is kept apart from the search that produced them.
import type { CheckStats, CheckVerdict, Counterexample } from '../checker/check.ts';

/** A count as the summaries print it: `1,234,567`. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
const fmt = formatCount;

/** Where a resumed search goes on from, saved in `where` (a folder, or the cluster). */
export function resumedLine(r: { depth: number; distinct: number; generated: number; elapsedMs: number }, where: string): string {
  return `Resuming the search saved in ${where} at depth ${fmt(r.depth)}: ${fmt(r.distinct)} distinct states found and ${fmt(r.generated)} generated so far, in ${(r.elapsedMs / 1000).toFixed(2)} s; the figures and the time below include that run.`;
}

/** TLC's closing figures; `complete` says whether the search saw the whole state graph. */
export function formatStats(s: CheckStats, complete = true): string[] {
  const secs = s.durationMs / 1000;
  const rate = (n: number) => (secs > 0 ? fmt(Math.round(n / secs)) : 'n/a');
  return [
    `${fmt(s.generatedStates)} states generated, ${fmt(s.distinctStates)} distinct states found.`,
    complete ? `The depth of the complete state graph search is ${s.depth}.` : `The search reached depth ${s.depth} when it stopped.`,
    `The probability of a fingerprint collision is about ${s.collisionProbability.toExponential(1)} (optimistic, as TLC computes it).`,
    secs >= 0.1 ? `Finished in ${secs.toFixed(2)} s: ${rate(s.distinctStates)} distinct and ${rate(s.generatedStates)} generated states per second.` : `Finished in ${secs.toFixed(2)} s.`,
  ];
}

/** The JSON summary of `check --json`; `traceFiles` are the files of `o.violations`, in order. */
export function outcomeJson(o: CheckVerdict, traceFiles: readonly string[], withAllViolations = false): Record<string, unknown> {
  const base = {
    result: o.result,
    distinctStates: o.stats.distinctStates,
    generatedStates: o.stats.generatedStates,
    depth: o.stats.depth,
    durationMs: o.stats.durationMs,
    bound: o.bound,
    ...(o.boundDetail !== undefined ? { boundDetail: o.boundDetail } : {}),
    // Only when the constraint excluded a state, so that every other run's output stays as it was.
    ...(o.constrained ? { constrained: true } : {}),
    collisionProbability: o.stats.collisionProbability,
  };
  if (o.result === 'ok') return base;
  const summary = (v: Counterexample, i: number) => ({ kind: v.kind, name: v.name, reason: v.reason, traceFile: traceFiles[i] ?? null, states: v.trace.length });
  return {
    ...base,
    violation: summary(o.violation, 0),
    ...(withAllViolations ? { violations: o.violations.map(summary) } : {}),
  };
}
