// How a search or a simulation stopped by a signal is reported: the figures it had reached, and
// that they prove nothing.
import type { CheckStats, Interrupted } from '../checker/check.ts';
import type { InterruptSignal } from './interrupt.ts';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The closing lines of `check` stopped by `signal`. */
export function interruptedCheckLines(o: Interrupted, signal: InterruptSignal): string[] {
  const s = o.stats;
  const { depth, expanded, of } = o.level;
  const where = depth === 0 ? 'while computing the initial states' : `while expanding the states at depth ${depth} (${fmt(expanded)} of ${fmt(of)} done)`;
  return [
    `Interrupted (${signal}) ${where}: the search is incomplete, and this is not a proof.`,
    `${fmt(s.generatedStates)} states generated, ${fmt(s.distinctStates)} distinct states found so far.`,
    `The search reached depth ${s.depth} when it stopped.`,
    `Stopped after ${(s.durationMs / 1000).toFixed(2)} s.`,
  ];
}

/** The JSON object of `check --json` stopped by `signal`. */
export function interruptedCheckJson(o: Interrupted, signal: InterruptSignal, traceFiles: readonly string[]): Record<string, unknown> {
  const s: CheckStats = o.stats;
  return {
    result: 'interrupted',
    signal,
    distinctStates: s.distinctStates,
    generatedStates: s.generatedStates,
    depth: s.depth,
    durationMs: s.durationMs,
    level: o.level,
    ...(o.constrained ? { constrained: true } : {}),
    collisionProbability: s.collisionProbability,
    ...(o.violations.length > 0 ? { violations: o.violations.map((v, i) => ({ kind: v.kind, name: v.name, reason: v.reason, traceFile: traceFiles[i] ?? null, states: v.trace.length })) } : {}),
  };
}
