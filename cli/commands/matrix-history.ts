// `dropcheck matrix --history`: one row per version preset of the protocol model, each checked to
// the end with every path its version had, one column per property. A version with snapshot-backfill
// jobs is checked with both job kinds (a run's sinks are all of one kind): its row is violated where
// either search found a violation, with the shorter counterexample, and its distinct states are the
// two searches' counts.
import type { CheckStats } from '../../checker/check.ts';
import { applyPreset, resolveConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import type { AnyModel, Consts, Preset } from '../../checker/model.ts';
import { check } from '../../checker/check.ts';
import { historyRunLabel, historyRuns } from '../../model/presets.ts';
import { enabledPaths, startedPaths } from '../../model/paths.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { checkAllOf, fmt, matrixProperties, type MatrixCell, type MatrixRow } from './matrix.ts';

export interface HistoryRun {
  readonly consts: Consts;
  readonly stats: CheckStats;
  readonly bound: MatrixRow['bound'];
}

export interface HistoryRow extends MatrixRow {
  readonly preset: Preset;
  readonly runs: readonly HistoryRun[];
  /** Per teardown path the version had (`drop` for DROP SINK): the invariants it violates. */
  readonly byPath: ReadonlyMap<string, readonly string[]>;
}

/**
 * Per path, the invariants a search finds violated in a state where that path has started: the
 * row's cell shows one counterexample per property, this says which paths break it. One search
 * (no temporal properties) judges every path's copy of every invariant. Deadlocks are not attributed.
 */
export function violatedByPaths(model: AnyModel, consts: Consts, paths: readonly string[], maxStates?: number): Map<string, string[]> {
  const o = check({ ...model, invariants: pathInvariants(model, paths) }, { consts, continueAfterViolation: true, checkDeadlock: false, liveness: false, ...(maxStates !== undefined ? { maxStates } : {}) });
  return byPathOf(model, paths, o.result === 'violation' ? o.violations : []);
}

const pathKey = (path: string, name: string) => `${path}\u0000${name}`;

/** A copy of each invariant per path, judged only in states where the path has started. */
const pathInvariants = (model: AnyModel, paths: readonly string[]): AnyModel['invariants'] => paths.flatMap((path) => model.invariants.map((inv) => ({
  ...inv,
  name: pathKey(path, inv.name),
  check: (s: DropState, c: Consts) => (startedPaths(s).includes(path) ? inv.check(s, c) : undefined),
})));

/** Per path, the invariants whose path copy a search found violated. */
const byPathOf = (model: AnyModel, paths: readonly string[], violations: readonly { name: string }[]): Map<string, string[]> => {
  const found = new Set(violations.map((v) => v.name));
  return new Map(paths.map((path) => [path, model.invariants.map((i) => i.name).filter((name) => found.has(pathKey(path, name)))]));
};

/** The invariants a search finds violated in a state where `path` has started. */
export const violatedBy = (model: AnyModel, consts: Consts, path: string, maxStates?: number): string[] =>
  violatedByPaths(model, consts, [path], maxStates).get(path)!;

/** Every run's paths, each with the invariants it violates in any run (paths in first-seen order). */
function attribute(model: AnyModel, runs: readonly Map<string, string[]>[]): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const run of runs) {
    for (const [path, names] of run) {
      const set = byPath.get(path) ?? new Set<string>();
      for (const name of names) set.add(name);
      byPath.set(path, set);
    }
  }
  const order = model.invariants.map((i) => i.name);
  return new Map([...byPath].map(([path, names]) => [path, order.filter((n) => names.has(n))]));
}

export interface HistoryOptions {
  /** `--const` values as typed, applied on top of every preset. */
  readonly raw?: Readonly<Record<string, string>>;
  /** Only this preset's row. */
  readonly preset?: string;
  readonly maxStates?: number;
}

/** One property over the runs of a row: violated by the shortest counterexample, holds only if every search was complete. */
function combineCell(property: string, cells: readonly { cell: MatrixCell; consts: Consts; cut: boolean }[]): MatrixCell {
  const violated = cells.filter((c) => c.cell.violation !== undefined);
  if (violated.length > 0) {
    const shortest = violated.reduce((a, b) => (b.cell.violation!.trace.length < a.cell.violation!.trace.length ? b : a));
    return { ...shortest.cell, consts: shortest.consts };
  }
  return { property, verdict: cells.some((c) => c.cut) ? 'unknown' : 'holds' };
}

const sumStats = (all: readonly CheckStats[]): CheckStats => ({
  ...all[0]!,
  generatedStates: all.reduce((n, s) => n + s.generatedStates, 0),
  distinctStates: all.reduce((n, s) => n + s.distinctStates, 0),
  depth: Math.max(...all.map((s) => s.depth)),
  durationMs: all.reduce((n, s) => n + s.durationMs, 0),
});

