// `dropcheck matrix`: every drop variant × compaction mode of the built-in protocol model, each
// checked to the end, as one table (variant × property). The evaluation returns rows; printing
// (table or JSON) and writing the counterexample files are separate steps.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { check, type Bound, type CheckStats, type Counterexample } from '../../checker/check.ts';
import { parseConstAssignments, resolveConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import type { AnyModel, Consts } from '../../checker/model.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { builtinModel } from '../load-model.ts';
import { collect, positiveInt } from '../options.ts';
import { describeConsts } from '../describe.ts';
import { compactionModes, dropVariants } from '../../model/params.ts';

/** `holds` only for a search no bound cut; `unknown` when the search was cut before a violation. */
export type Verdict = 'holds' | 'violated' | 'unknown';

export interface MatrixCell {
  readonly property: string;
  readonly verdict: Verdict;
  /** The first violation found, with its shortest trace. */
  readonly violation?: Counterexample;
}

export interface MatrixRow {
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

/** The properties of the matrix's columns: the model's invariants, Deadlock, then its temporal properties. */
export const matrixProperties = (model: AnyModel): string[] => [...model.invariants.map((i) => i.name), 'Deadlock', ...(model.properties ?? []).map((p) => p.name)];

/** Checks each variant to the end (continuing after violations) and returns one row per variant. */
export function evaluateMatrix(model: AnyModel, options: MatrixOptions = {}): MatrixRow[] {
  const raw = options.raw ?? {};
  resolveConsts(model, raw); // every --const value is validated before any search starts
  const drops = raw.drop !== undefined ? [raw.drop] : [...dropVariants];
  const modes = raw.compaction !== undefined ? [raw.compaction] : [...compactionModes];
  const rows: MatrixRow[] = [];
  for (const drop of drops) {
    for (const compaction of modes) {
      const consts = resolveConsts(model, { ...raw, drop, compaction });
      const outcome = check(model, {
        consts,
        continueAfterViolation: true,
        checkDeadlock: model.checkDeadlock ?? true,
        ...(options.maxStates !== undefined ? { maxStates: options.maxStates } : {}),
      });
      const violations = outcome.result === 'violation' ? outcome.violations : [];
      const cells = matrixProperties(model).map((property): MatrixCell => {
        const violation = violations.find((v) => v.name === property);
        if (violation) return { property, verdict: 'violated', violation };
        // A temporal property has its own verdict (never holds for a cut search).
        const temporal = outcome.temporal?.results.find((r) => r.name === property);
        if (temporal) return { property, verdict: temporal.verdict };
        return { property, verdict: outcome.bound === null ? 'holds' : 'unknown' };
      });
      rows.push({ drop, compaction, consts, cells, stats: outcome.stats, bound: outcome.bound, ...(outcome.boundDetail !== undefined ? { boundDetail: outcome.boundDetail } : {}) });
    }
  }
  return rows;
}

/** The counterexample file of one cell: named by variant and property. */
export const matrixTracePath = (outDir: string, row: MatrixRow, property: string): string => join(outDir, `${row.drop}.${row.compaction}.${property}.itf.json`);

/** Writes one ITF file per violated cell; returns the path of each, keyed `drop/compaction/property`. */
export function writeMatrixTraces(model: AnyModel, rows: readonly MatrixRow[], outDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const violated = rows.flatMap((row) => row.cells.filter((c) => c.violation).map((c) => [row, c] as const));
  if (violated.length === 0) return files;
  try {
    mkdirSync(outDir, { recursive: true });
    for (const [row, cell] of violated) {
      const path = matrixTracePath(outDir, row, cell.property);
      const v = cell.violation!;
      writeFileSync(path, formatItf(traceToItf(v.trace, { model: model.name, params: row.consts, violation: v, producedBy: 'matrix', ...(v.loop !== undefined ? { loop: v.loop } : {}) })));
      files.set(`${row.drop}/${row.compaction}/${cell.property}`, path);
    }
  } catch (e) {
    throw new InputError(`--out-dir ${outDir}: cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return files;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const cellText = (c: MatrixCell): string => (c.verdict === 'violated' ? 'VIOLATED' : c.verdict === 'unknown' ? 'unknown (cut)' : 'holds');

/** The table as printed: one line per variant, then the traces and what Deadlock means here. */
export function formatMatrix(rows: readonly MatrixRow[], properties: readonly string[], files: ReadonlyMap<string, string>): string[] {
  const header = ['variant', ...properties, 'distinct states', 'time', 'search'];
  const body = rows.map((r) => [
    `${r.drop} / ${r.compaction}`,
    ...r.cells.map(cellText),
    fmt(r.stats.distinctStates),
    `${(r.stats.durationMs / 1000).toFixed(2)} s`,
    r.bound === null ? 'complete' : `cut: ${r.bound}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const line = (cols: readonly string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const traces = rows.flatMap((r) => r.cells.filter((c) => c.violation).map((c) => {
    const file = files.get(`${r.drop}/${r.compaction}/${c.property}`);
    const what = `${c.property} (${c.violation!.trace.length} states)`;
    return `  ${body[rows.indexOf(r)]![0]!.padEnd(widths[0]!)}  ${file ? `${what.padEnd(38)}  ${file}` : what}`.trimEnd();
  }));
  if (traces.length > 0) out.push('', 'Shortest counterexample of each violation:', ...traces);
  const cut = rows.filter((r) => r.bound !== null);
  if (cut.length > 0) out.push('', `Cut searches (${cut.map((r) => `${r.drop} / ${r.compaction}`).join(', ')}): "unknown" is no proof; ${cut[0]!.boundDetail ?? ''}`.trimEnd());
  out.push(
    '',
    'Deadlock: a state where no step but a stutter is enabled while work is owed (a barrier not committed, a',
    'notification not applied, a stopped drop not finished). With fail-task, retrying a failed compaction task',
    'changes nothing, so a sync that can never succeed leaves the barrier, hence the Stop and the drop, stuck:',
    'the checker reports it as a deadlock. An actor failure ends a behaviour (recovery is outside the model).',
    '',
    'DropCompletes and BarrierProgress are temporal properties, checked over the whole state graph under the',
    'fairness `dropcheck list` shows (weak fairness on meta and node steps, none on DROP): every started drop',
    'reaches dropped, every injected barrier commits. They fail with fail-task (the stuck sync) and wherever an',
    'actor fails (only a recovery, which nothing guarantees, would resume it); the counterexample is a lasso.',
  );
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
      ? { verdict: c.verdict, reason: c.violation.reason, states: c.violation.trace.length, traceFile: files.get(`${r.drop}/${r.compaction}/${c.property}`) ?? null }
      : { verdict: c.verdict }])),
  }));
}

