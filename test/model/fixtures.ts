// Hand-built states of the protocol model for guard/effect tests: the initial state of n sinks
// with a cold cache, with the named variables replaced.
import { resolveConsts } from '../../checker/consts.ts';
import { deepFreeze, type Value } from '../../checker/value.ts';
import type { ActionSpec } from '../../checker/model.ts';
import model from '../../model/index.ts';
import type { DropConsts } from '../../model/params.ts';
import { initialStates, type Actor, type DropState } from '../../model/state.ts';

export function consts(raw: Record<string, string> = {}): DropConsts {
  return resolveConsts(model, raw) as unknown as DropConsts;
}

/** A frozen state: an action that mutated its input would throw. */
export function state(patch: Partial<DropState> = {}, sinks = 1): DropState {
  return deepFreeze({ ...initialStates(sinks)[0]!, ...patch } as unknown as Value) as unknown as DropState;
}

export const actor = (patch: Partial<Actor> = {}): Actor => ({ status: 'running', epoch: 0, pos: 0, hasRow: false, reason: '', ...patch });

export function action(name: string): ActionSpec<DropState, DropConsts> {
  const a = model.actions.find((x) => x.name === name);
  if (!a) throw new Error(`no action ${name}`);
  return a;
}

/** Every successor of `name` from `s`. */
export const successors = (name: string, s: DropState, c: DropConsts = consts()) => [...action(name).successors(s, c)];

/** The single successor of `name` from `s` (fails the test when there is not exactly one). */
export function only(name: string, s: DropState, c: DropConsts = consts()): DropState {
  const all = successors(name, s, c);
  if (all.length !== 1) throw new Error(`${name}: expected one successor, got ${all.length}`);
  return all[0]!.state;
}
