// Reading a trace file: file text -> a validated trace, or one InputError line saying where it
// went wrong (a JSON path). The file is data only: it is parsed, never evaluated or imported.
import { readFileSync, statSync } from 'node:fs';
import type { ConstValue, State } from '../checker/model.ts';
import type { ActionLabel, PropertyViolation, TraceStep } from '../checker/trace.ts';
import { InputError } from '../checker/errors.ts';
import { kindOf, type Value } from '../checker/value.ts';
import { fromItf, ItfValueError, setField } from './itf-value.ts';
import { jsonErrorOffset } from './json-syntax.ts';
import { printable } from './printable.ts';

/** Larger files are refused before they are read: a counterexample is never that long. */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;
/** Deeper JSON is refused: no state value nests this deep, and recursion must stay bounded. */
const MAX_NESTING = 500;

export interface TraceInfo {
  /** The model that produced the trace (dropcheck traces), absent in foreign traces. */
  readonly model?: string;
  /** The model module the trace came from, when it was not the built-in model. */
  readonly spec?: string;
  readonly params?: Readonly<Record<string, ConstValue>>;
  readonly violation?: PropertyViolation;
  /** The tool that wrote the trace (`dropcheck`, `Quint`, a .qnt file, …), when it says. */
  readonly source?: string;
  /** Free text the writer attached (Quint and Apalache write a description). */
  readonly description?: string;
  /** What the writer says the trace shows (Quint: `violation`, `ok`, …). */
  readonly status?: string;
  /** The dropcheck command that wrote the trace (`check`, `matrix`, `simulate`). */
  readonly producedBy?: string;
}

export interface LoadedTrace {
  readonly meta: TraceInfo;
  readonly vars: readonly string[];
  readonly states: readonly State[];
  /** The action that produced each state: undefined for the first, and for traces without actions. */
  readonly actions: readonly (ActionLabel | undefined)[];
  /** Lasso-shaped traces: the index of the state the last one loops back to. */
  readonly loop?: number;
}

/** The trace as the engine's steps (what validateTrace re-executes). */
export function traceSteps(t: LoadedTrace): TraceStep[] {
  return t.states.map((state, i) => {
    const action = t.actions[i];
    return action ? { action, state } : { state };
  });
}

/** Reads and validates the trace file at `path`. */
export function readTraceFile(path: string): LoadedTrace {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`${path}: not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > MAX_TRACE_BYTES) throw new InputError(`${path}: ${size} bytes is larger than the ${MAX_TRACE_BYTES / 1024 / 1024} MiB a trace file may have`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseTrace(text, path);
}

/** Parses and validates trace text; `source` names it in messages. */
export function parseTrace(text: string, source = 'trace'): LoadedTrace {
  // Messages quote the file's keys and values: escaped, they stay one printable line.
  const fail = (msg: string): never => { throw new InputError(printable(`${source}: ${msg}`)); };
  if (text.length > MAX_TRACE_BYTES) fail(`larger than the ${MAX_TRACE_BYTES / 1024 / 1024} MiB a trace may have`);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    fail(`not JSON: ${describeJsonError(text, (e as Error).message)}`);
  }
  const deep = tooDeep(json);
  if (deep) fail(`${deep}: nested deeper than ${MAX_NESTING} levels`);
  try {
    return decodeTrace(json);
  } catch (e) {
    if (e instanceof ItfValueError) fail(e.message);
    if (e instanceof TraceShapeError) fail(e.message);
    throw e;
  }
}

class TraceShapeError extends Error {}

const isObject = (j: unknown): j is Record<string, unknown> => typeof j === 'object' && j !== null && !Array.isArray(j);

function decodeTrace(json: unknown): LoadedTrace {
  const bad = (path: string, msg: string): never => { throw new TraceShapeError(`${path}: ${msg}`); };
  if (!isObject(json)) bad('$', `expected an ITF trace object with "vars" and "states", found ${jsonKind(json)}`);
  const doc = json as Record<string, unknown>;
  for (const k of Object.keys(doc)) {
    if (!['#meta', 'params', 'vars', 'states', 'loop'].includes(k)) bad(`$.${k}`, 'not a field of an ITF trace (#meta, params, vars, states, loop)');
  }
  const vars = stringList(doc.vars, '$.vars', bad, true);
  const params = doc.params === undefined ? [] : stringList(doc.params, '$.params', bad, false);
  if (!Array.isArray(doc.states)) bad('$.states', `expected an array of states, found ${jsonKind(doc.states)}`);
  const rawStates = doc.states as unknown[];
  if (rawStates.length === 0) bad('$.states', 'a trace needs at least one state');
  const meta = decodeMeta(doc['#meta'], bad);
  const allowed = new Set(['#meta', ...vars, ...params]);
  const states: State[] = [];
  const actions: (ActionLabel | undefined)[] = [];
  rawStates.forEach((raw, i) => {
    const path = `$.states[${i}]`;
    if (!isObject(raw)) bad(path, `expected a state object, found ${jsonKind(raw)}`);
    const st = raw as Record<string, unknown>;
    for (const k of Object.keys(st)) if (!allowed.has(k)) bad(`${path}.${k}`, 'not one of the trace\'s vars');
    const state: Record<string, Value> = {};
    for (const v of vars) {
      if (!Object.hasOwn(st, v)) bad(path, `variable ${v} is missing`);
      setField(state, v, fromItf(st[v], `${path}.${v}`));
    }
    states.push(state);
    actions.push(decodeAction(st['#meta'], `${path}.#meta`, i, bad) ?? (i > 0 ? quintAction(state) : undefined));
  });
  let loop: number | undefined;
  if (doc.loop !== undefined) {
    if (!Number.isSafeInteger(doc.loop) || (doc.loop as number) < 0 || (doc.loop as number) >= states.length) bad('$.loop', `expected a state index 0..${states.length - 1}`);
    loop = doc.loop as number;
  }
  return { meta, vars, states, actions, ...(loop !== undefined ? { loop } : {}) };
}

