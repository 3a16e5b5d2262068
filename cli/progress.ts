// What the progress line says, for check, simulate and matrix: pure functions of the figures
// the engine reports, so that they are tested as units.
import type { Progress } from '../checker/check.ts';
import type { SimulateProgress } from '../checker/simulate.ts';
import { formatCount as fmt } from './report.ts';

/** `42 s`, `3 min 05 s`, `2 h 07 min`: elapsed or remaining time, to the unit that matters. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * A rate over the last `windowMs` (not the average since the start, which hides a search that
 * slows down as its levels grow): the change between the oldest sample still in the window and
 * the newest, per second.
 */
export class RecentRate {
  /** Counting starts from nothing at time 0 (the start of the run). */
  private readonly samples: { t: number; n: number }[] = [{ t: 0, n: 0 }];

  constructor(private readonly windowMs = 5000) {}

  /** Records `n` at time `t` (ms since the start) and returns the rate per second, undefined at time 0. */
  add(t: number, n: number): number | undefined {
    this.samples.push({ t, n });
    // Keep one sample at or before the window's start as the base of the difference.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
    const base = this.samples[0]!;
    return t > base.t ? ((n - base.n) * 1000) / (t - base.t) : undefined;
  }
}

const perSecond = (rate: number | undefined): string => (rate === undefined ? 'n/a' : fmt(Math.round(rate)));

/** `check`: TLC's progress figures, with the time so far and the recent rate of generated states. */
export function formatCheckProgress(p: Progress, recentRate: number | undefined): string {
  return `Progress(${p.depth}) after ${formatDuration(p.elapsedMs)}: ${fmt(p.generatedStates)} states generated (${perSecond(recentRate)} s/sec recently), ${fmt(p.distinctStates)} distinct, ${fmt(p.queueSize)} left on queue.`;
}

/** `simulate`: walks done out of --runs, the recent step rate and the time left; or the shrinking. */
export function formatSimulateProgress(p: SimulateProgress, runs: number, rates: { steps?: number; walks?: number }): string {
  const speed = `${perSecond(rates.steps)} steps/sec`;
  if (p.shrinking) return `Shrinking the violation found in walk ${fmt(p.walks)}: ${fmt(p.shrinkWalks)} walks tried, ${speed}, ${formatDuration(p.elapsedMs)} so far.`;
  const left = rates.walks !== undefined && rates.walks > 0 ? `about ${formatDuration(((runs - p.walks) / rates.walks) * 1000)} left` : 'time left unknown';
  return `Walk ${fmt(p.walks)}/${fmt(runs)}, ${fmt(p.steps)} steps, ${speed}, ${left}.`;
}

/** Which row of the matrix is being checked: `index` from 0, out of `total`. */
export interface MatrixRowProgress {
  readonly index: number;
  readonly total: number;
  readonly name: string;
}

/** `matrix`: the row running, how many are done, and that row's search so far. */
export function formatMatrixProgress(row: MatrixRowProgress, p?: Progress): string {
  const head = `Matrix: ${row.index}/${row.total} rows done, checking ${row.name}`;
  return p === undefined ? `${head}.` : `${head}: ${fmt(p.distinctStates)} distinct states, depth ${p.depth}, after ${formatDuration(p.elapsedMs)}.`;
}
