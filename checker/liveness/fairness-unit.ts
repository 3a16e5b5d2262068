// Which fairness constraint a step takes or enables: the one rule shared by the graph recorder
// (edge labels) and the lasso validation, so that both count the same units.
import type { ActionParams, ActionSpec } from '../model.ts';
import type { Value } from '../value.ts';
import { formatAction } from '../trace.ts';
import { fingerprintHex } from '../fingerprint.ts';

export interface UnitOfStep {
  /** Equal for steps of one unit, different otherwise. */
  readonly key: string;
  /** `WF(ReceiveBarrier(sink=s1, epoch=2))`. */
  readonly name: string;
  readonly kind: 'weak' | 'strong';
}

export function instanceText(instance: Value | undefined): string {
  if (instance === undefined) return '';
  return typeof instance === 'object' ? JSON.stringify(instance) : String(instance);
}

/** The fairness unit a step of `action` with `params` belongs to; undefined when it is under none. */
export function unitOfStep(action: ActionSpec<any, any>, params: ActionParams | undefined): UnitOfStep | undefined {
  const f = action.fairness;
  if (!f) return undefined;
  const tag = f.kind === 'weak' ? 'WF' : 'SF';
  if (f.instance) {
    const v = f.instance(params ?? {});
    if (v === undefined) return undefined;
    return { key: `${action.name}:${fingerprintHex(v)}`, name: `${tag}(${action.name}[${instanceText(v)}])`, kind: f.kind };
  }
  if (f.perInstance) {
    // The parameters' fingerprint names the instance whatever the order their record was built in.
    return { key: `${action.name}:${fingerprintHex(params ?? {})}`, name: `${tag}(${formatAction({ name: action.name, params: params ?? {} })})`, kind: f.kind };
  }
  return { key: action.name, name: `${tag}(${action.name})`, kind: f.kind };
}
