// The model's fairness declarations as constraint units over the recorded edge labels.
import type { EdgeLabel } from './graph-recorder.ts';
import type { FairnessConstraints, FairnessUnit } from './fairness.ts';

/** One unit per distinct fairness key among the labels. */
export function modelFairness(labels: readonly EdgeLabel[]): FairnessConstraints {
  const units: FairnessUnit[] = [];
  const byKey = new Map<string, number>();
  const labelUnit = new Int32Array(labels.length).fill(-1);
  labels.forEach(({ unit }, id) => {
    if (!unit) return;
    let u = byKey.get(unit.key);
    if (u === undefined) { u = units.length; units.push({ kind: unit.kind, name: unit.name }); byKey.set(unit.key, u); }
    labelUnit[id] = u;
  });
  return { units, labelUnit };
}
