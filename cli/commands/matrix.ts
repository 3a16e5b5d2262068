// `dropcheck matrix`: every drop variant × compaction mode of the built-in protocol model, each
// checked to the end, as one table (variant × property). The evaluation returns rows; printing
// (table or JSON) and writing the counterexample files are separate steps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { check, checkAsync, type Bound, type CheckOptions, type CheckStats, type CheckVerdict, type Counterexample, type Progress } from '../../checker/check.ts';
import { search } from '../../checker/parallel/search.ts';
import { applyPreset, parseConstAssignments, resolveConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import type { AnyModel, ConstValue, Consts, TemporalProperty } from '../../checker/model.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { builtinModel, builtinModelModule } from '../load-model.ts';
import { collect, defaultWorkers, positiveInt, workersOption } from '../options.ts';
import { describeConsts } from '../describe.ts';
import { formatMatrixProgress, type MatrixRowProgress } from '../progress.ts';
import { statusLineFor } from '../status-line.ts';
import { assertWritableOutDir } from '../writable-path.ts';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { listenForInterrupts } from '../interrupt.ts';
import { compactionModes, compactorParams, dropVariants, teardownParams } from '../../model/params.ts';
import { recoveryParams } from '../../model/recovery-params.ts';
import { describePreset } from '../model-consts.ts';
import type { HistoryRow } from './matrix-history.ts';

/** A teardown path's, recovery's or the compactor's parameter at its default (off): the summary leaves it out, as before they existed. */
const atDefaultPath = (model: AnyModel, name: string, value: ConstValue): boolean =>
  ([...teardownParams, ...recoveryParams, ...compactorParams] as readonly string[]).includes(name) && model.params.find((p) => p.name === name)?.default === value;

/** The bounds every history row shares: the parameters no preset sets. */
const sharedBounds = (consts: Consts): Consts => Object.fromEntries(['sinks', 'rows', 'rateLimit', 'maxEpoch'].map((k) => [k, consts[k]!]));

/** `holds` only for a search no bound cut; `unknown` when the search was cut before a violation. */
export type Verdict = 'holds' | 'violated' | 'unknown';

export interface MatrixCell {
  readonly property: string;
  readonly verdict: Verdict;
  /** The first violation found, with its shortest trace. */
  readonly violation?: Counterexample;
  /** The parameters of the search that found the violation, when they are not the row's. */
  readonly consts?: Consts;
}

export interface MatrixRow {
  /** What the row is, as printed: `drop / compaction`, or a preset's name. */
  readonly label: string;
  /** Identifies the row in trace keys (`key/property`) and names its trace files (`/` becomes `.`). */
  readonly key: string;
  readonly drop: string;
  readonly compaction: string;
  readonly consts: Consts;
  readonly cells: readonly MatrixCell[];
  readonly stats: CheckStats;
  readonly bound: Bound | null;
  readonly boundDetail?: string;
}

export interface MatrixOptions {
  /** Parameter values as typed (`--const`); `drop` or `compaction` restricts that axis to one value. */
  readonly raw?: Readonly<Record<string, string>>;
  readonly maxStates?: number;
}

/** Whether a temporal property says anything under `consts`: one whose forAll has no value there holds vacuously. */
const quantifiesOver = (p: TemporalProperty, consts: Consts): boolean => p.forAll === undefined || [...p.forAll(consts)].length > 0;

/**
 * The properties of the matrix's columns: the model's invariants, Deadlock, then its temporal
 * properties, leaving out a temporal property that is vacuous in every row (`consts`: each row's).
 */
export const matrixProperties = (model: AnyModel, consts: readonly Consts[]): string[] => [
  ...model.invariants.map((i) => i.name),
  'Deadlock',
  ...(model.properties ?? []).filter((p) => consts.some((c) => quantifiesOver(p, c))).map((p) => p.name),
];

/** The variants the matrix checks, each with its parameter values, in row order. */
function matrixVariants(model: AnyModel, options: MatrixOptions): { drop: string; compaction: string; consts: Consts }[] {
  const raw = options.raw ?? {};
  resolveConsts(model, raw); // every --const value is validated before any search starts
  const drops = raw.drop !== undefined ? [raw.drop] : [...dropVariants];
  const modes = raw.compaction !== undefined ? [raw.compaction] : [...compactionModes];
  return drops.flatMap((drop) => modes.map((compaction) => ({ drop, compaction, consts: resolveConsts(model, { ...raw, drop, compaction }) })));
}

/** What each variant's search is asked: everything, continuing after violations. */
const rowOptions = (model: AnyModel, consts: Consts, options: MatrixOptions): CheckOptions => ({
  consts,
  continueAfterViolation: true,
  checkDeadlock: model.checkDeadlock ?? true,
  ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
});

/** A finished search's verdict per property, with its figures. */
function verdicts(model: AnyModel, consts: Consts, outcome: CheckVerdict): RowVerdicts {
  const violations = outcome.result === 'violation' ? outcome.violations : [];
  const cells = matrixProperties(model, [consts]).map((property): MatrixCell => {
    const violation = violations.find((v) => v.name === property);
    if (violation) return { property, verdict: 'violated', violation };
    // A temporal property has its own verdict (never holds for a cut search).
    const temporal = outcome.temporal?.results.find((r) => r.name === property);
    if (temporal) return { property, verdict: temporal.verdict };
    return { property, verdict: outcome.bound === null ? 'holds' : 'unknown' };
  });
  return { cells, stats: outcome.stats, bound: outcome.bound, ...(outcome.boundDetail !== undefined ? { boundDetail: outcome.boundDetail } : {}) };
}

/** What a search of the matrix is told besides its parameters: the signal that stops it, and progress. */
export interface RowSearch {
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

/** A search's verdict per property, with its figures. */
export type RowVerdicts = Pick<MatrixRow, 'cells' | 'stats' | 'bound' | 'boundDetail'>;

/**
 * One search to the end (continuing after violations) of `searched`, a copy of `model` with
 * invariants of its own added (the history matrix's per-path copies), yielding to the event loop
 * as it goes: `model`'s cells, and every violation the search found; undefined when the signal
 * stopped it.
 */
export async function checkAllOf(model: AnyModel, searched: AnyModel, consts: Consts, maxStates: number | undefined, run: RowSearch): Promise<(RowVerdicts & { violations: readonly Counterexample[] }) | undefined> {
  const outcome = await checkAsync(searched, {
    ...rowOptions(model, consts, maxStates !== undefined ? { maxStates } : {}),
    ...(run.signal ? { signal: run.signal } : {}),
    ...(run.onProgress ? { onProgress: run.onProgress } : {}),
  });
  if (outcome.result === 'interrupted') return undefined;
  return { ...verdicts(model, consts, outcome), violations: outcome.result === 'violation' ? outcome.violations : [] };
}

function matrixRow(model: AnyModel, variant: { drop: string; compaction: string; consts: Consts }, outcome: CheckVerdict): MatrixRow {
  return { label: `${variant.drop} / ${variant.compaction}`, key: `${variant.drop}/${variant.compaction}`, ...variant, ...verdicts(model, variant.consts, outcome) };
}

/** Checks each variant to the end (continuing after violations) and returns one row per variant. */
export function evaluateMatrix(model: AnyModel, options: MatrixOptions = {}): MatrixRow[] {
  return matrixVariants(model, options).map((v) => matrixRow(model, v, check(model, rowOptions(model, v.consts, options))));
}

export interface PartialMatrix<R extends MatrixRow = MatrixRow> {
  /** The rows finished, in order. */
  readonly rows: R[];
  /** The number of rows the whole matrix has. */
  readonly total: number;
  /** True when the signal stopped it: `rows` are those done before. */
  readonly interrupted: boolean;
}

/** How rows are computed one after the other: the signal that stops them, and who is told as they go. */
export interface RowsRun<R extends MatrixRow> {
  readonly signal?: AbortSignal;
  /** Called with each row as soon as it is done. */
  readonly onRow?: (row: R) => void;
  /** Told when each row starts (without `p`) and as its searches go on. */
  readonly onProgress?: (row: MatrixRowProgress, p?: Progress) => void;
}

/**
 * `evaluateMatrix`, yielding to the event loop as it goes; the signal stops it, keeping the rows
 * done. `onRow` is called with each row as soon as it is done.
 */
export async function evaluateMatrixAsync(model: AnyModel, options: MatrixOptions & RowsRun<MatrixRow> & {
  /** Workers of each row's search (default 1); the rows do not depend on their number. */
  readonly workers?: number;
}): Promise<PartialMatrix> {
  const variants = matrixVariants(model, options);
  const rows: MatrixRow[] = [];
  for (const [index, v] of variants.entries()) {
    const row = { index, total: variants.length, name: `${v.drop} / ${v.compaction}` };
    const { onProgress } = options;
    onProgress?.(row);
    const asked = {
      ...rowOptions(model, v.consts, options),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(onProgress ? { onProgress: (p: Progress) => onProgress(row, p) } : {}),
    };
    const outcome = await search(model, { ...asked, workers: options.workers ?? 1, modelModule: builtinModelModule });
    if (outcome.result === 'interrupted') return { rows, total: variants.length, interrupted: true };
    const done = matrixRow(model, v, outcome);
    rows.push(done);
    options.onRow?.(done);
  }
  return { rows, total: variants.length, interrupted: false };
}

/** The counterexample file of one cell: named by row (variant or preset) and property. */
export const matrixTracePath = (outDir: string, row: MatrixRow, property: string): string => join(outDir, `${row.key.replaceAll('/', '.')}.${property}.itf.json`);

/** Writes one ITF file per violated cell; returns the path of each, keyed `<row key>/property` (`drop/compaction/property`). */
export function writeMatrixTraces(model: AnyModel, rows: readonly MatrixRow[], outDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const violated = rows.flatMap((row) => row.cells.filter((c) => c.violation).map((c) => [row, c] as const));
  if (violated.length === 0) return files;
  try {
    mkdirSync(outDir, { recursive: true });
    for (const [row, cell] of violated) {
      const path = matrixTracePath(outDir, row, cell.property);
      const v = cell.violation!;
      writeFileAtomic(path, formatItf(traceToItf(v.trace, { model: model.name, params: cell.consts ?? row.consts, violation: v, producedBy: 'matrix', ...(v.loop !== undefined ? { loop: v.loop } : {}) })));
      files.set(`${row.key}/${cell.property}`, path);
    }
  } catch (e) {
    throw new InputError(`--out-dir ${outDir}: cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return files;
}

export const fmt = (n: number): string => n.toLocaleString('en-US');
// A row without a column's cell: the property is vacuous under that row's parameters.
const cellText = (c: MatrixCell | undefined): string => (c === undefined ? 'n/a' : c.verdict === 'violated' ? 'VIOLATED' : c.verdict === 'unknown' ? 'unknown (cut)' : 'holds');

/** The table as printed: one line per row, then the traces and what Deadlock means here. */
export function formatMatrix(rows: readonly MatrixRow[], properties: readonly string[], files: ReadonlyMap<string, string>, options: { rowHeading?: string; distinct?: (r: MatrixRow) => string } = {}): string[] {
  const header = [options.rowHeading ?? 'variant', ...properties, 'distinct states', 'time', 'search'];
  const body = rows.map((r) => [
    r.label,
    ...properties.map((p) => cellText(r.cells.find((c) => c.property === p))),
    options.distinct?.(r) ?? fmt(r.stats.distinctStates),
    `${(r.stats.durationMs / 1000).toFixed(2)} s`,
    r.bound === null ? 'complete' : `cut: ${r.bound}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const line = (cols: readonly string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const traces = rows.flatMap((r) => r.cells.filter((c) => c.violation).map((c) => {
    const file = files.get(`${r.key}/${c.property}`);
    const what = `${c.property} (${c.violation!.trace.length} states)`;
    return `  ${body[rows.indexOf(r)]![0]!.padEnd(widths[0]!)}  ${file ? `${what.padEnd(38)}  ${file}` : what}`.trimEnd();
  }));
  if (traces.length > 0) out.push('', 'Shortest counterexample of each violation:', ...traces);
  const cut = rows.filter((r) => r.bound !== null);
  if (cut.length > 0) out.push('', `Cut searches (${cut.map((r) => r.label).join(', ')}): "unknown" is no proof; ${cut[0]!.boundDetail ?? ''}`.trimEnd());
  out.push(
    '',
    'Deadlock: a state where no step but a stutter is enabled while work is owed (a barrier not committed, a',
    'notification not applied, a stopped drop not finished). With fail-task, retrying a failed compaction task',
    'changes nothing, so a sync that can never succeed leaves the barrier, hence the Stop and the drop, stuck:',
    'the checker reports it as a deadlock. An actor failure ends a behaviour unless recovery is modelled',
    '(recoveries > 0: then the system recovers by itself, a weakly fair step).',
    '',
    'The temporal properties (DropCompletes, BarrierProgress, CleanupCompletes) are checked over the whole state',
    'graph under the fairness `dropcheck list` shows (weak fairness on meta and node steps, none on DDL or on',
    'environment events): every started drop reaches dropped, every injected barrier commits, every torn-down',
    'table is cleaned up. They fail with fail-task (the stuck sync) and, without recovery, wherever an actor fails;',
    'a leak that only a node crash or a meta restart (environment events) would repair is reported too. The',
    'counterexample is a lasso.',
  );
  if (properties.includes('CompactionProgress')) {
    out.push(
      '',
      'CompactionProgress (compactor=on): the dedicated compactor does not fail forever on a registered table. Its',
      'task over committed SSTs fails on a table it cannot resolve; with writeStop, that stops every flush, so the',
      "barrier carrying a drop's Stop is never collected (#16511): a deadlock, and a lasso where the compactor fails forever.",
    );
  }
  return out;
}

/** The rows as JSON: verdicts, reasons, trace files and figures (no traces inline). */
export function matrixJson(rows: readonly MatrixRow[], files: ReadonlyMap<string, string>): unknown {
  return rows.map((r) => ({
    drop: r.drop,
    compaction: r.compaction,
    params: r.consts,
    distinctStates: r.stats.distinctStates,
    generatedStates: r.stats.generatedStates,
    depth: r.stats.depth,
    durationMs: r.stats.durationMs,
    bound: r.bound,
    cells: Object.fromEntries(r.cells.map((c) => [c.property, c.violation
      ? { verdict: c.verdict, reason: c.violation.reason, states: c.violation.trace.length, traceFile: files.get(`${r.key}/${c.property}`) ?? null }
      : { verdict: c.verdict }])),
  }));
}

interface MatrixFlags {
  const: string[];
  preset?: string;
  history?: boolean;
  outDir: string;
  maxStates?: number;
  json?: boolean;
  workers?: number;
}

export function registerMatrix(program: Command): void {
  const command = program
    .command('matrix')
    .description('check every drop variant × compaction mode of the protocol model (or, with --history, every version preset) and print the verdicts, row × property')
    .option('--history', 'one row per version preset (`dropcheck list`), each with every path its version had')
    .option('--preset <name>', 'start from a version preset (with --history: only its row); one that sets drop or compaction restricts the matrix to that value; --const overrides one parameter')
    .option('--const <name=value>', 'set a model parameter (repeatable); drop or compaction restricts the matrix to that value', collect, [])
    .option('--out-dir <dir>', 'directory for the counterexample of each violation', './dropcheck-traces')
    .option('--max-states <n>', 'stop each search after this many distinct states (its cells then read "unknown")', positiveInt)
    .option('--json', 'print the rows as one JSON array');
  workersOption(command)
    .action(async (flags: MatrixFlags) => {
      const model = await builtinModel();
      const raw = parseConstAssignments(flags.const);
      // Loaded only for --history: the presets' table is the history matrix's alone.
      const history = flags.history ? await import('./matrix-history.ts') : undefined;
      const assignments = history ? undefined : applyPreset(model, flags.preset, raw);
      resolveConsts(model, assignments?.raw ?? raw); // bad values first: they are the likelier mistake
      if (history && flags.preset !== undefined) applyPreset(model, flags.preset, {});
      assertWritableOutDir('--out-dir', flags.outDir);
      const interruption = listenForInterrupts();
      const status = statusLineFor(flags.json);
      // Each row's counterexample files are written as soon as it is done: an interrupted matrix keeps them.
      const files = new Map<string, string>();
      const run = {
        signal: interruption.signal,
        onRow: (row: MatrixRow) => writeMatrixTraces(model, [row], flags.outDir).forEach((path, key) => files.set(key, path)),
        ...(status ? { onProgress: (row: MatrixRowProgress, p?: Progress) => status.show(formatMatrixProgress(row, p), p === undefined) } : {}),
      };
      const bounds = flags.maxStates !== undefined ? { maxStates: flags.maxStates } : {};
      const done = history
        ? history.evaluateHistory(model, { raw, ...(flags.preset !== undefined ? { preset: flags.preset } : {}), ...bounds, ...run })
        : evaluateMatrixAsync(model, { raw: assignments!.raw, ...bounds, workers: flags.workers ?? defaultWorkers(), ...run });
      const { rows, total, interrupted } = await done.finally(() => { interruption.dispose(); status?.clear(); });
      if (history) {
        const historyRows = rows as HistoryRow[];
        if (flags.json) {
          console.log(JSON.stringify(history.historyJson(historyRows, files)));
        } else if (rows.length > 0) {
          console.log(`History matrix of ${model.name}: one row per RisingWave version ${describeConsts(sharedBounds(rows[0]!.consts))}`.trimEnd());
          for (const l of [...formatMatrix(rows, matrixProperties(model, rows.map((r) => r.consts)), files, { rowHeading: 'version', distinct: history.historyDistinct }), ...history.historyNotes(historyRows)]) console.log(l);
        }
      } else if (flags.json) {
        console.log(JSON.stringify(matrixJson(rows, files)));
      } else if (rows.length > 0) {
        const shared = Object.fromEntries(Object.entries(rows[0]!.consts).filter(([k]) => k !== 'drop' && k !== 'compaction' && !atDefaultPath(model, k, rows[0]!.consts[k]!)));
        console.log(`Verdict matrix of ${model.name} ${describeConsts(shared)}`.trimEnd());
        for (const line of describePreset(assignments!)) console.log(line);
        for (const l of formatMatrix(rows, matrixProperties(model, rows.map((r) => r.consts)), files)) console.log(l);
      }
      if (interrupted) {
        if (!flags.json && rows.length > 0) console.log('');
        const note = `Interrupted (${interruption.received}): ${rows.length} of ${total} rows done; the other ${history ? 'versions' : 'variants'} were not checked.`;
        if (flags.json) process.stderr.write(`dropcheck: ${note}\n`);
        else console.log(note);
        process.exitCode = interruption.exitCode;
        return;
      }
      process.exitCode = 0;
    });
}