export function evaluateHistory(model: AnyModel, options: HistoryOptions = {}): HistoryRow[] {
  const raw = options.raw ?? {};
  if (options.preset !== undefined) applyPreset(model, options.preset, {}); // an unknown name: the one-line error that lists the presets
  const presets = (model.presets ?? []).filter((p) => options.preset === undefined || p.name === options.preset);
  if (presets.length === 0) throw new InputError(`matrix --history: model ${model.name} has no presets`);
  const typed = (c: Consts) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)]));
  // Every run's parameters are validated before any search starts.
  const plans = presets.map((preset) => ({ preset, runs: historyRuns(preset).map((c) => resolveConsts(model, { ...typed(c), ...raw })) }));
  return plans.map(({ preset, runs }) => {
    // One search per run: the row's properties, and every invariant's copy per path for the notes.
    const searches = runs.map((consts) => {
      const paths = enabledPaths(consts as DropConsts);
      const { violations, ...verdicts } = checkAllOf(model, { ...model, invariants: [...model.invariants, ...pathInvariants(model, paths)] }, consts, options.maxStates);
      return { consts, ...verdicts, byPath: byPathOf(model, paths, violations) };
    });
    const cells = matrixProperties(model).map((property, i) => combineCell(property, searches.map((s) => ({ cell: s.cells[i]!, consts: s.consts, cut: s.bound !== null }))));
    const cut = searches.find((s) => s.bound !== null);
    const consts = searches[0]!.consts;
    return {
      label: preset.name,
      key: preset.name,
      drop: String(consts.drop),
      compaction: String(consts.compaction),
      consts,
      cells,
      stats: sumStats(searches.map((s) => s.stats)),
      bound: cut?.bound ?? null,
      ...(cut?.boundDetail !== undefined ? { boundDetail: cut.boundDetail } : {}),
      preset,
      runs: searches.map((s) => ({ consts: s.consts, stats: s.stats, bound: s.bound })),
      byPath: attribute(model, searches.map((s) => s.byPath)),
    };
  });
}

/** A row's distinct states: one count, or each job kind's when it ran two searches. */
export const historyDistinct = (r: MatrixRow): string => {
  const runs = (r as HistoryRow).runs;
  return runs.length === 1 ? fmt(r.stats.distinctStates) : runs.map((x) => fmt(x.stats.distinctStates)).join(' + ');
};

/** What the history rows leave implicit, printed under the table: which path violates what, and the job kinds. */
export const historyNotes = (rows: readonly HistoryRow[]): string[] => {
  const width = Math.max(...rows.map((r) => r.label.length));
  const out = ['', 'Teardown paths and recovery events of each version and the invariants each violates (a path in the states where it has started and no recovery has happened, an event in the states after it):'];
  for (const r of rows) {
    [...r.byPath].forEach(([path, names], i) => out.push(`  ${(i === 0 ? r.label : '').padEnd(width)}  ${path.padEnd(15)}  ${names.length === 0 ? 'none' : names.join(', ')}`));
  }
  out.push('', 'Searches of each row (distinct states of each, in the order of the column), with recoveries=1 (one node crash; every actor failure is followed by a recovery) and, where per-database recovery exists, dbRecoveries=1 foregroundSinks=1; meta restarts are not in the history (metaRestarts=0):');
  for (const r of rows) out.push(`  ${r.label.padEnd(width)}  ${r.runs.map((x) => historyRunLabel(x.consts)).join(' + ')}`);
  return out;
};

/** The rows as JSON: per preset its runs' parameters and figures, and the cells. */
export function historyJson(rows: readonly HistoryRow[], files: ReadonlyMap<string, string>): unknown {
  return rows.map((r) => ({
    preset: r.preset.name,
    description: r.preset.description,
    runs: r.runs.map((x) => ({ params: x.consts, distinctStates: x.stats.distinctStates, generatedStates: x.stats.generatedStates, depth: x.stats.depth, durationMs: x.stats.durationMs, bound: x.bound })),
    distinctStates: r.stats.distinctStates,
    durationMs: r.stats.durationMs,
    bound: r.bound,
    violatedByPath: Object.fromEntries(r.byPath),
    cells: Object.fromEntries(r.cells.map((c) => [c.property, c.violation
      ? { verdict: c.verdict, reason: c.violation.reason, states: c.violation.trace.length, params: c.consts ?? r.consts, traceFile: files.get(`${r.key}/${c.property}`) ?? null }
      : { verdict: c.verdict }])),
  }));
}
