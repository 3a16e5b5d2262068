import type { AnyModel } from './model.ts';

/** Undefined when `m` has the shape of a Model; otherwise what is wrong with it. */
export function isModel(m: unknown): string | undefined {
  if (m === undefined) return 'it has no default export (export default defineModel({...}))';
  if (typeof m !== 'object' || m === null) return 'its default export is not an object';
  const x = m as Partial<Record<keyof AnyModel, unknown>>;
  if (typeof x.name !== 'string' || x.name === '') return 'the model has no name';
  if (typeof x.init !== 'function') return 'the model has no init function';
  if (!Array.isArray(x.params)) return 'the model has no params list';
  if (!Array.isArray(x.actions) || x.actions.length === 0) return 'the model has no actions';
  if (!Array.isArray(x.invariants)) return 'the model has no invariants list';
  for (const a of x.actions as unknown[]) {
    const act = a as { name?: unknown; successors?: unknown };
    if (typeof act?.name !== 'string' || typeof act.successors !== 'function') return 'every action needs a name and a successors function';
  }
  for (const i of x.invariants as unknown[]) {
    const inv = i as { name?: unknown; check?: unknown };
    if (typeof inv?.name !== 'string' || typeof inv.check !== 'function') return 'every invariant needs a name and a check function';
  }
  for (const p of x.params as unknown[]) {
    const par = p as { name?: unknown; type?: unknown; default?: unknown };
    if (typeof par?.name !== 'string' || !['int', 'string', 'bool'].includes(par.type as string) || par.default === undefined) return 'every parameter needs a name, a type (int | string | bool) and a default';
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