type Bad = (path: string, msg: string) => never;

function stringList(j: unknown, path: string, bad: Bad, unique: boolean): string[] {
  if (!Array.isArray(j)) bad(path, `expected an array of names, found ${jsonKind(j)}`);
  const list = j as unknown[];
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (typeof x !== 'string' || x === '' || x.startsWith('#')) bad(`${path}[${i}]`, 'expected a variable name');
    if (unique && seen.has(x as string)) bad(`${path}[${i}]`, `${x} is listed twice`);
    seen.add(x as string);
  });
  return list as string[];
}

function optionalString(j: Record<string, unknown>, key: string, path: string, bad: Bad): string | undefined {
  const v = j[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') bad(`${path}.${key}`, `expected a string, found ${jsonKind(v)}`);
  return v as string;
}

function decodeMeta(j: unknown, bad: Bad): TraceInfo {
  if (j === undefined) return {};
  if (!isObject(j)) bad('$.#meta', `expected an object, found ${jsonKind(j)}`);
  const m = j as Record<string, unknown>;
  const out: { -readonly [K in keyof TraceInfo]: TraceInfo[K] } = {};
  const model = optionalString(m, 'model', '$.#meta', bad);
  if (model !== undefined) out.model = model;
  const spec = optionalString(m, 'spec', '$.#meta', bad);
  if (spec !== undefined) out.spec = spec;
  const src = optionalString(m, 'source', '$.#meta', bad);
  if (src !== undefined) out.source = src;
  const description = optionalString(m, 'description', '$.#meta', bad);
  if (description !== undefined) out.description = description;
  const status = optionalString(m, 'status', '$.#meta', bad);
  if (status !== undefined) out.status = status;
  const producedBy = optionalString(m, 'producedBy', '$.#meta', bad);
  if (producedBy !== undefined) out.producedBy = producedBy;
  if (m.params !== undefined) {
    if (!isObject(m.params)) bad('$.#meta.params', `expected an object of parameter values, found ${jsonKind(m.params)}`);
    const params: Record<string, ConstValue> = {};
    for (const [k, v] of Object.entries(m.params as Record<string, unknown>)) {
      const ok = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v));
      if (!ok) bad(`$.#meta.params.${k}`, `expected a string, boolean or integer within 2^53, found ${jsonKind(v)}`);
      Object.defineProperty(params, k, { value: v as ConstValue, enumerable: true });
    }
    out.params = params;
  }
  if (m.violation !== undefined) {
    const v = m.violation;
    if (!isObject(v)) bad('$.#meta.violation', `expected {kind, name, reason}, found ${jsonKind(v)}`);
    const vv = v as Record<string, unknown>;
    if (vv.kind !== 'invariant' && vv.kind !== 'deadlock' && vv.kind !== 'liveness') bad('$.#meta.violation.kind', 'expected "invariant", "deadlock" or "liveness"');
    for (const k of ['name', 'reason']) if (typeof vv[k] !== 'string') bad(`$.#meta.violation.${k}`, 'expected a string');
    out.violation = { kind: vv.kind as PropertyViolation['kind'], name: vv.name as string, reason: vv.reason as string };
  }
  return out;
}

