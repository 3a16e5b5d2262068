// Importing a model module by path, as `--spec` does and as each worker thread of a parallel
// search does: the same module, loaded the same way, gives the same model in every thread.
import { tsImport } from 'tsx/esm/api';
import { isModel } from './is-model.ts';

/** The module's default export (not yet checked to be a model); throws what the import threw. */
export async function importDefault(path: string): Promise<unknown> {
  const mod = (await tsImport(path, import.meta.url)) as { default?: unknown };
  return defaultExport(mod);
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