interface MatrixFlags {
  const: string[];
  outDir: string;
  maxStates?: number;
  json?: boolean;
}

export function registerMatrix(program: Command): void {
  program
    .command('matrix')
    .description('check every drop variant × compaction mode of the protocol model and print the verdicts, variant × property')
    .option('--const <name=value>', 'set a model parameter (repeatable); drop or compaction restricts the matrix to that value', collect, [])
    .option('--out-dir <dir>', 'directory for the counterexample of each violation', './dropcheck-traces')
    .option('--max-states <n>', 'stop each search after this many distinct states (its cells then read "unknown")', positiveInt)
    .option('--json', 'print the rows as one JSON array')
    .action(async (flags: MatrixFlags) => {
      const model = await builtinModel();
      const raw = parseConstAssignments(flags.const);
      const rows = evaluateMatrix(model, { raw, ...(flags.maxStates !== undefined ? { maxStates: flags.maxStates } : {}) });
      const files = writeMatrixTraces(model, rows, flags.outDir);
      if (flags.json) {
        console.log(JSON.stringify(matrixJson(rows, files)));
      } else {
        const shared = Object.fromEntries(Object.entries(rows[0]!.consts).filter(([k]) => k !== 'drop' && k !== 'compaction'));
        console.log(`Verdict matrix of ${model.name} ${describeConsts(shared)}`.trimEnd());
        for (const l of formatMatrix(rows, matrixProperties(model), files)) console.log(l);
      }
      process.exitCode = 0;
    });
}
