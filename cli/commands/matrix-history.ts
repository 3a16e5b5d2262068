// `dropcheck matrix --history`: one row per version preset of the protocol model, each checked to
// the end with every path its version had, one column per property. A version with snapshot-backfill
// jobs is checked with both job kinds (a run's sinks are all of one kind): its row is violated where
// either search found a violation, with the shorter counterexample, and its distinct states are the
// two searches' counts.
import type { CheckOptions, CheckStats, CheckVerdict, Progress } from '../../checker/check.ts';
import { applyPreset, resolveConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import type { AnyModel, Consts, Preset } from '../../checker/model.ts';
import { check } from '../../checker/check.ts';
import { historyRuns } from '../../model/presets.ts';
import { enabledPaths, startedPaths } from '../../model/paths.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { checkAll, fmt, matrixProperties, searchToEnd, type MatrixCell, type MatrixRow, type PartialMatrix, type RowSearch, type RowsRun, type RowVerdicts } from './matrix.ts';

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
 * The invariants a search finds violated in a state where `path` has started: the row's cell shows
 * one counterexample per property, this says which paths break it. Deadlocks are not attributed.
 */
export function violatedBy(model: AnyModel, consts: Consts, path: string, maxStates?: number): string[] {
  return violatedNames(model, check(onPath(model, path), attributionOptions(consts, maxStates)));
}

/** `model` with invariants that hold in every state where `path` has not started. */
function onPath(model: AnyModel, path: string): AnyModel {
  const started = (s: DropState) => startedPaths(s).includes(path);
  return {
    ...model,
    invariants: model.invariants.map((inv) => ({ ...inv, check: (s: DropState, c: Consts) => (started(s) ? inv.check(s, c) : undefined) })),
  };
}

const attributionOptions = (consts: Consts, maxStates?: number): CheckOptions => ({ consts, continueAfterViolation: true, checkDeadlock: false, ...(maxStates !== undefined ? { maxStates } : {}) });

/** The model's invariants that a search (of the attributed model) found violated, in the model's order. */
const violatedNames = (model: AnyModel, o: CheckVerdict): string[] =>
  o.result === 'violation' ? model.invariants.map((i) => i.name).filter((name) => o.violations.some((v) => v.name === name)) : [];

/** Every run's paths, each with the invariants it violates in any run (paths in first-seen order); undefined when the signal stopped it. */
async function attribute(model: AnyModel, runs: readonly Consts[], maxStates: number | undefined, run: RowSearch): Promise<Map<string, string[]> | undefined> {
  const byPath = new Map<string, Set<string>>();
  for (const consts of runs) {
    for (const path of enabledPaths(consts as DropConsts)) {
      const set = byPath.get(path) ?? new Set<string>();
      const outcome = await searchToEnd(onPath(model, path), attributionOptions(consts, maxStates), run);
      if (outcome === undefined) return undefined;
      for (const name of violatedNames(model, outcome)) set.add(name);
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

/**
 * One row per preset (every run's parameters validated before any search starts), computed one
 * after the other and yielding to the event loop: the signal stops it, keeping the rows done.
 */
export async function evaluateHistory(model: AnyModel, options: HistoryOptions & RowsRun<HistoryRow> = {}): Promise<PartialMatrix<HistoryRow>> {
  const raw = options.raw ?? {};
  if (options.preset !== undefined) applyPreset(model, options.preset, {}); // an unknown name: the one-line error that lists the presets
  const presets = (model.presets ?? []).filter((p) => options.preset === undefined || p.name === options.preset);
  if (presets.length === 0) throw new InputError(`matrix --history: model ${model.name} has no presets`);
  const typed = (c: Consts) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)]));
  const plans = presets.map((preset) => ({ preset, runs: historyRuns(preset).map((c) => resolveConsts(model, { ...typed(c), ...raw })) }));
  const rows: HistoryRow[] = [];
  const stopped = { rows, total: plans.length, interrupted: true };
  for (const [index, { preset, runs }] of plans.entries()) {
    const progress = { index, total: plans.length, name: preset.name };
    const { onProgress } = options;
    onProgress?.(progress);
    const run: RowSearch = { ...(options.signal ? { signal: options.signal } : {}), ...(onProgress ? { onProgress: (p: Progress) => onProgress(progress, p) } : {}) };
    const searches: (RowVerdicts & { consts: Consts })[] = [];
    for (const consts of runs) {
      const verdicts = await checkAll(model, consts, options.maxStates, run);
      if (verdicts === undefined) return stopped;
      searches.push({ consts, ...verdicts });
    }
    const byPath = await attribute(model, runs, options.maxStates, run);
    if (byPath === undefined) return stopped;
    const cells = matrixProperties(model).map((property, i) => combineCell(property, searches.map((s) => ({ cell: s.cells[i]!, consts: s.consts, cut: s.bound !== null }))));
    const cut = searches.find((s) => s.bound !== null);
    const consts = searches[0]!.consts;
    const row: HistoryRow = {
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
      byPath,
    };
    rows.push(row);
    options.onRow?.(row);
  }
  return { rows, total: plans.length, interrupted: false };
}

/** A row's distinct states: one count, or each job kind's when it ran two searches. */
export const historyDistinct = (r: MatrixRow): string => {
  const runs = (r as HistoryRow).runs;
  return runs.length === 1 ? fmt(r.stats.distinctStates) : runs.map((x) => fmt(x.stats.distinctStates)).join(' + ');
};

/** What the history rows leave implicit, printed under the table: which path violates what, and the job kinds. */
export const historyNotes = (rows: readonly HistoryRow[]): string[] => {
  const width = Math.max(...rows.map((r) => r.label.length));
  const out = ['', 'Teardown paths of each version and the invariants each violates (one search per path):'];
  for (const r of rows) {
    [...r.byPath].forEach(([path, names], i) => out.push(`  ${(i === 0 ? r.label : '').padEnd(width)}  ${path.padEnd(15)}  ${names.length === 0 ? 'none' : names.join(', ')}`));
  }
  const both = rows.filter((r) => r.runs.length > 1).map((r) => r.label);
  if (both.length > 0) out.push('', `Rows ${both.join(', ')} had snapshot-backfill jobs: each checks backfill + snapshot-backfill sinks (two searches, distinct states of each).`);
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
