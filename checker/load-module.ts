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
