// The model's fairness declarations as constraint units over the recorded edge labels.
import type { AnyModel } from '../model.ts';
import { formatAction } from '../trace.ts';
import type { EdgeLabel } from './graph-recorder.ts';
import type { FairnessConstraints, FairnessUnit } from './fairness.ts';

/** One unit per fair action, or per instance seen for per-instance fairness. */
export function modelFairness(model: AnyModel, labels: readonly EdgeLabel[]): FairnessConstraints {
  const units: FairnessUnit[] = [];
  const labelUnit = new Int32Array(labels.length).fill(-1);
  labels.forEach((label, id) => {
    const action = model.actions[label.action]!;
    const fairness = action.fairness;
    if (!fairness) return;
    // A per-instance action's edges all carry instance labels; its whole-action label is unused.
    if (fairness.perInstance && label.params === undefined) return;
    const what = label.params === undefined ? action.name : formatAction({ name: action.name, params: label.params });
    units.push({ kind: fairness.kind, name: `${fairness.kind === 'weak' ? 'WF' : 'SF'}(${what})` });
    labelUnit[id] = units.length - 1;
  });
  return { units, labelUnit };
}

/** Per action: whether its edges are labelled by instance. */
export const perInstanceActions = (model: AnyModel): boolean[] => model.actions.map((a) => a.fairness?.perInstance === true);
