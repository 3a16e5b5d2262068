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
  if (!existsSync(path)) throw new InputError(`--spec ${spec}: no such file`);
  if (!statSync(path).isFile()) throw new InputError(`--spec ${spec}: not a file`);
  if (!/\.(ts|mts|cts|js|mjs|cjs)$/.test(path)) throw new InputError(`--spec ${spec}: expected a .ts or .js model module (.mts .cts .mjs .cjs too)`);
  let mod: { default?: unknown };
  try {
    mod = (await tsImport(path, import.meta.url)) as { default?: unknown };
  } catch (e) {
    throw new InputError(`--spec ${spec}: cannot load the module: ${firstErrorLine(e)}`);
  }
  const exported = defaultExport(mod);
  const problem = isModel(exported);
  if (problem !== undefined) throw new InputError(`--spec ${spec}: not a model module: ${problem}`);
  return { model: exported as AnyModel, spec };
}

/**
 * The module's default export. A file outside a `"type": "module"` package is compiled as
 * CommonJS, and its `export default` then arrives one level down, as `default.default`.
 */
function defaultExport(mod: { default?: unknown }): unknown {
  const d = mod.default as { default?: unknown; __esModule?: boolean } | undefined;
  if (d !== null && typeof d === 'object' && 'default' in d && isModel(d) !== undefined) return d.default;
  return d;
}

/** The line of a load error that says what and where (esbuild puts it after a heading line). */
function firstErrorLine(e: unknown): string {
  const lines = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /ERROR:/.test(l)) ?? lines[0] ?? 'unknown error';
}
