// Loading a model module named on the command line (`--spec FILE`) or the built-in one.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyModel } from '../checker/model.ts';
import { InputError } from '../checker/errors.ts';
import { modelProblem } from '../checker/is-model.ts';
import { importDefault } from '../checker/load-module.ts';

export interface LoadedModel {
  readonly model: AnyModel;
  /** The module path as the user gave it; undefined for the built-in model. */
  readonly spec?: string;
  /** The module's absolute path, from which worker threads load the same model. */
  readonly module: string;
}

/** The built-in model: the drop / compaction / backfill protocol, checked like any other. */
export async function builtinModel(): Promise<AnyModel> {
  const model = (await import('../model/index.ts')).default as AnyModel;
  const problem = modelProblem(model);
  if (problem !== undefined) throw new Error(`the built-in model is malformed: ${problem}`);
  return model;
}

/** The file of the built-in model, for worker threads to load it the way --spec loads a module. */
export const builtinModelModule = fileURLToPath(new URL('../model/index.ts', import.meta.url));

/** TypeScript or JavaScript, as an ES module or CommonJS. */
const MODULE_EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Imports `spec` (a model module) and returns its default export, checked to be a well-formed model. */
export async function loadModel(spec: string | undefined): Promise<LoadedModel> {
  if (spec === undefined) return { model: await builtinModel(), module: builtinModelModule };
  const path = resolve(spec);
  if (!existsSync(path)) throw new InputError(`--spec ${spec}: no such file`);
  if (!statSync(path).isFile()) throw new InputError(`--spec ${spec}: not a file`);
  if (!MODULE_EXTENSIONS.test(path)) throw new InputError(`--spec ${spec}: expected a model module (.ts, .mts, .cts, .js, .mjs or .cjs)`);
  let exported: unknown;
  try {
    exported = await importDefault(path);
  } catch (e) {
    throw new InputError(`--spec ${spec}: cannot load the module: ${firstErrorLine(e)}`);
  }
  const problem = modelProblem(exported);
  if (problem !== undefined) throw new InputError(`--spec ${spec}: ${problem}`);
  return { model: exported as AnyModel, spec, module: path };
}

/** The line of a load error that says what and where (esbuild puts it after a heading line). */
function firstErrorLine(e: unknown): string {
  const lines = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /ERROR:/.test(l)) ?? lines[0] ?? 'unknown error';
}
