import type { ActionSpec, AnyModel, Consts, State, Successor } from './model.ts';

export interface LabelledSuccessor {
  readonly action: ActionSpec<any, any>;
  readonly successor: Successor<State>;
}

/** Every successor of `state`, action by action in the model's order. Not for the inner loop. */
export function allSuccessors(model: AnyModel, state: State, consts: Consts): LabelledSuccessor[] {
  const out: LabelledSuccessor[] = [];
  for (const action of model.actions) {
    for (const successor of action.successors(state, consts)) out.push({ action, successor });
  }
  return out;
}
