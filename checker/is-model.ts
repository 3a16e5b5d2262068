// A model module is input: its default export is checked when it loads, so that a mistake in it
// is named at once (which parameter, which duplicate) rather than found, or not, mid-search.
import type { AnyModel, ConstValue } from './model.ts';

const PARAM_TYPES = ['int', 'string', 'bool'];
const TEMPORAL_KINDS = ['eventually', 'leadsTo', 'infinitelyOften', 'eventuallyAlways'];
const FAIRNESS_KINDS = ['weak', 'strong'];

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === 'object' && x !== null;
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Undefined when `m` has the shape of a Model; otherwise what is wrong with it. */
export function isModel(m: unknown): string | undefined {
  if (m === undefined) return 'it has no default export (export default defineModel({...}))';
  if (!isObject(m)) return 'its default export is not an object';
  const x = m as Partial<Record<keyof AnyModel, unknown>>;
  if (typeof x.name !== 'string' || x.name === '') return 'the model has no name';
  if (typeof x.init !== 'function') return 'the model has no init function';
  if (!Array.isArray(x.params)) return 'the model has no params list';
  if (!Array.isArray(x.actions) || x.actions.length === 0) return 'the model has no actions';
  if (!Array.isArray(x.invariants)) return 'the model has no invariants list';
  for (const a of x.actions as unknown[]) {
    if (!isObject(a) || typeof a.name !== 'string' || typeof a.successors !== 'function') return 'every action needs a name and a successors function';
  }
  for (const i of x.invariants as unknown[]) {
    if (!isObject(i) || typeof i.name !== 'string' || typeof i.check !== 'function') return 'every invariant needs a name and a check function';
  }
  for (const p of x.params as unknown[]) {
    if (!isObject(p) || typeof p.name !== 'string' || !PARAM_TYPES.includes(p.type as string) || p.default === undefined) return 'every parameter needs a name, a type (int | string | bool) and a default';
  }
  if (x.properties !== undefined && !Array.isArray(x.properties)) return 'properties must be a list';
  if (x.presets !== undefined) {
    if (!Array.isArray(x.presets)) return 'presets must be a list';
    for (const p of x.presets as unknown[]) {
      const pre = p as { name?: unknown; consts?: unknown };
      if (typeof pre?.name !== 'string' || typeof pre.consts !== 'object' || pre.consts === null) return 'every preset needs a name and a consts object';
    }
  }
  if (x.constraint !== undefined && typeof x.constraint !== 'function') return 'constraint must be a function';
  if (x.symmetry !== undefined && typeof x.symmetry !== 'function') return 'symmetry must be a function';
  if (x.symmetryIds !== undefined) {
    const ids = x.symmetryIds as { count?: unknown; signature?: unknown; rename?: unknown } | null;
    if (typeof ids?.count !== 'function' || typeof ids.signature !== 'function' || typeof ids.rename !== 'function') return 'symmetryIds needs count, signature and rename functions';
    if (x.symmetry === undefined) return 'symmetryIds describes the ids of `symmetry`, which the model must declare too';
  }
  return undefined;
}

/** Undefined when the model is well formed; otherwise one sentence naming what is wrong. */
export function modelProblem(m: unknown): string | undefined {
  const shape = isModel(m);
  if (shape !== undefined) return `not a model module: ${shape}`;
  const model = m as AnyModel;
  const where = `model ${model.name}`;
  const problem = propertyProblem(model) ?? actionProblem(model) ?? duplicateNames(model) ?? model.params.map(paramProblem).find((p) => p !== undefined);
  return problem === undefined ? undefined : `${where}: ${problem}`;
}

function duplicateNames(model: AnyModel): string | undefined {
  const lists: [string, readonly { name: string }[]][] = [
    ['parameter', model.params],
    ['action', model.actions],
    // Both are properties a run reports by name (and a trace file is named after): one namespace.
    ['invariant or property', [...model.invariants, ...(model.properties ?? [])]],
  ];
  for (const [what, items] of lists) {
    const seen = new Set<string>();
    for (const { name } of items) {
      if (seen.has(name)) return `two ${what === 'invariant or property' ? 'invariants or properties' : `${what}s`} are named ${show(name)}`;
      seen.add(name);
    }
  }
  return undefined;
}

