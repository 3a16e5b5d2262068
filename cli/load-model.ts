// Loading a model module named on the command line (`--spec FILE`) or the built-in one.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import type { AnyModel } from '../checker/model.ts';
import { InputError } from '../checker/errors.ts';
import { isModel } from '../checker/is-model.ts';

export interface LoadedModel {
  readonly model: AnyModel;
  /** The module path as the user gave it; undefined for the built-in model. */
  readonly spec?: string;
}

/** The built-in model: the drop / compaction / backfill protocol. */
export async function builtinModel(): Promise<AnyModel> {
  return (await import('../model/index.ts')).default as AnyModel;
}

/** Imports `spec` (a .ts or .js module) and returns its default export, checked to be a model. */
export async function loadModel(spec: string | undefined): Promise<LoadedModel> {
  if (spec === undefined) return { model: await builtinModel() };
  const path = resolve(spec);
  if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`--spec ${spec}: no such file`);
  if (!/\.(ts|mts|js|mjs)$/.test(path)) throw new InputError(`--spec ${spec}: expected a .ts or .js model module`);
  let mod: { default?: unknown };
  try {
    // tsImport compiles the module as ESM whatever the nearest package.json says, so a model
    // file works from any folder.
    mod = (await tsImport(path, import.meta.url)) as { default?: unknown };
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
    throw new InputError(`--spec ${spec}: cannot load the module: ${msg}`);
  }
  const problem = isModel(mod.default);
  if (problem !== undefined) throw new InputError(`--spec ${spec}: not a model module: ${problem}`);
  return { model: mod.default as AnyModel, spec };
}
