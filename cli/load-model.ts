// Loading a model module named on the command line (`--spec FILE`) or the built-in one.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import type { AnyModel } from '../checker/model.ts';
import { InputError } from '../checker/errors.ts';
import { isModel, modelProblem } from '../checker/is-model.ts';

export interface LoadedModel {
  readonly model: AnyModel;
  /** The module path as the user gave it; undefined for the built-in model. */
  readonly spec?: string;
}

/** The built-in model: the drop / compaction / backfill protocol, checked like any other. */
export async function builtinModel(): Promise<AnyModel> {
  const model = (await import('../model/index.ts')).default as AnyModel;
  const problem = modelProblem(model);
  if (problem !== undefined) throw new Error(`the built-in model is malformed: ${problem}`);
  return model;
}

/** TypeScript or JavaScript, as an ES module or CommonJS. */
const MODULE_EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Imports `spec` (a model module) and returns its default export, checked to be a well-formed model. */
export async function loadModel(spec: string | undefined): Promise<LoadedModel> {
  if (spec === undefined) return { model: await builtinModel() };
  const path = resolve(spec);
  if (!existsSync(path)) throw new InputError(`--spec ${spec}: no such file`);
  if (!statSync(path).isFile()) throw new InputError(`--spec ${spec}: not a file`);
  if (!MODULE_EXTENSIONS.test(path)) throw new InputError(`--spec ${spec}: expected a model module (.ts, .mts, .cts, .js, .mjs or .cjs)`);
  let mod: { default?: unknown };
  try {
    mod = (await tsImport(path, import.meta.url)) as { default?: unknown };
  } catch (e) {
    throw new InputError(`--spec ${spec}: cannot load the module: ${firstErrorLine(e)}`);
  }
  const exported = defaultExport(mod);
  const problem = modelProblem(exported);
  if (problem !== undefined) throw new InputError(`--spec ${spec}: ${problem}`);
  return { model: exported as AnyModel, spec };
}

/**
 * The module's default export. A file compiled from ES module syntax to CommonJS (a `.ts` or
 * `.js` file outside a `"type": "module"` package, a `.cts`) arrives as its `exports` object,
 * marked `__esModule`, with its `export default` one level down (absent when it has none). A
 * CommonJS module proper (`module.exports = {...}`) is its own default export, unless it sets
 * `exports.default`.
 */
function defaultExport(mod: { default?: unknown }): unknown {
  const d = mod.default as { default?: unknown; __esModule?: boolean } | undefined;
  if (d === null || typeof d !== 'object') return d;
  if (Object.hasOwn(d, '__esModule') && d.__esModule === true) return d.default;
  // `exports.default = model` written by hand, without the marker.
  return Object.hasOwn(d, 'default') && isModel(d) !== undefined ? d.default : d;
}

/** The line of a load error that says what and where (esbuild puts it after a heading line). */
function firstErrorLine(e: unknown): string {
  const lines = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /ERROR:/.test(l)) ?? lines[0] ?? 'unknown error';
}
