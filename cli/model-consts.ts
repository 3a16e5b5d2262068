// The parameters of a run as the command line gives them: `--preset NAME`, then `--const` on top.
import { applyPreset, parseConstAssignments, resolveConsts, type PresetAssignments } from '../checker/consts.ts';
import type { AnyModel, Consts } from '../checker/model.ts';

export interface RunConsts {
  readonly consts: Consts;
  readonly assignments: PresetAssignments;
}

export function runConsts(model: AnyModel, flags: { readonly const: readonly string[]; readonly preset?: string }): RunConsts {
  const assignments = applyPreset(model, flags.preset, parseConstAssignments(flags.const));
  return { consts: resolveConsts(model, assignments.raw), assignments };
}

/** The summary's note on a preset: which one, and each parameter a --const overrode. Empty without one. */
export function describePreset({ preset, overrides }: PresetAssignments): string[] {
  if (preset === undefined) return [];
  return [
    `Preset ${preset.name}: ${preset.description}`,
    ...overrides.map((o) => `  --const ${o.name}=${o.value} overrides the preset's ${o.name}=${String(o.presetValue)}`),
  ];
}