function decodeAction(j: unknown, path: string, index: number, bad: Bad): ActionLabel | undefined {
  if (j === undefined) return undefined;
  if (!isObject(j)) bad(path, `expected an object, found ${jsonKind(j)}`);
  const m = j as Record<string, unknown>;
  if (m.action === undefined) {
    if (m.actionParams !== undefined) bad(`${path}.actionParams`, 'parameters without an action');
    return undefined;
  }
  if (typeof m.action !== 'string' || m.action === '') bad(`${path}.action`, 'expected an action name');
  if (index === 0) bad(`${path}.action`, 'the first state is initial: no action produces it');
  let params: Record<string, Value> = {};
  if (m.actionParams !== undefined) {
    const p = fromItf(m.actionParams, `${path}.actionParams`);
    if (kindOf(p) !== 'rec' || !isObject(p)) bad(`${path}.actionParams`, 'expected a record of parameter values');
    params = p as Record<string, Value>;
  }
  return { name: m.action as string, params };
}

/**
 * The action of a state of a Quint trace written with `--mbt`: Quint records it in the variables
 * `mbt::actionTaken` and `mbt::nondetPicks` (a record of Some/None variants), not in `#meta`.
 */
function quintAction(state: Readonly<Record<string, Value>>): ActionLabel | undefined {
  const name = state['mbt::actionTaken'];
  if (typeof name !== 'string' || name === '') return undefined;
  const picks = state['mbt::nondetPicks'];
  const params: Record<string, Value> = {};
  if (kindOf(picks) === 'rec' && isObject(picks)) {
    for (const [k, v] of Object.entries(picks as Record<string, Value>)) {
      const variant = v as { tag?: unknown; value?: Value };
      if (isObject(variant) && variant.tag === 'Some' && variant.value !== undefined) setField(params, k, variant.value);
    }
  }
  return { name, params };
}

function jsonKind(j: unknown): string {
  if (j === null) return 'null';
  if (Array.isArray(j)) return 'an array';
  if (typeof j === 'object') return 'an object';
  if (j === undefined) return 'nothing';
  return `${typeof j === 'string' ? 'the string' : typeof j === 'number' ? 'the number' : 'the boolean'} ${JSON.stringify(j).slice(0, 40)}`;
}

/** The path of the first place nested deeper than MAX_NESTING, found without recursion. */
function tooDeep(json: unknown): string | undefined {
  const stack: [unknown, number, string][] = [[json, 0, '$']];
  while (stack.length > 0) {
    const [j, depth, path] = stack.pop()!;
    if (typeof j !== 'object' || j === null) continue;
    if (depth >= MAX_NESTING) return path;
    if (Array.isArray(j)) j.forEach((x, i) => { if (typeof x === 'object' && x !== null) stack.push([x, depth + 1, `${path}[${i}]`]); });
    else for (const [k, x] of Object.entries(j)) if (typeof x === 'object' && x !== null) stack.push([x, depth + 1, `${path}.${k}`]);
  }
  return undefined;
}

/** JSON.parse's message, with the line and column where the text first goes wrong. */
function describeJsonError(text: string, message: string): string {
  const firstLine = message.split('\n')[0]!.replace(/\s*in JSON at position \d+.*$/, '');
  const pos = jsonErrorOffset(text);
  if (pos === undefined) return firstLine;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${firstLine} (line ${line}, column ${col})`;
}