/** Whether `v` is a value of the parameter type `type`. */
function ofType(type: string, v: unknown): v is ConstValue {
  if (type === 'int') return typeof v === 'number' && Number.isSafeInteger(v);
  if (type === 'bool') return typeof v === 'boolean';
  return typeof v === 'string';
}

function paramProblem(p: AnyModel['params'][number]): string | undefined {
  const it = `parameter ${show(p.name)}`;
  // `--const NAME=VALUE` splits at the first `=`, and consts are a plain object keyed by name.
  if (p.name === '' || /[=\s\p{Cc}]/u.test(p.name) || p.name === '__proto__') return `${it}: a parameter name must be non-empty, without "=", spaces or control characters, and not __proto__`;
  if (p.min !== undefined || p.max !== undefined) {
    if (p.type !== 'int') return `${it}: min and max apply to int parameters only`;
    for (const [k, b] of [['min', p.min], ['max', p.max]] as const) {
      if (b !== undefined && !Number.isSafeInteger(b)) return `${it}: its ${k} ${show(b)} is not an integer`;
    }
    if (p.min !== undefined && p.max !== undefined && p.min > p.max) return `${it}: its min ${p.min} is above its max ${p.max}`;
  }
  if (p.allowed !== undefined) {
    if (!Array.isArray(p.allowed) || p.allowed.length === 0) return `${it}: allowed must be a non-empty list`;
    const wrong = p.allowed.find((v) => !ofType(p.type, v));
    if (wrong !== undefined) return `${it}: its allowed value ${show(wrong)} is not of its type ${p.type}`;
  }
  if (!ofType(p.type, p.default)) return `${it}: its default ${show(p.default)} is not of its type ${p.type}`;
  if (p.min !== undefined && (p.default as number) < p.min) return `${it}: its default ${p.default} is below its min ${p.min}`;
  if (p.max !== undefined && (p.default as number) > p.max) return `${it}: its default ${p.default} is above its max ${p.max}`;
  if (p.allowed !== undefined && !p.allowed.includes(p.default)) return `${it}: its default ${show(p.default)} is not one of its allowed values`;
  return undefined;
}

function actionProblem(model: AnyModel): string | undefined {
  for (const a of model.actions) {
    if (a.params !== undefined && (!Array.isArray(a.params) || a.params.some((n) => typeof n !== 'string'))) return `action ${show(a.name)}: params must be a list of names`;
    if (a.fairness !== undefined && (!isObject(a.fairness) || !FAIRNESS_KINDS.includes(a.fairness.kind))) return `action ${show(a.name)}: fairness must be { kind: 'weak' | 'strong' }`;
    if (a.fairness?.perInstance !== undefined && typeof a.fairness.perInstance !== 'boolean') return `action ${show(a.name)}: fairness.perInstance must be a boolean`;
    if (a.fairness?.instance !== undefined && typeof a.fairness.instance !== 'function') return `action ${show(a.name)}: fairness.instance must be a function of the step's parameters`;
  }
  return undefined;
}

function propertyProblem(model: AnyModel): string | undefined {
  for (const raw of (model.properties ?? []) as unknown[]) {
    if (!isObject(raw) || typeof raw.name !== 'string') return 'every property needs a name';
    const it = `property ${show(raw.name)}`;
    if (!TEMPORAL_KINDS.includes(raw.kind as string)) return `${it}: kind must be one of ${TEMPORAL_KINDS.join(', ')}`;
    if (typeof raw.p !== 'function' || (raw.kind === 'leadsTo' && typeof raw.q !== 'function')) return `${it}: ${raw.kind === 'leadsTo' ? 'its predicates p and q must be functions' : 'its predicate p must be a function'}`;
    if (raw.forAll !== undefined && typeof raw.forAll !== 'function') return `${it}: forAll must be a function`;
  }
  return undefined;
}
