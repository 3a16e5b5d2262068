import type { AnyModel, ConstValue, Consts, ParamSpec, Preset } from './model.ts';
import { InputError } from './errors.ts';

/** Describes the values a parameter accepts, for messages and `list`. */
export function describeAllowed(p: ParamSpec): string {
  if (p.allowed) return p.allowed.map(String).join(' | ');
  if (p.type === 'bool') return 'true | false';
  if (p.type === 'int') {
    const lo = p.min ?? Number.MIN_SAFE_INTEGER;
    const hi = p.max ?? Number.MAX_SAFE_INTEGER;
    return p.min !== undefined && p.max !== undefined ? `${lo}..${hi}` : p.min !== undefined ? `>= ${lo}` : p.max !== undefined ? `<= ${hi}` : 'any integer';
  }
  return 'any string';
}

function parseValue(p: ParamSpec, raw: string): ConstValue {
  let v: ConstValue;
  if (p.type === 'int') {
    if (!/^-?\d+$/.test(raw.trim())) throw new InputError(`--const ${p.name}=${raw}: not an integer (allowed: ${describeAllowed(p)})`);
    v = Number(raw);
    if (!Number.isSafeInteger(v)) throw new InputError(`--const ${p.name}=${raw}: integer out of range`);
    if ((p.min !== undefined && v < p.min) || (p.max !== undefined && v > p.max)) throw new InputError(`--const ${p.name}=${raw}: out of range (allowed: ${describeAllowed(p)})`);
  } else if (p.type === 'bool') {
    if (raw !== 'true' && raw !== 'false') throw new InputError(`--const ${p.name}=${raw}: not a boolean (allowed: true | false)`);
    v = raw === 'true';
  } else {
    v = raw;
  }
  if (p.allowed && !p.allowed.includes(v)) throw new InputError(`--const ${p.name}=${raw}: not allowed (allowed: ${describeAllowed(p)})`);
  return v;
}

/**
 * A map from names the user typed to values. Without a prototype, `__proto__`, `constructor` or
 * `toString` are keys like any other (then unknown parameters), never inherited or the prototype.
 */
const nameMap = (): Record<string, string> => Object.create(null) as Record<string, string>;

/** Splits `NAME=VALUE` strings; a malformed one is an InputError. */
export function parseConstAssignments(assignments: readonly string[]): Record<string, string> {
  const out = nameMap();
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new InputError(`--const ${a}: expected NAME=VALUE`);
    const name = a.slice(0, eq);
    if (Object.hasOwn(out, name)) throw new InputError(`--const ${name} is given twice (${name}=${out[name]} and ${a})`);
    out[name] = a.slice(eq + 1);
  }
  return out;
}

/** The model's defaults overridden by `raw` (values as typed on the command line), validated. */
export function resolveConsts(model: AnyModel, raw: Readonly<Record<string, string>> = {}): Consts {
  const known = new Map(model.params.map((p) => [p.name, p]));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) {
      const names = model.params.map((p) => p.name).join(', ') || 'none';
      throw new InputError(`--const ${name}: model ${model.name} has no parameter ${name} (parameters: ${names})`);
    }
  }
  const consts: Record<string, ConstValue> = {};
  for (const p of model.params) {
    const r = Object.hasOwn(raw, p.name) ? raw[p.name] : undefined;
    consts[p.name] = r === undefined ? p.default : parseValue(p, r);
  }
  return Object.freeze(consts);
}

/** Like resolveConsts, for values already typed (from a trace file or an API caller). */
export function validateConsts(model: AnyModel, given: Readonly<Record<string, unknown>>): Consts {
  const raw = nameMap();
  for (const [k, v] of Object.entries(given)) {
    if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') throw new InputError(`parameter ${k}: ${JSON.stringify(v)} is not a number, string or boolean`);
    raw[k] = String(v);
  }
  return resolveConsts(model, raw);
}

/** One parameter a `--const` set to another value than the preset did. */
export interface PresetOverride {
  readonly name: string;
  readonly presetValue: ConstValue;
  readonly value: string;
}

export interface PresetAssignments {
  /** The preset's values (as typed) overridden by the given ones: input for resolveConsts. */
  readonly raw: Readonly<Record<string, string>>;
  readonly preset?: Preset;
  readonly overrides: readonly PresetOverride[];
}

/** `--preset NAME` (none when undefined), then `raw` (`--const` values) on top of it. */
export function applyPreset(model: AnyModel, presetName: string | undefined, raw: Readonly<Record<string, string>>): PresetAssignments {
  if (presetName === undefined) return { raw, overrides: [] };
  const presets = model.presets ?? [];
  const preset = presets.find((p) => p.name === presetName);
  if (preset === undefined) throw new InputError(`--preset ${presetName}: model ${model.name} has no preset ${presetName} (presets: ${presets.map((p) => p.name).join(', ') || 'none'})`);
  const fromPreset = Object.fromEntries(Object.entries(preset.consts).map(([k, v]) => [k, String(v)]));
  const overrides = Object.keys(raw).filter((k) => Object.hasOwn(preset.consts, k) && fromPreset[k] !== raw[k]).map((name) => ({ name, presetValue: preset.consts[name]!, value: raw[name]! }));
  return { raw: { ...fromPreset, ...raw }, preset, overrides };
}
